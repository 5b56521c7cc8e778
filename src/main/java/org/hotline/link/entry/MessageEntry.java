package org.hotline.link.entry;

import java.time.Instant;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;

/**
 * A message as it stands in the record: the draft, its id, its creation time and its place.
 *
 * @param seen the size of the other direction's log its sending node had received when it accepted
 *     the message (docs/protocol.md §3.1, format 3), or {@link #SEEN_UNKNOWN} for a message written
 *     in an earlier format, which does not say
 */
public record MessageEntry(
    LogOrigin log, long seq, MessageId id, Instant created, Draft draft, long seen)
    implements Entry {

  /** The {@code seen} of a message whose entry does not carry it (formats 1 and 2). */
  public static final long SEEN_UNKNOWN = -1;

  public MessageEntry {
    if (seen < SEEN_UNKNOWN) {
      throw new IllegalArgumentException("a message's seen is a size or unknown, not " + seen);
    }
  }

  /** A message that does not say what its sender had seen. */
  public MessageEntry(LogOrigin log, long seq, MessageId id, Instant created, Draft draft) {
    this(log, seq, id, created, draft, SEEN_UNKNOWN);
  }

  public PartyId from() {
    return log.writer();
  }

  public PartyId to() {
    return log.reader();
  }

  /** Whether the entry says what its sender had seen. */
  public boolean seenKnown() {
    return seen != SEEN_UNKNOWN;
  }

  @Override
  public Entry withSeq(long newSeq) {
    return new MessageEntry(log, newSeq, id, created, draft, seen);
  }
}
