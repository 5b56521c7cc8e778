package org.hotline.link.health;

import java.time.Instant;
import org.hotline.InvalidInputException;
import org.hotline.identity.PartyId;
import org.hotline.transcript.NoteSigner;
import org.hotline.transcript.NoteVerifier;
import org.hotline.transcript.SignedNote;
import org.hotline.transcript.TranscriptFormatException;

/**
 * The text of a heartbeat and of its reply, each a C2SP signed note by its sender:
 *
 * <pre>
 * hotline-heartbeat/v1          (or hotline-heartbeat-reply/v1)
 * from us
 * to cn
 * seq 42
 * time 1732838400123            (sender's clock, Unix milliseconds)
 * </pre>
 *
 * The reply repeats the seq, so a late reply is never taken for a new one.
 */
public record Heartbeat(boolean reply, PartyId from, PartyId to, long seq, long timeMillis) {
  static final String REQUEST = "hotline-heartbeat/v1";
  static final String REPLY = "hotline-heartbeat-reply/v1";

  public String text() {
    return (reply ? REPLY : REQUEST)
        + "\nfrom "
        + from
        + "\nto "
        + to
        + "\nseq "
        + seq
        + "\ntime "
        + timeMillis
        + "\n";
  }

  public String sign(NoteSigner signer) {
    return SignedNote.sign(text(), signer).encode();
  }

  public Instant time() {
    return Instant.ofEpochMilli(timeMillis);
  }

  /**
   * Parses a signed heartbeat and checks its signature; throws {@link InvalidInputException} naming
   * the problem.
   */
  public static Heartbeat open(String note, NoteVerifier signer) {
    SignedNote signed;
    try {
      signed = SignedNote.parse(note);
    } catch (TranscriptFormatException e) {
      throw new InvalidInputException(
          "heartbeat", "heartbeat is not a signed note: " + e.getMessage());
    }
    if (!signed.verifiedBy(signer)) {
      throw new InvalidInputException(
          "heartbeat", "heartbeat is not signed by " + signer.keyName());
    }
    String[] lines = signed.text().split("\n", -1);
    if (lines.length != 6
        || !lines[5].isEmpty()
        || !(lines[0].equals(REQUEST) || lines[0].equals(REPLY))
        || !lines[1].startsWith("from ")
        || !lines[2].startsWith("to ")
        || !lines[3].startsWith("seq ")
        || !lines[4].startsWith("time ")) {
      throw new InvalidInputException("heartbeat", "heartbeat text is not in the expected form");
    }
    try {
      return new Heartbeat(
          lines[0].equals(REPLY),
          PartyId.of(lines[1].substring(5)),
          PartyId.of(lines[2].substring(3)),
          Long.parseLong(lines[3].substring(4)),
          Long.parseLong(lines[4].substring(5)));
    } catch (NumberFormatException e) {
      throw new InvalidInputException("heartbeat", "heartbeat seq or time is not a number");
    }
  }
}
