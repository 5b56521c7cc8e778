package org.hotline.transcript;

import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The note text of a <a href="https://github.com/C2SP/C2SP/blob/main/tlog-checkpoint.md">C2SP
 * tlog-checkpoint</a>: the log's origin line, its tree size and its RFC 6962 root hash. Extension
 * lines are not supported: {@link #parse} rejects them and {@link #body()} never writes any.
 *
 * <p>The origin must be non-empty and free of newlines and other ASCII control characters (the body
 * is signed-note text). {@link #equals}, {@link #hashCode} and {@link #toString} use the root's
 * content. Immutable; thread-safe.
 */
@SuppressWarnings(
    "ArrayRecordComponent") // equals, hashCode and toString use the bytes; copied in and out
public record Checkpoint(String origin, long size, byte[] root) {
  /**
   * Longest origin, in UTF-8 bytes: the ML-DSA-44 message of C2SP tlog-cosignature carries the
   * origin as {@code opaque log_origin<1..2^8-1>}, so longer origins could never be cosigned there.
   */
  public static final int MAX_ORIGIN_BYTES = 255;

  /** Longest body {@link #parse} reads: origin, 19-digit size, 44-char root, three newlines. */
  private static final int MAX_BODY_CHARS = MAX_ORIGIN_BYTES + 19 + 44 + 3;

  private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]*");

  public Checkpoint {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(root, "root");
    if (origin.isEmpty()) {
      throw new TranscriptFormatException("Checkpoint origin is empty.");
    }
    NoteText.requireNoteChars("Checkpoint origin", origin, false);
    int originBytes = NoteText.utf8(origin).length;
    if (originBytes > MAX_ORIGIN_BYTES) {
      throw new TranscriptFormatException(
          "Checkpoint origin is "
              + originBytes
              + " UTF-8 bytes, more than the "
              + MAX_ORIGIN_BYTES
              + " allowed.");
    }
    if (size < 0) {
      throw new TranscriptFormatException("Checkpoint size " + size + " is negative.");
    }
    root = MerkleHash.requireHash("Checkpoint root hash", root).clone();
  }

  /**
   * Parses a checkpoint body strictly: exactly three newline-terminated lines, the size in decimal
   * without sign or leading zeros, the root hash in canonical padded base64 of 32 bytes.
   *
   * @throws TranscriptFormatException naming the first rule the body breaks
   */
  public static Checkpoint parse(String body) {
    Objects.requireNonNull(body, "body");
    if (body.length() > MAX_BODY_CHARS) {
      throw new TranscriptFormatException(
          "Checkpoint body is longer than " + MAX_BODY_CHARS + " characters.");
    }
    if (!body.endsWith("\n")) {
      throw new TranscriptFormatException("Checkpoint body does not end in a newline.");
    }
    String[] lines = body.substring(0, body.length() - 1).split("\n", -1);
    if (lines.length < 3) {
      throw new TranscriptFormatException(
          "Checkpoint body has fewer than three lines (origin, size, root hash).");
    }
    if (lines.length > 3) {
      throw new TranscriptFormatException(
          "Checkpoint body has extension lines after the root hash, which are not supported.");
    }
    if (!DECIMAL.matcher(lines[1]).matches()) {
      throw new TranscriptFormatException(
          "Checkpoint size \""
              + lines[1]
              + "\" is not a decimal number without sign or leading zeros.");
    }
    long size;
    try {
      size = Long.parseLong(lines[1]);
    } catch (NumberFormatException e) {
      throw new TranscriptFormatException("Checkpoint size " + lines[1] + " exceeds 2^63-1.");
    }
    return new Checkpoint(lines[0], size, NoteText.decodeBase64("Checkpoint root hash", lines[2]));
  }

  /** {@code origin + "\n" + size + "\n" + base64(root) + "\n"}. */
  public String body() {
    return origin + "\n" + size + "\n" + NoteText.base64(root) + "\n";
  }

  @Override
  public byte[] root() {
    return root.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Checkpoint that
        && origin.equals(that.origin)
        && size == that.size
        && Arrays.equals(root, that.root);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * origin.hashCode() + Long.hashCode(size)) + Arrays.hashCode(root);
  }

  @Override
  public String toString() {
    return "Checkpoint[origin="
        + origin
        + ", size="
        + size
        + ", root="
        + NoteText.base64(root)
        + "]";
  }
}
