package org.hotline.link.entry;

import java.time.Instant;
import org.hotline.identity.LogOrigin;

/**
 * The sender's statement, on the record, that a message it sent was neither acknowledged nor
 * declined by its deadline: "we asked, and by this time held no answer". It stands in the same log
 * as the message (sender → receiver), so it is signed by the sender's checkpoint and receipted by
 * the receiver like the message itself. Together with a decline entry and the receipts, it lets a
 * reader tell "refused" (a decline), "ignored" (delivered, then this entry) and "never received"
 * (this entry with no receipt covering the message) apart.
 *
 * @param id this entry's own id (UUIDv7)
 * @param created when the sender's node recorded the miss
 * @param message the message whose deadline passed, an earlier entry of the same log
 * @param precedence the message's precedence, which set the deadline
 * @param deadline the acknowledgement deadline that passed
 */
public record DeadlineMissedEntry(
    LogOrigin log,
    long seq,
    MessageId id,
    Instant created,
    MessageId message,
    Precedence precedence,
    Instant deadline)
    implements Entry {

  public DeadlineMissedEntry {
    if (message == null || precedence == null || deadline == null || created == null) {
      throw new org.hotline.InvalidInputException(
          "entry", "a deadline-missed entry names its message, precedence and deadline");
    }
  }

  @Override
  public Entry withSeq(long newSeq) {
    return new DeadlineMissedEntry(log, newSeq, id, created, message, precedence, deadline);
  }
}
