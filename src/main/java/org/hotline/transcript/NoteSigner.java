package org.hotline.transcript;

import java.security.SecureRandom;
import java.util.Objects;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 key pair that signs <a
 * href="https://github.com/C2SP/C2SP/blob/main/signed-note.md">C2SP signed notes</a> under a key
 * name. Uses BouncyCastle's {@code rfc8032.Ed25519} directly, which is much faster than the JDK
 * provider. Signatures are deterministic (RFC 8032 §5.1.6).
 *
 * <p>Immutable; thread-safe. {@link #toString()} never shows the seed.
 */
public final class NoteSigner {
  /** Ed25519 private keys are 32-byte seeds (RFC 8032 §5.1.5). */
  private static final int SEED_SIZE = Ed25519.SECRET_KEY_SIZE;

  private final byte[] seed;
  private final byte[] publicKey;
  private final NoteVerifier verifier;

  private NoteSigner(String keyName, byte[] seed) {
    this.seed = seed;
    this.publicKey = new byte[NoteVerifier.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(seed, 0, publicKey, 0);
    this.verifier = new NoteVerifier(keyName, publicKey);
  }

  /**
   * Rebuilds the signer whose private key is the 32-byte Ed25519 {@code seed32}.
   *
   * @throws TranscriptFormatException if the key name is not a valid signed-note key name or the
   *     seed is not 32 bytes
   */
  public static NoteSigner fromSeed(String keyName, byte[] seed32) {
    NoteText.requireKeyName("Key name", Objects.requireNonNull(keyName, "keyName"));
    Objects.requireNonNull(seed32, "seed32");
    if (seed32.length != SEED_SIZE) {
      throw new TranscriptFormatException(
          "Ed25519 seed is " + seed32.length + " bytes, not " + SEED_SIZE + ".");
    }
    return new NoteSigner(keyName, seed32.clone());
  }

  public static NoteSigner generate(String keyName, SecureRandom random) {
    byte[] seed = new byte[SEED_SIZE];
    Ed25519.generatePrivateKey(Objects.requireNonNull(random, "random"), seed);
    return fromSeed(keyName, seed);
  }

  public String keyName() {
    return verifier.keyName();
  }

  /** A copy of the 32-byte private seed. */
  public byte[] seed() {
    return seed.clone();
  }

  public NoteVerifier verifier() {
    return verifier;
  }

  /** The raw 64-byte Ed25519 signature of {@code message}. */
  public byte[] sign(byte[] message) {
    Objects.requireNonNull(message, "message");
    byte[] signature = new byte[NoteVerifier.SIGNATURE_SIZE];
    Ed25519.sign(seed, 0, publicKey, 0, message, 0, message.length, signature, 0);
    return signature;
  }

  @Override
  public String toString() {
    return "NoteSigner[" + verifier.vkey() + "]";
  }
}
