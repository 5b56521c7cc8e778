package org.hotline.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.junit.jupiter.api.Test;

/**
 * The per-thread digest is reused, so a hash that fails half-way (a missing part) must leave
 * nothing behind for the next hash on the same thread.
 */
class Sha256Test {
  static final byte[] DATA = {1, 2, 3};

  static byte[] sha256(byte[]... parts) throws NoSuchAlgorithmException {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    for (byte[] part : parts) {
      digest.update(part);
    }
    return digest.digest();
  }

  @Test
  void a_hash_that_fails_half_way_leaves_nothing_in_the_next_one() throws Exception {
    byte[] expected = sha256(new byte[] {0}, DATA);

    assertThatThrownBy(() -> Sha256.hash(new byte[] {9}, null))
        .isInstanceOf(RuntimeException.class);
    assertThat(Sha256.hash(new byte[] {0}, DATA)).isEqualTo(expected);

    assertThatThrownBy(() -> Sha256.hash((byte) 9, null)).isInstanceOf(RuntimeException.class);
    assertThat(Sha256.hash((byte) 0, DATA)).isEqualTo(expected);

    assertThatThrownBy(() -> Sha256.hash((byte) 9, DATA, null))
        .isInstanceOf(RuntimeException.class);
    assertThat(Sha256.hash((byte) 0, DATA, new byte[0])).isEqualTo(expected);
  }
}
