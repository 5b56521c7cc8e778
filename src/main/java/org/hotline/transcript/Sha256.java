package org.hotline.transcript;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 over a concatenation of byte strings. Stateless; thread-safe. */
final class Sha256 {
  private Sha256() {}

  static byte[] hash(byte[]... parts) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
    for (byte[] part : parts) {
      digest.update(part);
    }
    return digest.digest();
  }
}
