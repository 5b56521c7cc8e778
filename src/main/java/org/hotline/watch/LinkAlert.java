package org.hotline.watch;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.EntryCodec;

/**
 * A step of the escalation of a BLOCKED link: the batches of one direction of the link to {@code
 * peer} have been refused since {@code since}, and level {@code level} of the chain is told, as for
 * an unacknowledged FLASH message. Not stored: it carries no notification id (a receiver that drops
 * duplicates uses peer, since, level and loop).
 *
 * @param direction {@code OUTGOING} (the peer refuses our batches) or {@code INCOMING} (we refuse
 *     the peer's)
 * @param problem the problem type of the refusal that blocked the link, without its URI prefix
 * @param level the 1-based chain level
 * @param loop the 1-based pass over the chain
 */
public record LinkAlert(
    PartyId node,
    PartyId peer,
    String direction,
    String problem,
    String detail,
    Instant since,
    int level,
    int loop,
    Instant raisedAt)
    implements Notice {

  /** The event type of each step, on the console and in every notification. */
  public static final String ESCALATION = "link.escalation";

  @Override
  public String type() {
    return ESCALATION;
  }

  @Override
  public long notification() {
    return 0;
  }

  @Override
  public Map<String, Object> fields() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("type", ESCALATION);
    fields.put("node", node.value());
    fields.put("peer", peer.value());
    fields.put("state", "BLOCKED");
    fields.put("direction", direction);
    fields.put("problem", problem);
    fields.put("detail", detail);
    fields.put("since", EntryCodec.timestamp(since));
    fields.put("level", level);
    fields.put("loop", loop);
    fields.put("raised_at", EntryCodec.timestamp(raisedAt));
    return Collections.unmodifiableMap(fields);
  }

  @Override
  public String headline() {
    String whose = direction.equals("OUTGOING") ? "our batches to " + peer : "batches from " + peer;
    return "[Hotline] link to "
        + peer
        + " BLOCKED: "
        + whose
        + " refused ("
        + problem
        + ") — escalation level "
        + level
        + (loop > 1 ? " (repeat " + loop + ")" : "");
  }
}
