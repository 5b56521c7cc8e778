package org.hotline.link.entry;

import java.time.Instant;
import org.hotline.identity.LogOrigin;

/**
 * A signed link test on the record, sent at a fixed interval (hourly by default, as on the
 * Moscow–Washington link), so that either side can later prove the line was up. Unlike heartbeats,
 * which only measure the link, these are entries: signed, receipted and kept.
 *
 * @param number which interval this test stands for: seconds since the epoch divided by the
 *     interval, so a missing number shows a missed test
 */
public record LinkTestEntry(LogOrigin log, long seq, MessageId id, Instant created, long number)
    implements Entry {
  @Override
  public Entry withSeq(long newSeq) {
    return new LinkTestEntry(log, newSeq, id, created, number);
  }
}
