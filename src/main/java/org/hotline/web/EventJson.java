package org.hotline.web;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.hotline.console.PersonalAlert;
import org.hotline.event.Event;
import org.hotline.event.Published;
import org.hotline.link.entry.EntryCodec;
import org.hotline.link.health.LinkBlocks;

/**
 * The JSON form of a node event, as {@code GET /api/v1/events} sends it: {@code {"id", "type",
 * "at", "data"}}, the type a dotted name and the data flat plain values (strings, numbers), each
 * event's fields as docs/operations.md and the OpenAPI document list them. The one place that names
 * events and gives their fields. Immutable.
 *
 * @param id the bus's id for the event, also the SSE event id
 * @param type the event's name, also the SSE event name
 */
public record EventJson(long id, String type, Instant at, Map<String, Object> data) {
  public static EventJson of(Published published) {
    Event event = published.event();
    return new EventJson(published.id(), type(event), published.at(), data(event));
  }

  /** The event's name: {@code message.received}, {@code link.down}, {@code security.alarm}… */
  public static String type(Event event) {
    return switch (event) {
      case Event.MessageReceived received -> "message.received";
      case Event.MessageAnswered answered -> "message.answered";
      case Event.LinkTestReceived test -> "link.test";
      case Event.CrisisChanged changed -> "crisis.changed";
      case Event.DeadlineMissRecorded missed -> "deadline.missed";
      case Event.LinkReceipt receipt -> "link.receipt";
      case Event.SecurityAlarmRaised alarm -> "security.alarm";
      case Event.LinkStateChanged changed ->
          "link." + changed.state().name().toLowerCase(Locale.ROOT);
      case Event.LinkBlocked blocked -> "link.blocked";
      case Event.LinkUnblocked unblocked -> "link.unblocked";
      case Event.DeadlineAlarm alarm -> alarm.alert().type();
      case Event.LinkEscalated escalated -> escalated.alert().type();
      case Event.CommitmentOverdue overdue -> overdue.alert().type();
      case Event.NotificationFailed failed -> "notify.failed";
      case Event.LinkNotificationFailed failed -> "notify.failed";
      case Event.CommitmentNotificationFailed failed -> "notify.failed";
      case Event.ReleaseChanged release -> "console.release";
      case Event.PersonalAlertPosted posted -> "alert.posted";
      case Event.PersonalAlertAcknowledged acknowledged -> "alert.acknowledged";
    };
  }

  /** The event's fields, in a fixed order, as plain values. */
  static Map<String, Object> data(Event event) {
    Map<String, Object> data = new LinkedHashMap<>();
    switch (event) {
      case Event.MessageReceived received -> {
        data.put("id", received.id().toString());
        data.put("from", received.from().value());
        data.put("precedence", received.precedence().name());
        data.put("status", received.status().name());
        data.put("subject", received.subject());
      }
      case Event.MessageAnswered answered -> {
        data.put("id", answered.message().toString());
        data.put("kind", answered.kind().name());
        data.put("by", answered.by());
        data.put("from", answered.from().value());
      }
      case Event.CrisisChanged changed -> {
        data.put("peer", changed.peer().value());
        data.put("objects", changed.objects());
        data.put("by_peer", changed.byPeer());
      }
      case Event.LinkTestReceived test -> {
        data.put("peer", test.peer().value());
        data.put("number", test.number());
        data.put("seq", test.seq());
      }
      case Event.DeadlineMissRecorded missed -> {
        data.put("type", "deadline.missed");
        data.put("node", missed.node().value());
        data.put("side", "receiving");
        data.put("peer", missed.peer().value());
        data.put("message", missed.message().toString());
        data.put("deadline", EntryCodec.timestamp(missed.deadline()));
        data.put("raised_at", EntryCodec.timestamp(missed.raisedAt()));
      }
      case Event.LinkReceipt receipt -> {
        data.put("peer", receipt.peer().value());
        data.put("delivered_up_to", receipt.deliveredUpTo());
      }
      case Event.SecurityAlarmRaised alarm -> {
        data.put("peer", alarm.event().peer());
        data.put("kind", alarm.event().kindName());
        data.put("detail", alarm.event().detail());
      }
      case Event.LinkStateChanged changed -> {
        data.put("peer", changed.peer().value());
        data.put("previous", changed.previous().name());
        data.put("rtt_ms", changed.rttMillis().orElse(-1));
      }
      case Event.LinkBlocked blocked -> {
        block(data, blocked.peer().value(), blocked.block());
        data.put("since", blocked.block().since().toString());
      }
      case Event.LinkUnblocked unblocked ->
          block(data, unblocked.peer().value(), unblocked.ended());
      case Event.DeadlineAlarm alarm -> data.putAll(alarm.alert().fields());
      case Event.LinkEscalated escalated -> data.putAll(escalated.alert().fields());
      case Event.CommitmentOverdue overdue -> data.putAll(overdue.alert().fields());
      case Event.NotificationFailed failed -> {
        data.put("notification", failed.notification().id());
        data.put("message", failed.notification().message().toString());
        data.put("kind", failed.notification().kind().event());
        data.put("target", failed.notification().target());
        data.put("attempts", failed.notification().attempts());
        data.put("error", failed.notification().lastError());
      }
      case Event.LinkNotificationFailed failed -> {
        data.put("peer", failed.alert().peer().value());
        data.put("kind", failed.alert().type());
        data.put("level", failed.alert().level());
        data.put("target", failed.target().key());
        data.put("attempts", failed.attempts());
        data.put("error", failed.error());
      }
      case Event.CommitmentNotificationFailed failed -> {
        data.put("peer", failed.alert().peer().value());
        data.put("commitment", failed.alert().commitment().toString());
        data.put("kind", failed.alert().type());
        data.put("level", failed.alert().level());
        data.put("target", failed.target().key());
        data.put("attempts", failed.attempts());
        data.put("error", failed.error());
      }
      case Event.ReleaseChanged release -> {
        data.put("release", release.release());
        data.put("state", release.state().name());
      }
      case Event.PersonalAlertPosted posted -> personalAlert(data, posted.alert());
      case Event.PersonalAlertAcknowledged acknowledged -> {
        personalAlert(data, acknowledged.alert());
        data.put("by", acknowledged.by());
      }
    }
    return Collections.unmodifiableMap(data);
  }

  private static void block(Map<String, Object> data, String peer, LinkBlocks.Block block) {
    data.put("peer", peer);
    data.put("direction", block.direction().name());
    data.put("problem", block.problem());
    data.put("detail", block.detail());
  }

  private static void personalAlert(Map<String, Object> data, PersonalAlert alert) {
    data.put("alert", alert.id());
    data.put("notification", alert.notification());
    data.put("addressee", alert.addressee());
    data.put("type", alert.type());
    data.put("message", alert.message().toString());
    data.put("precedence", alert.precedence().name());
  }
}
