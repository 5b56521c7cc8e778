package org.hotline.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.hotline.InvalidInputException;
import org.hotline.Json;
import org.hotline.console.Actor;
import org.hotline.console.PersonalAlert;
import org.hotline.console.PersonalAlertStore;
import org.hotline.console.PersonalAlerts;
import org.hotline.console.User;

/**
 * {@code /api/v1/alerts}: the reminders and escalations addressed to console users and roles
 * (personal alerts), with who they address, who saw and who acknowledged them; and acknowledging
 * one on a person's behalf (a wall display, a pager bridge). Thread-safe.
 */
final class AlertsApi {
  private static final ObjectMapper JSON = Json.mapper();

  private final PersonalAlerts alerts;

  AlertsApi(PersonalAlerts alerts) {
    this.alerts = alerts;
  }

  /**
   * One personal alert.
   *
   * @param addressee {@code user NAME} or {@code role ROLE}
   * @param addressed the active users it addresses now
   * @param standing whether its message is still unanswered (it shows for whoever has not
   *     acknowledged it)
   */
  record Item(
      long id,
      long notification,
      String addressee,
      String type,
      String side,
      String peer,
      String message,
      String precedence,
      String status,
      Integer level,
      Integer loop,
      Instant deadline,
      Instant raisedAt,
      Instant postedAt,
      boolean standing,
      List<String> addressed,
      List<Receipt> receipts) {}

  /** When one person was first shown the alert, and when they acknowledged it (null: not yet). */
  record Receipt(String username, Instant seenAt, Instant acknowledgedAt) {}

  record Page(List<Item> alerts) {}

  /** The body of an acknowledgement: the username of the person acknowledging. */
  record AckRequest(String by) {}

  /** {@code GET /api/v1/alerts?limit=N&before=ID}: newest first. */
  void list(Context ctx) {
    String text = ctx.queryParam("limit");
    int limit;
    try {
      limit = text == null ? MessagesApi.PAGE_LIMIT_DEFAULT : Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new InvalidInputException("limit", "limit must be a whole number");
    }
    if (limit < 1 || limit > MessagesApi.PAGE_LIMIT_MAX) {
      throw new InvalidInputException("limit", "limit must be 1 to " + MessagesApi.PAGE_LIMIT_MAX);
    }
    String before = ctx.queryParam("before");
    long beforeId;
    try {
      beforeId = before == null ? Long.MAX_VALUE : Long.parseLong(before);
    } catch (NumberFormatException e) {
      throw new InvalidInputException("before", "before must be an alert number");
    }
    ctx.json(new Page(alerts.page(beforeId, limit).stream().map(this::item).toList()));
  }

  /**
   * {@code POST /api/v1/alerts/{id}/ack} with {@code {"by": USERNAME}}: that person acknowledges
   * the alert. Bad input (not a number, an unknown alert or user, someone it does not address, a
   * second acknowledgement) is a problem document and stores nothing.
   */
  void acknowledge(Context ctx) throws IOException {
    long id = id(ctx);
    byte[] body = ctx.bodyAsBytes();
    if (body.length == 0) {
      throw new InvalidInputException("by", "send {\"by\": USERNAME}, the person acknowledging");
    }
    AckRequest request = JSON.readValue(body, AckRequest.class);
    if (request == null || request.by() == null) {
      throw new InvalidInputException("by", "send {\"by\": USERNAME}, the person acknowledging");
    }
    try {
      User.checkUsername(request.by());
    } catch (InvalidInputException e) {
      throw new InvalidInputException("by", "by: " + e.getMessage());
    }
    alerts.acknowledge(id, request.by(), new Actor(request.by(), "api " + ctx.ip()));
    ctx.json(item(alerts.find(id)));
  }

  private static long id(Context ctx) {
    try {
      long id = Long.parseLong(ctx.pathParam("id"));
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new InvalidInputException("id", "not an alert number: '" + ctx.pathParam("id") + "'");
  }

  private Item item(PersonalAlertStore.Listed listed) {
    PersonalAlert alert = listed.alert();
    return new Item(
        alert.id(),
        alert.notification(),
        alert.addressee(),
        alert.type(),
        alert.side(),
        alert.peer().value(),
        alert.message().toString(),
        alert.precedence().name(),
        alert.status().name(),
        alert.level(),
        alert.loop(),
        alert.deadline(),
        alert.raisedAt(),
        alert.postedAt(),
        !listed.messageAnswered(),
        alerts.addressed(alert),
        listed.receipts().stream()
            .map(r -> new Receipt(r.username(), r.seenAt(), r.acknowledgedAt()))
            .toList());
  }
}
