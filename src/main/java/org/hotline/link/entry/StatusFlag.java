package org.hotline.link.entry;

import org.hotline.InvalidInputException;

/**
 * Whether an entry is real, a drill or a test (as in OASIS CAP), so a drill is never read as real.
 */
public enum StatusFlag {
  ACTUAL,
  EXERCISE,
  TEST;

  /** The name in upper case, as documented (docs/protocol.md §3.1): {@code "flash"} is refused. */
  public static StatusFlag parse(String text) {
    if (text == null) {
      return ACTUAL;
    }
    try {
      return valueOf(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "status", "unknown status '" + Precedence.clip(text) + "': use ACTUAL, EXERCISE or TEST");
    }
  }
}
