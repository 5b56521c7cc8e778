package org.hotline.transcript;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * Timestamped Ed25519 cosignatures of <a
 * href="https://github.com/C2SP/C2SP/blob/main/tlog-cosignature.md">C2SP tlog-cosignature</a>
 * ({@code cosignature/v1}): a cosigner's (here: the receiving party's) statement that, at the given
 * time, the checkpoint was the largest consistent tree head it had seen for that origin.
 *
 * <p>The signed message is {@code "cosignature/v1\ntime <t>\n" + checkpoint.body()}, {@code t} in
 * decimal seconds since the epoch. The signature line carries key ID (SHA-256(name || 0x0A || 0x04
 * || publicKey)[:4]), then the timestamp as 8 big-endian bytes, then the 64-byte signature; {@link
 * SignedNote.NoteSignature#signature()} holds the last two.
 *
 * <p>Stateless; thread-safe.
 */
public final class Cosignature {
  /** The timestamp is a u64 in front of the signature (tlog-cosignature timestamped_signature). */
  private static final int TIMESTAMP_SIZE = Long.BYTES;

  /** Payload after the key ID: timestamp, then Ed25519 signature. */
  private static final int PAYLOAD_SIZE = TIMESTAMP_SIZE + NoteVerifier.SIGNATURE_SIZE;

  private Cosignature() {}

  /**
   * Cosigns {@code checkpoint} as seen at {@code timestampSeconds}; the result is the signature
   * line to add to the checkpoint's note.
   *
   * @throws TranscriptFormatException if {@code timestampSeconds} is negative
   */
  public static SignedNote.NoteSignature sign(
      Checkpoint checkpoint, NoteSigner signer, long timestampSeconds) {
    Objects.requireNonNull(checkpoint, "checkpoint");
    if (timestampSeconds < 0) {
      throw new TranscriptFormatException(
          "Cosignature timestamp " + timestampSeconds + " is negative.");
    }
    byte[] signature = signer.sign(signedMessage(checkpoint, timestampSeconds));
    byte[] payload =
        ByteBuffer.allocate(PAYLOAD_SIZE).putLong(timestampSeconds).put(signature).array();
    return new SignedNote.NoteSignature(
        signer.keyName(), signer.verifier().cosignatureKeyId(), payload);
  }

  /**
   * True iff {@code signature} carries {@code verifier}'s key name and cosignature key ID, a
   * timestamp of at most 2^63-1, and a valid signature of that timestamp and {@code checkpoint}.
   */
  public static boolean verify(
      Checkpoint checkpoint, SignedNote.NoteSignature signature, NoteVerifier verifier) {
    Objects.requireNonNull(checkpoint, "checkpoint");
    if (!signature.keyName().equals(verifier.keyName())
        || !Arrays.equals(signature.keyId(), verifier.cosignatureKeyId())) {
      return false;
    }
    byte[] payload = signature.signature();
    if (payload.length != PAYLOAD_SIZE) {
      return false;
    }
    long timestamp = ByteBuffer.wrap(payload).getLong();
    return timestamp >= 0
        && verifier.verify(
            signedMessage(checkpoint, timestamp),
            Arrays.copyOfRange(payload, TIMESTAMP_SIZE, PAYLOAD_SIZE));
  }

  /**
   * The claimed signing time in seconds since the epoch; not verified.
   *
   * @throws TranscriptFormatException if the payload after the key ID is not 72 bytes or the
   *     timestamp exceeds 2^63-1
   */
  public static long timestamp(SignedNote.NoteSignature signature) {
    byte[] payload = signature.signature();
    if (payload.length != PAYLOAD_SIZE) {
      throw new TranscriptFormatException(
          "Cosignature carries "
              + payload.length
              + " bytes after the key ID, not "
              + PAYLOAD_SIZE
              + " (timestamp and signature).");
    }
    long timestamp = ByteBuffer.wrap(payload).getLong();
    if (timestamp < 0) {
      throw new TranscriptFormatException("Cosignature timestamp exceeds 2^63-1.");
    }
    return timestamp;
  }

  static byte[] signedMessage(Checkpoint checkpoint, long timestampSeconds) {
    return NoteText.utf8("cosignature/v1\ntime " + timestampSeconds + "\n" + checkpoint.body());
  }
}
