package org.hotline.web.console;

import java.time.Instant;
import org.hotline.link.MessageRecord;

/**
 * When an answer to a message is due, as the console shows it: the precedence's default
 * acknowledgement deadline from the time the message was received (inbox) or accepted (outbox).
 * Pure.
 */
final class Deadlines {
  private Deadlines() {}

  static Instant of(MessageRecord message) {
    return message.acceptedAt().plus(message.draft().precedence().defaultAckDeadline());
  }

  /** Unanswered past its deadline. */
  static boolean overdue(MessageRecord message, Instant now) {
    return message.answer() == null && now.isAfter(of(message));
  }
}
