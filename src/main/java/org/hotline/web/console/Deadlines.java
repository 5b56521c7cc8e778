package org.hotline.web.console;

import java.time.Instant;
import org.hotline.link.MessageRecord;

/**
 * When an answer to a message is due, as the console shows it: the deadline the node stored with
 * the message (creation plus the link's deadline for its precedence), or, for a message stored
 * before deadlines existed, the precedence's default from the time it was received or accepted.
 * Pure.
 */
final class Deadlines {
  private Deadlines() {}

  static Instant of(MessageRecord message) {
    if (message.deadline() != null) {
      return message.deadline();
    }
    return message.acceptedAt().plus(message.draft().precedence().defaultAckDeadline());
  }

  /** Unanswered at or past its deadline. */
  static boolean overdue(MessageRecord message, Instant now) {
    return message.answer() == null && !now.isBefore(of(message));
  }
}
