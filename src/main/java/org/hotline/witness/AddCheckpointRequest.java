package org.hotline.witness;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.hotline.transcript.MerkleHash;
import org.hotline.transcript.SignedNote;

/**
 * The body of a tlog-witness {@code add-checkpoint} request: an {@code old <size>} line, the
 * consistency proof from that size (one base64 hash per line, at most 63), an empty line, then the
 * checkpoint as a signed note. Every line ends in a newline. Pure: parsing and writing only.
 * Immutable; thread-safe.
 *
 * @param oldSize the size of the checkpoint the witness last cosigned, as the client believes
 * @param proof the RFC 9162 consistency proof from {@code oldSize} to the checkpoint's size
 * @param checkpoint the signed note, exactly as it will be cosigned
 */
public record AddCheckpointRequest(long oldSize, List<byte[]> proof, String checkpoint) {
  /** tlog-witness: "The client MUST NOT send more than 63 consistency proof lines." */
  public static final int PROOF_LINES_MAX = 63;

  /**
   * Largest body read: a note of at most {@link SignedNote#MAX_NOTE_BYTES} plus the old-size line
   * and 63 proof lines of 45 characters, with room to spare. Larger bodies are refused unread.
   */
  public static final int BODY_BYTES_MAX = SignedNote.MAX_NOTE_BYTES + 4 * 1024;

  private static final Pattern OLD_LINE = Pattern.compile("old (0|[1-9][0-9]{0,18})");

  public AddCheckpointRequest {
    Objects.requireNonNull(checkpoint, "checkpoint");
    proof = List.copyOf(proof);
  }

  /**
   * Parses a request body strictly.
   *
   * @throws WitnessRefusedException of kind {@link WitnessRefusedException.Kind#BAD_REQUEST},
   *     naming the first rule the body breaks
   */
  public static AddCheckpointRequest parse(byte[] body) {
    if (body.length > BODY_BYTES_MAX) {
      throw bad(
          "the request body is " + body.length + " bytes, over the limit of " + BODY_BYTES_MAX);
    }
    String text = new String(body, StandardCharsets.UTF_8);
    int end = text.indexOf('\n');
    if (end < 0) {
      throw bad("the request has no old size line");
    }
    String oldLine = text.substring(0, end);
    if (!OLD_LINE.matcher(oldLine).matches()) {
      throw bad(
          "the first line must be 'old <size>' in decimal without leading zeros, not '"
              + clip(oldLine)
              + "'");
    }
    long oldSize;
    try {
      oldSize = Long.parseLong(oldLine.substring(4));
    } catch (NumberFormatException e) {
      throw bad("the old size exceeds 2^63-1");
    }
    List<byte[]> proof = new ArrayList<>();
    int start = end + 1;
    while (true) {
      end = text.indexOf('\n', start);
      if (end < 0) {
        throw bad("the request has no empty line before the checkpoint");
      }
      String line = text.substring(start, end);
      start = end + 1;
      if (line.isEmpty()) {
        break;
      }
      if (proof.size() == PROOF_LINES_MAX) {
        throw bad("the consistency proof has more than " + PROOF_LINES_MAX + " lines");
      }
      proof.add(hash(line, proof.size() + 1));
    }
    return new AddCheckpointRequest(oldSize, proof, text.substring(start));
  }

  /** The request body, as {@link #parse} reads it. */
  public byte[] body() {
    StringBuilder out = new StringBuilder("old ").append(oldSize).append('\n');
    Base64.Encoder base64 = Base64.getEncoder();
    for (byte[] hash : proof) {
      out.append(base64.encodeToString(hash)).append('\n');
    }
    out.append('\n').append(checkpoint);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] hash(String line, int number) {
    byte[] hash;
    try {
      hash = Base64.getDecoder().decode(line);
    } catch (IllegalArgumentException e) {
      throw bad("consistency proof line " + number + " is not base64");
    }
    if (hash.length != MerkleHash.HASH_SIZE
        || !Base64.getEncoder().encodeToString(hash).equals(line)) {
      throw bad(
          "consistency proof line " + number + " is not the canonical base64 of a 32-byte hash");
    }
    return hash;
  }

  private static WitnessRefusedException bad(String detail) {
    return new WitnessRefusedException(WitnessRefusedException.Kind.BAD_REQUEST, detail, -1);
  }

  private static String clip(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }
}
