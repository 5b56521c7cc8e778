package org.hotline.transcript;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A <a href="https://github.com/C2SP/C2SP/blob/main/signed-note.md">C2SP signed note</a>: a text
 * ending in a newline, a blank line, then one or more signature lines {@code "— <key name>
 * base64(keyID || signature)\n"} (em dash U+2014, space, name, space, base64). Signatures are over
 * the UTF-8 bytes of the text, final newline included.
 *
 * <p>Beyond the format, this type insists on at most {@value #MAX_SIGNATURES} signatures, at most
 * {@value #MAX_NOTE_BYTES} encoded bytes, and no two signatures with the same key name and key ID.
 * Immutable; thread-safe.
 */
public record SignedNote(String text, List<NoteSignature> signatures) {
  /**
   * Largest encoded note, in UTF-8 bytes: room for {@value #MAX_SIGNATURES} post-quantum signature
   * lines (signatures of nearly 5 kB, per signed-note) plus a checkpoint-sized text.
   */
  public static final int MAX_NOTE_BYTES = 128 * 1024;

  /**
   * Most signature lines per note: the minimum signed-note requires verifiers to accept, which
   * bounds the work one note can demand.
   */
  public static final int MAX_SIGNATURES = 16;

  private static final String LINE_PREFIX = "\u2014 ";

  public SignedNote {
    requireText(text);
    signatures = List.copyOf(Objects.requireNonNull(signatures, "signatures"));
    if (signatures.isEmpty()) {
      throw new TranscriptFormatException("Signed note has no signatures.");
    }
    if (signatures.size() > MAX_SIGNATURES) {
      throw new TranscriptFormatException(
          "Signed note has "
              + signatures.size()
              + " signatures, more than the "
              + MAX_SIGNATURES
              + " allowed.");
    }
    Set<String> keys = new HashSet<>();
    for (NoteSignature signature : signatures) {
      if (!keys.add(signature.key())) {
        throw new TranscriptFormatException(
            "Signed note has two signatures by key " + signature.key() + ".");
      }
    }
    int bytes = NoteText.utf8(encode(text, signatures)).length;
    if (bytes > MAX_NOTE_BYTES) {
      throw new TranscriptFormatException(
          "Signed note is " + bytes + " bytes, more than the " + MAX_NOTE_BYTES + " allowed.");
    }
  }

  /** Signs {@code text} (which must end in a newline) with a plain Ed25519 note signature. */
  public static SignedNote sign(String text, NoteSigner signer) {
    requireText(text);
    NoteSignature signature =
        new NoteSignature(
            signer.keyName(), signer.verifier().keyId(), signer.sign(NoteText.utf8(text)));
    return new SignedNote(text, List.of(signature));
  }

  /**
   * Parses an encoded note strictly; signatures are not verified. The text ends at the last blank
   * line, so the text itself may contain blank lines.
   *
   * @throws TranscriptFormatException naming the first rule the note breaks
   */
  public static SignedNote parse(String note) {
    Objects.requireNonNull(note, "note");
    if (note.length() > MAX_NOTE_BYTES || NoteText.utf8(note).length > MAX_NOTE_BYTES) {
      throw new TranscriptFormatException(
          "Signed note is more than " + MAX_NOTE_BYTES + " bytes long.");
    }
    NoteText.requireNoteChars("Signed note", note, true);
    int blank = note.lastIndexOf("\n\n");
    if (blank < 0) {
      throw new TranscriptFormatException(
          "Signed note has no blank line between text and signatures.");
    }
    String block = note.substring(blank + 2);
    if (block.isEmpty()) {
      throw new TranscriptFormatException("Signed note has no signature lines.");
    }
    if (!block.endsWith("\n")) {
      throw new TranscriptFormatException("Signed note's last line does not end in a newline.");
    }
    String[] lines = block.substring(0, block.length() - 1).split("\n", -1);
    if (lines.length > MAX_SIGNATURES) {
      throw new TranscriptFormatException(
          "Signed note has "
              + lines.length
              + " signature lines, more than the "
              + MAX_SIGNATURES
              + " allowed.");
    }
    List<NoteSignature> signatures = new ArrayList<>(lines.length);
    for (int i = 0; i < lines.length; i++) {
      signatures.add(parseLine(lines[i], "Signature line " + (i + 1)));
    }
    return new SignedNote(note.substring(0, blank + 1), signatures);
  }

  private static NoteSignature parseLine(String line, String what) {
    if (!line.startsWith(LINE_PREFIX)) {
      throw new TranscriptFormatException(what + " does not start with an em dash and a space.");
    }
    int space = line.indexOf(' ', LINE_PREFIX.length());
    if (space < 0) {
      throw new TranscriptFormatException(what + " has no space after the key name.");
    }
    String name = line.substring(LINE_PREFIX.length(), space);
    NoteText.requireKeyName("Key name on " + what.toLowerCase(Locale.ROOT), name);
    byte[] payload = NoteText.decodeBase64(what + "'s signature", line.substring(space + 1));
    if (payload.length <= NoteVerifier.KEY_ID_SIZE) {
      throw new TranscriptFormatException(
          what
              + " carries "
              + payload.length
              + " bytes, too few for a 4-byte key ID and a signature.");
    }
    return new NoteSignature(
        name,
        Arrays.copyOf(payload, NoteVerifier.KEY_ID_SIZE),
        Arrays.copyOfRange(payload, NoteVerifier.KEY_ID_SIZE, payload.length));
  }

  /** The text, a blank line, then one newline-terminated line per signature. */
  public String encode() {
    return encode(text, signatures);
  }

  private static String encode(String text, List<NoteSignature> signatures) {
    StringBuilder out = new StringBuilder(text).append('\n');
    for (NoteSignature signature : signatures) {
      out.append(signature.line()).append('\n');
    }
    return out.toString();
  }

  /**
   * This note with {@code extra} appended; an existing signature with the same key name and key ID
   * is dropped, so re-signing replaces.
   */
  public SignedNote withSignature(NoteSignature extra) {
    List<NoteSignature> all = new ArrayList<>(signatures.size() + 1);
    for (NoteSignature signature : signatures) {
      if (!signature.key().equals(extra.key())) {
        all.add(signature);
      }
    }
    all.add(extra);
    return new SignedNote(text, all);
  }

  /**
   * True iff some signature line carries {@code verifier}'s key name and (plain, type 0x01) key ID
   * and is a valid signature of the text. Lines from other keys are ignored, as signed-note
   * requires; cosignatures never match here (see {@link Cosignature#verify}).
   */
  public boolean verifiedBy(NoteVerifier verifier) {
    String key = NoteSignature.key(verifier.keyName(), verifier.keyId());
    byte[] message = NoteText.utf8(text);
    for (NoteSignature signature : signatures) {
      if (signature.key().equals(key)) {
        return verifier.verify(message, signature.signature);
      }
    }
    return false;
  }

  private static void requireText(String text) {
    Objects.requireNonNull(text, "text");
    if (!text.endsWith("\n")) {
      throw new TranscriptFormatException("Note text does not end in a newline.");
    }
    NoteText.requireNoteChars("Note text", text, true);
  }

  /**
   * One signature line: the key name, the 4-byte key ID and the signature bytes that follow it (for
   * cosignatures, timestamp then signature). {@link #equals}, {@link #hashCode} use content.
   * Immutable; thread-safe.
   */
  @SuppressWarnings(
      "ArrayRecordComponent") // equals, hashCode and toString use the bytes; copied in and out
  public record NoteSignature(String keyName, byte[] keyId, byte[] signature) {
    public NoteSignature {
      NoteText.requireKeyName("Key name", Objects.requireNonNull(keyName, "keyName"));
      Objects.requireNonNull(keyId, "keyId");
      Objects.requireNonNull(signature, "signature");
      if (keyId.length != NoteVerifier.KEY_ID_SIZE) {
        throw new TranscriptFormatException(
            "Key ID is " + keyId.length + " bytes, not " + NoteVerifier.KEY_ID_SIZE + ".");
      }
      if (signature.length == 0) {
        throw new TranscriptFormatException("Signature is empty.");
      }
      keyId = keyId.clone();
      signature = signature.clone();
    }

    /**
     * Parses one signature line, {@code "— <key name> base64(keyID || signature)"}, without its
     * final newline, as {@link SignedNote#parse} reads each line; signatures are not verified.
     *
     * @throws TranscriptFormatException naming the first rule the line breaks
     */
    public static NoteSignature parse(String line) {
      Objects.requireNonNull(line, "line");
      if (line.length() > MAX_NOTE_BYTES) {
        throw new TranscriptFormatException(
            "Signature line is longer than " + MAX_NOTE_BYTES + " characters.");
      }
      NoteText.requireNoteChars("Signature line", line, false);
      return parseLine(line, "Signature line");
    }

    /** {@code "— <key name> base64(keyID || signature)"}, without the final newline. */
    public String line() {
      byte[] payload = Arrays.copyOf(keyId, keyId.length + signature.length);
      System.arraycopy(signature, 0, payload, keyId.length, signature.length);
      return LINE_PREFIX + keyName + " " + NoteText.base64(payload);
    }

    @Override
    public byte[] keyId() {
      return keyId.clone();
    }

    @Override
    public byte[] signature() {
      return signature.clone();
    }

    String key() {
      return key(keyName, keyId);
    }

    static String key(String keyName, byte[] keyId) {
      return keyName + "+" + HexFormat.of().formatHex(keyId);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof NoteSignature that
          && keyName.equals(that.keyName)
          && Arrays.equals(keyId, that.keyId)
          && Arrays.equals(signature, that.signature);
    }

    @Override
    public int hashCode() {
      return 31 * (31 * keyName.hashCode() + Arrays.hashCode(keyId)) + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
      return line();
    }
  }
}
