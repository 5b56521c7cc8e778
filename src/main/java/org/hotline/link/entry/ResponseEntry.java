package org.hotline.link.entry;

import java.time.Instant;
import org.hotline.InvalidInputException;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;

/**
 * A person's answer to a message, travelling back to its sender in the reverse log, so it is signed
 * and on the record like the message itself: it was read, acknowledged, or declined ("we received
 * it and will not act / take the call").
 *
 * @param id this entry's own id (UUIDv7)
 * @param message the message answered, sent by this entry's reader
 * @param by who answered, as the answering node names its user
 * @param note the acknowledgement's note or the decline's reason; empty for READ
 */
public record ResponseEntry(
    LogOrigin log,
    long seq,
    MessageId id,
    Instant created,
    Kind kind,
    MessageId message,
    String by,
    String note)
    implements Entry {

  /** A user name is shown in timelines; 64 characters is ample. */
  public static final int BY_LENGTH_MAX = 64;

  /** A note or reason is a few sentences, not a second message. */
  public static final int NOTE_LENGTH_MAX = 2_000;

  /** What the answer says. */
  public enum Kind {
    READ("read"),
    ACK("ack"),
    DECLINE("decline");

    private final String wire;

    Kind(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }

    static Kind ofWire(String wire) {
      for (Kind kind : values()) {
        if (kind.wire.equals(wire)) {
          return kind;
        }
      }
      return null;
    }
  }

  public ResponseEntry {
    if (by == null
        || by.isBlank()
        || by.length() > BY_LENGTH_MAX
        || by.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidInputException(
          "by", "who answered must be 1 to " + BY_LENGTH_MAX + " printable characters");
    }
    note = note == null ? "" : note;
    if (note.length() > NOTE_LENGTH_MAX) {
      throw new InvalidInputException(
          "note", "a note is at most " + NOTE_LENGTH_MAX + " characters, got " + note.length());
    }
    if (kind == Kind.DECLINE && note.isBlank()) {
      throw new InvalidInputException("reason", "a decline needs a reason");
    }
  }

  public PartyId from() {
    return log.writer();
  }

  @Override
  public Entry withSeq(long newSeq) {
    return new ResponseEntry(log, newSeq, id, created, kind, message, by, note);
  }
}
