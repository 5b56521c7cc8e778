package org.hotline.link;

import java.time.Instant;
import org.hotline.identity.PartyId;

/**
 * A message as this node holds it, for the API and CLI.
 *
 * @param cursor an opaque position for paging listings
 * @param seq its sequence number in the direction log, or 0 while still queued
 * @param receiptSize the size of the receipt that proves its delivery, or 0
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
    Instant readAt) {}
