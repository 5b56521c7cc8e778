package org.hotline.link.entry;

import org.hotline.link.SecurityEvent;

/**
 * An entry of a direction log that its reader stored byte-for-byte, under the writer's signed root,
 * but could not interpret: it does not decode under its declared format version (or declares a
 * version or kind the reader does not implement), names another log or another place, or repeats
 * the id of another entry. It changes no message; it stays in the record, and both sides raise an
 * {@link SecurityEvent.Kind#UNINTERPRETABLE_ENTRY} alarm. See docs/protocol.md §14.
 *
 * @param seq the entry's place in its log
 * @param reason why it could not be interpreted, at most {@link #REASON_CHARS_MAX} characters
 */
public record UninterpretableEntry(long seq, String reason) {
  /**
   * A reason names one problem in a sentence (decoding errors clip the values they quote); a longer
   * one, from a peer, is cut so that it cannot fill a console or a log line.
   */
  public static final int REASON_CHARS_MAX = 300;

  public UninterpretableEntry {
    if (seq < 1) {
      throw new IllegalArgumentException("an entry's place is at least 1, not " + seq);
    }
    reason = clip(reason == null ? "" : reason);
  }

  private static String clip(String reason) {
    return reason.length() <= REASON_CHARS_MAX
        ? reason
        : reason.substring(0, REASON_CHARS_MAX - 1) + "…";
  }
}
