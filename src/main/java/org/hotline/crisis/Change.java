package org.hotline.crisis;

import java.util.Comparator;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.ChangeEntry;

/**
 * A change in the merge of the two direction logs (docs/protocol.md §20.3).
 *
 * @param entry the change as signed; seq 0 while it is still queued on its author's node
 * @param n its number among its author's changes on the link, from 1, in log order
 * @param m how many of the other party's changes its author had received: those placed at or before
 *     {@code entry.seen()} in the other direction's log
 */
public record Change(ChangeEntry entry, long n, long m) {
  /**
   * The merge order: {@code n + m}, then the author's party id, then {@code n}. A linear extension
   * of causality: a change its author had seen always comes before it (§20.3 gives the proof).
   */
  static final Comparator<Change> MERGE_ORDER =
      Comparator.comparingLong((Change change) -> change.n + change.m)
          .thenComparing(Change::party)
          .thenComparingLong(Change::n);

  public PartyId party() {
    return entry.log().writer();
  }

  /** Whether {@code earlier} was in what this change's author had seen when it was accepted. */
  boolean saw(Change earlier) {
    return earlier.party().equals(party()) ? earlier.n < n : earlier.n <= m;
  }

  public boolean placed() {
    return entry.seq() > 0;
  }
}
