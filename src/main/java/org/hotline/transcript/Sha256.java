package org.hotline.transcript;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 over a concatenation of byte strings. Each thread reuses one {@link MessageDigest}:
 * looking one up per hash cost as much as hashing a short input, and verifying a log hashes every
 * entry and every node. Stateless to callers; thread-safe.
 */
final class Sha256 {
  private static final ThreadLocal<MessageDigest> DIGEST =
      ThreadLocal.withInitial(Sha256::newDigest);

  private Sha256() {}

  static byte[] hash(byte[]... parts) {
    MessageDigest digest = DIGEST.get();
    digest.reset();
    for (byte[] part : parts) {
      digest.update(part);
    }
    return digest.digest();
  }

  /** SHA-256(prefix || data), without the array of parts. */
  static byte[] hash(byte prefix, byte[] data) {
    MessageDigest digest = DIGEST.get();
    digest.reset();
    digest.update(prefix);
    digest.update(data);
    return digest.digest();
  }

  /** SHA-256(prefix || left || right), without the array of parts. */
  static byte[] hash(byte prefix, byte[] left, byte[] right) {
    MessageDigest digest = DIGEST.get();
    digest.reset();
    digest.update(prefix);
    digest.update(left);
    digest.update(right);
    return digest.digest();
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }
}
