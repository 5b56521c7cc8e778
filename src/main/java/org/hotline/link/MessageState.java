package org.hotline.link;

/**
 * Where a message stands. Outgoing: QUEUED (stored, not yet in the log) → SENT (sequenced and on
 * the wire) → DELIVERED (the peer's receipt covers it). Incoming: RECEIVED.
 */
public enum MessageState {
  QUEUED,
  SENT,
  DELIVERED,
  RECEIVED
}
