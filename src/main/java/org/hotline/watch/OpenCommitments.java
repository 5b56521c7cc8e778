package org.hotline.watch;

import java.time.Instant;
import java.util.List;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.MessageId;

/**
 * What the watch needs to know of the shared commitments: which are overdue on this node's clock
 * (open, PROPOSED or AGREED, and past their due time), on every link. Implemented by the
 * composition root from the shared state; thread-safe.
 */
@FunctionalInterface
public interface OpenCommitments {
  /** No commitments: a node without shared objects, and tests of the message watch. */
  OpenCommitments NONE = now -> List.of();

  /** The commitments overdue at {@code now}, on every link. */
  List<Overdue> overdueAt(Instant now);

  /** An overdue commitment: its link, its id, who owes whom, and when it was due. */
  record Overdue(PartyId peer, MessageId commitment, PartyId owedBy, PartyId owedTo, Instant due) {}
}
