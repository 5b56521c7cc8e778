package org.hotline.watch;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.EntryCodec;
import org.hotline.link.entry.MessageId;

/**
 * A step of the escalation of an overdue commitment: the commitment {@code commitment} shared with
 * {@code peer}, which {@code owedBy} owes {@code owedTo}, was due at {@code due} and is still open,
 * and level {@code level} of the chain is told. It names the commitment but never says what was
 * promised: a webhook receiver learns that something is owed, not what. Not stored: it carries no
 * notification id (a receiver that drops duplicates uses commitment, level and loop).
 *
 * @param level the 1-based chain level
 * @param loop the 1-based pass over the chain
 */
public record CommitmentAlert(
    PartyId node,
    PartyId peer,
    MessageId commitment,
    PartyId owedBy,
    PartyId owedTo,
    Instant due,
    int level,
    int loop,
    Instant raisedAt)
    implements Notice {

  /** The event type of each step, on the console and in every notification. */
  public static final String OVERDUE = "commitment.overdue";

  @Override
  public String type() {
    return OVERDUE;
  }

  @Override
  public long notification() {
    return 0;
  }

  @Override
  public Map<String, Object> fields() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("type", OVERDUE);
    fields.put("node", node.value());
    fields.put("peer", peer.value());
    fields.put("commitment", commitment.toString());
    fields.put("owed_by", owedBy.value());
    fields.put("owed_to", owedTo.value());
    fields.put("due", EntryCodec.timestamp(due));
    fields.put("level", level);
    fields.put("loop", loop);
    fields.put("raised_at", EntryCodec.timestamp(raisedAt));
    return Collections.unmodifiableMap(fields);
  }

  @Override
  public String headline() {
    return "[Hotline] commitment of "
        + owedBy
        + " to "
        + owedTo
        + " OVERDUE since "
        + EntryCodec.timestamp(due)
        + " — escalation level "
        + level
        + (loop > 1 ? " (repeat " + loop + ")" : "");
  }
}
