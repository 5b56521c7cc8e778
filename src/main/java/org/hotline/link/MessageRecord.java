package org.hotline.link;

import java.time.Instant;
import org.hotline.identity.PartyId;

/**
 * A message as this node holds it, for the API and CLI.
 *
 * @param cursor an opaque position for paging listings
 * @param seq its sequence number in the direction log, or 0 while still queued
 * @param receiptSize the size of the receipt that proves its delivery, or 0
 * @param deadline when an acknowledgement is due: creation time plus the link's deadline for its
 *     precedence; null for messages stored before deadlines existed
 * @param deadlineMissedAt when the sender put on the record that the deadline passed without an
 *     answer (a {@link DeadlineMissedEntry}), or null
 */
public record MessageRecord(
    long cursor,
    MessageId id,
    PartyId from,
    PartyId to,
    long seq,
    Instant created,
    Draft draft,
    MessageState state,
    Instant acceptedAt,
    Instant sentAt,
    Instant deliveredAt,
    long receiptSize,
    MessageAnswer answer,
    Instant readAt,
    Instant deadline,
    Instant deadlineMissedAt) {

  /**
   * Nobody has acknowledged or declined it and its deadline has passed: ACK OVERDUE. Reading it
   * does not count as an answer.
   */
  public boolean overdue(Instant now) {
    return answer == null && deadline != null && !now.isBefore(deadline);
  }
}
