package org.hotline.link.entry;

import java.time.Duration;
import org.hotline.InvalidInputException;

/**
 * How urgent a message is. The dispatcher sequences higher precedence first; each precedence has a
 * default acknowledgement deadline, agreed per link.
 */
public enum Precedence {
  FLASH(0, Duration.ofMinutes(10)),
  IMMEDIATE(1, Duration.ofMinutes(30)),
  PRIORITY(2, Duration.ofHours(3)),
  ROUTINE(3, Duration.ofHours(6));

  private final int rank;
  private final Duration defaultAckDeadline;

  Precedence(int rank, Duration defaultAckDeadline) {
    this.rank = rank;
    this.defaultAckDeadline = defaultAckDeadline;
  }

  /** 0 is the most urgent; the outbox orders by rank, then by submission. */
  public int rank() {
    return rank;
  }

  public Duration defaultAckDeadline() {
    return defaultAckDeadline;
  }

  /** The name in upper case, as documented (docs/protocol.md §3.1): {@code "flash"} is refused. */
  public static Precedence parse(String text) {
    if (text == null) {
      throw new InvalidInputException(
          "precedence", "precedence is required: FLASH, IMMEDIATE, PRIORITY or ROUTINE");
    }
    try {
      return valueOf(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "precedence",
          "unknown precedence '" + clip(text) + "': use FLASH, IMMEDIATE, PRIORITY or ROUTINE");
    }
  }

  public static Precedence ofRank(int rank) {
    for (Precedence p : values()) {
      if (p.rank == rank) {
        return p;
      }
    }
    throw new IllegalArgumentException("no precedence of rank " + rank);
  }

  static String clip(String text) {
    return text.length() > 32 ? text.substring(0, 32) + "…" : text;
  }
}
