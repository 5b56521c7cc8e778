package org.hotline.watch;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.EntryCodec;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.link.entry.StatusFlag;

/**
 * What a notification says: which message, on which side, which step of the watch. It carries the
 * message's precedence and status flag (so that a drill is never read as the real thing) but never
 * its subject or body: a webhook receiver, a mail server or a hook script learns that an answer is
 * owed, not what was said.
 *
 * @param notification the stored notification's id, the same on every retry (receivers may use it
 *     to drop duplicates); 0 for a console alarm
 * @param node the party whose node raised it
 * @param level the 1-based chain level for an escalation, else null
 * @param loop the 1-based pass over the chain for an escalation, else null
 */
public record Alert(
    long notification,
    Kind kind,
    Side side,
    PartyId node,
    PartyId peer,
    MessageId message,
    Precedence precedence,
    StatusFlag status,
    Instant created,
    Instant deadline,
    Integer level,
    Integer loop,
    Instant raisedAt)
    implements Notice {

  @Override
  public String type() {
    return kind.event();
  }

  /** The step of the watch, named as its console event. */
  public enum Kind {
    /** Half the deadline has passed without an answer (receiving side). */
    REMINDER("deadline.reminder"),
    /** The deadline has passed: a level of the escalation chain is notified (both sides). */
    ESCALATION("deadline.escalation"),
    /** The deadline has passed and the sender put that on the record (sending side). */
    MISSED("deadline.missed");

    private final String event;

    Kind(String event) {
      this.event = event;
    }

    public String event() {
      return event;
    }
  }

  /**
   * The alert as flat JSON-ready fields in a fixed order, the same for the console event, the
   * webhook body, the command's standard input and the e-mail.
   */
  @Override
  public Map<String, Object> fields() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("type", kind.event());
    if (notification > 0) {
      fields.put("notification", notification);
    }
    fields.put("node", node.value());
    fields.put("side", side.wire());
    fields.put("peer", peer.value());
    fields.put("message", message.toString());
    fields.put("precedence", precedence.name());
    fields.put("status", status.name());
    fields.put("created", EntryCodec.timestamp(created));
    fields.put("deadline", EntryCodec.timestamp(deadline));
    if (level != null) {
      fields.put("level", level);
      fields.put("loop", loop);
    }
    fields.put("raised_at", EntryCodec.timestamp(raisedAt));
    return Collections.unmodifiableMap(fields);
  }

  /** One line for a person: an e-mail subject, a log line. */
  @Override
  public String headline() {
    String what =
        switch (kind) {
          case REMINDER -> "reminder: half the acknowledgement time has passed";
          case ESCALATION ->
              "ACK OVERDUE, escalation level "
                  + level
                  + (loop != null && loop > 1 ? " (repeat " + loop + ")" : "");
          case MISSED -> "ACK OVERDUE: deadline missed, recorded";
        };
    String direction = side == Side.RECEIVING ? "from " + peer : "to " + peer;
    return "[Hotline "
        + status
        + "] "
        + precedence
        + " message "
        + direction
        + " unanswered — "
        + what;
  }
}
