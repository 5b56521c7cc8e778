package org.hotline.link.entry;

import java.time.Instant;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;

/** A message as it stands in the record: the draft, its id, its creation time and its place. */
public record MessageEntry(LogOrigin log, long seq, MessageId id, Instant created, Draft draft)
    implements Entry {

  public PartyId from() {
    return log.writer();
  }

  public PartyId to() {
    return log.reader();
  }

  @Override
  public Entry withSeq(long newSeq) {
    return new MessageEntry(log, newSeq, id, created, draft);
  }
}
