package org.hotline.link;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.DeadlineMissedEntry;
import org.hotline.link.entry.Draft;
import org.hotline.link.entry.MessageEntry;
import org.hotline.link.entry.MessageId;

/**
 * A message as this node holds it, for the API and CLI.
 *
 * @param cursor an opaque position for paging listings
 * @param seq its sequence number in the direction log, or 0 while still queued
 * @param receiptSize the size of the receipt that proves its delivery, or 0
 * @param deadline when an acknowledgement is due: creation time plus the link's deadline for its
 *     precedence; null for messages stored before deadlines existed
 * @param deadlineMissedAt when the sender put on the record that the deadline passed without an
 *     answer (a {@link DeadlineMissedEntry}), or null
 * @param seen the size of the other direction's log its sender had received when it accepted the
 *     message, as its entry says (format 3); null where the entry does not say
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
    Instant readAt,
    Instant deadline,
    Instant deadlineMissedAt,
    Long seen) {

  /** The template of a formatted notification (entry format 4), or null for a plain message. */
  public org.hotline.link.entry.TemplateRef template() {
    return draft.template();
  }

  /**
   * Nobody has acknowledged or declined it and its deadline has passed: ACK OVERDUE. Reading it
   * does not count as an answer.
   */
  public boolean overdue(Instant now) {
    return answer == null && deadline != null && !now.isBefore(deadline);
  }

  /**
   * The fields in which this row differs from the signed entry it claims to be (empty if it shows
   * exactly what was signed). {@code created} is compared to the millisecond, the precision entries
   * carry.
   */
  public List<String> differencesFrom(MessageEntry signed) {
    Draft shown = draft;
    Draft a = signed.draft();
    List<String> differences = new ArrayList<>();
    check(differences, "id", signed.id(), id);
    check(differences, "from", signed.from(), from);
    check(differences, "to", signed.to(), to);
    check(differences, "seq", signed.seq(), seq);
    check(differences, "created", signed.created(), created.truncatedTo(ChronoUnit.MILLIS));
    check(differences, "precedence", a.precedence(), shown.precedence());
    check(differences, "status", a.status(), shown.status());
    check(differences, "language", a.language(), shown.language());
    check(differences, "in_reply_to", a.inReplyTo(), shown.inReplyTo());
    check(differences, "subject", a.subject(), shown.subject());
    check(differences, "body", a.body(), shown.body());
    check(differences, "channel", a.channel(), shown.channel());
    check(differences, "seen", signed.seenKnown() ? signed.seen() : null, seen);
    check(differences, "template", a.template(), shown.template());
    return differences;
  }

  private static void check(List<String> differences, String field, Object signed, Object shown) {
    if (!Objects.equals(signed, shown)) {
      differences.add(field);
    }
  }
}
