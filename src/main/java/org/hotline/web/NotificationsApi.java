package org.hotline.web;

import io.javalin.http.Context;
import java.util.List;
import org.hotline.InvalidInputException;
import org.hotline.watch.Notification;
import org.hotline.watch.Watch;

/**
 * {@code GET /api/v1/notifications}: the reminders and escalations sent to webhooks, mailboxes and
 * hooks, newest first, with their outcome, so that a notifier that fails is seen. Thread-safe.
 */
final class NotificationsApi {
  private final Watch watch;

  NotificationsApi(Watch watch) {
    this.watch = watch;
  }

  /** One notification; {@code kind} is the alert type, e.g. {@code deadline.escalation}. */
  record Item(
      long id,
      String message,
      String kind,
      String side,
      Integer level,
      Integer loop,
      String target,
      java.time.Instant raisedAt,
      String status,
      int attempts,
      java.time.Instant nextAttemptAt,
      String lastError,
      java.time.Instant updatedAt) {
    static Item of(Notification n) {
      return new Item(
          n.id(),
          n.message().toString(),
          n.kind().event(),
          n.side().wire(),
          n.level(),
          n.loop(),
          n.target(),
          n.raisedAt(),
          n.status().name(),
          n.attempts(),
          n.nextAttemptAt(),
          n.lastError(),
          n.updatedAt());
    }
  }

  record Page(List<Item> notifications) {}

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
    ctx.json(new Page(watch.notifications(limit).stream().map(Item::of).toList()));
  }
}
