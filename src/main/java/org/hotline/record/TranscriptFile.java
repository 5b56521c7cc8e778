package org.hotline.record;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.hotline.identity.IdentityCard;

/**
 * The exported transcript of a link: one self-contained file, JSON Lines (one JSON object per line,
 * UTF-8), readable without a database or a running node. Its lines, in order:
 *
 * <ol>
 *   <li>a header: format, version, time, exporting party, and both parties' identity cards;
 *   <li>for each direction log: a {@code log} line, then every {@code checkpoint} (the writer's
 *       signed note), every {@code receipt} (the checkpoint with the reader's cosignature), every
 *       {@code witness-cosignature} (a third-party witness's cosignature line over the checkpoint
 *       of that size, with the witness's key), then every {@code entry} in sequence order, base64
 *       of the exact signed bytes;
 *   <li>an {@code end} line with the number of lines before it, so truncation is evident.
 * </ol>
 *
 * Documented for reviewers in docs/record.md.
 */
public final class TranscriptFile {
  public static final String FORMAT = "hotline-transcript";
  public static final int VERSION = 1;

  /** A line holds at most one entry (≤ EntryCodec.ENTRY_BYTES_MAX, base64) or a note. */
  public static final int LINE_BYTES_MAX = 1024 * 1024;

  private TranscriptFile() {}

  /** The first line. */
  public record Header(
      String format,
      int version,
      Instant exportedAt,
      String exportedBy,
      List<IdentityCard> parties) {}

  /** Every later line; which fields are set depends on {@code type}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Line(
      String type,
      String log,
      Long size,
      Long seq,
      String note,
      String entry,
      Long lines,
      String witness,
      String cosignature) {
    static Line log(String log, long size) {
      return new Line("log", log, size, null, null, null, null, null, null);
    }

    static Line checkpoint(String log, long size, String note) {
      return new Line("checkpoint", log, size, null, note, null, null, null, null);
    }

    static Line receipt(String log, long size, String note) {
      return new Line("receipt", log, size, null, note, null, null, null, null);
    }

    /** A witness cosignature line: {@code witness} is the witness's verifier key. */
    static Line witnessCosignature(String log, long size, String witness, String cosignature) {
      return new Line(
          "witness-cosignature", log, size, null, null, null, null, witness, cosignature);
    }

    static Line entry(String log, long seq, String base64) {
      return new Line("entry", log, null, seq, null, base64, null, null, null);
    }

    static Line end(long lines) {
      return new Line("end", null, null, null, null, null, lines, null, null);
    }
  }
}
