package org.hotline.crisis;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.EntryCodec;
import org.hotline.link.entry.MessageId;

/**
 * One change in an object's timeline, with what it did. Append-only: a correction is a later change
 * that supersedes, never an edit.
 *
 * @param id the change's entry id
 * @param by who made it, as the author's node names its user
 * @param at when the author's node accepted it (the author's clock: a claim, not a fact)
 * @param log the direction log that holds it, {@code hotline/<author>/<reader>}
 * @param seq its place in that log
 * @param reason why it was refused, or null
 * @param crossedWith for a crossed change, the other party's concurrent changes that moved the
 *     object before it; empty otherwise
 */
public record TimelineItem(
    MessageId id,
    PartyId party,
    String by,
    Instant at,
    String op,
    SortedMap<String, Object> data,
    String log,
    long seq,
    Outcome outcome,
    String reason,
    List<MessageId> crossedWith) {

  static TimelineItem of(Change change, Outcome outcome, String reason, List<MessageId> crossed) {
    var entry = change.entry();
    return new TimelineItem(
        entry.id(),
        change.party(),
        entry.by(),
        entry.created(),
        entry.op(),
        entry.data(),
        entry.log().text(),
        entry.seq(),
        outcome,
        reason,
        List.copyOf(crossed));
  }

  /**
   * The item as it enters the state hash (docs/protocol.md §20.5): without the reason of a refusal,
   * which is this implementation's wording, so that another implementation that refuses the same
   * change for the same rule in other words computes the same hash.
   */
  Map<String, Object> canonical() {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("id", id.toString());
    item.put("party", party.value());
    item.put("by", by);
    item.put("at", EntryCodec.timestamp(at));
    item.put("op", op);
    item.put("data", data);
    item.put("log", log);
    item.put("seq", seq);
    item.put("outcome", outcome.wire());
    item.put("crossed_with", crossedWith.stream().map(MessageId::toString).toList());
    return item;
  }

  /** The item as the API and the console show it: {@link #canonical} and the reason. */
  public Map<String, Object> shown() {
    Map<String, Object> item = canonical();
    item.put("reason", reason);
    return item;
  }
}
