package org.hotline.link;

/**
 * Stores security events with two bounds, so that a misbehaving peer retrying every few seconds
 * cannot fill the disk: the evidence of one event is capped, and an event identical in peer, kind
 * and detail to one among the recent ones is not stored again.
 */
public final class Alarms {
  /** A full batch is about 5 MiB; the first 256 KiB of it identify the offending entries. */
  static final int EVIDENCE_CHARS_MAX = 256 * 1024;

  /** How many recent events are searched for a repeat. */
  static final int REPEAT_WINDOW = 100;

  private Alarms() {}

  /**
   * Stores {@code event} (evidence capped) unless it repeats a recent one; returns whether it was
   * stored.
   */
  public static boolean record(LinkStore store, SecurityEvent event) {
    boolean repeat =
        store.securityEvents(REPEAT_WINDOW).stream()
            .anyMatch(
                e ->
                    e.kindName().equals(event.kindName())
                        && e.peer().equals(event.peer())
                        && e.detail().equals(event.detail()));
    if (repeat) {
      return false;
    }
    String evidence = event.evidence();
    if (evidence.length() > EVIDENCE_CHARS_MAX) {
      evidence =
          evidence.substring(0, EVIDENCE_CHARS_MAX)
              + "\n[evidence cut at "
              + EVIDENCE_CHARS_MAX
              + " of "
              + event.evidence().length()
              + " characters]";
    }
    SecurityEvent stored =
        new SecurityEvent(
            event.at(), event.peer(), event.kind(), event.detail(), evidence, event.kindName());
    store.write(
        writes -> {
          writes.putSecurityEvent(stored);
          return null;
        });
    return true;
  }
}
