package org.hotline.console;

import java.time.Instant;
import org.hotline.link.entry.Draft;
import org.hotline.link.entry.MessageId;

/**
 * A FLASH draft under two-person release: written by one person, queued only once a second person
 * with the {@link Permission#RELEASE} permission approves it.
 *
 * @param id increasing number; 0 before it is stored
 * @param decidedBy who approved or rejected it; null while pending
 * @param reason why it was rejected; empty otherwise
 * @param messageId the message it became once released; null before
 */
public record PendingRelease(
    long id,
    Draft draft,
    String draftedBy,
    Instant draftedAt,
    State state,
    String decidedBy,
    Instant decidedAt,
    String reason,
    MessageId messageId) {
  public enum State {
    PENDING,
    RELEASED,
    REJECTED
  }

  public PendingRelease {
    reason = reason == null ? "" : reason;
  }

  /**
   * Whether the message went out without a second person, with a token named an automated sender
   * ({@link Releases#recordBypass}): the only release whose drafter also decided it, which two
   * people never can.
   */
  public boolean bypassed() {
    return state == State.RELEASED && draftedBy.equals(decidedBy);
  }
}
