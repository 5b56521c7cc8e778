package org.hotline.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hotline.transcript.Vectors.ENOCH_VKEY;
import static org.hotline.transcript.Vectors.PETER_VKEY;
import static org.hotline.transcript.Vectors.hex;
import static org.hotline.transcript.Vectors.peter;
import static org.hotline.transcript.Vectors.peterSeed;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** NoteSigner and NoteVerifier against golang.org/x/mod/sumdb/note keys. */
class NoteKeysTest {

  @Test
  void seed_of_published_go_signer_key_yields_published_verifier_key() {
    assertThat(peter().verifier().vkey()).isEqualTo(PETER_VKEY);
  }

  @ParameterizedTest
  @ValueSource(strings = {PETER_VKEY, ENOCH_VKEY})
  void published_verifier_keys_parse_and_print_back_identically(String vkey) {
    assertThat(NoteVerifier.parse(vkey).vkey()).isEqualTo(vkey);
  }

  @Test
  void key_ids_follow_signed_note_and_tlog_cosignature_derivations() {
    NoteVerifier verifier = NoteVerifier.parse(PETER_VKEY);
    assertThat(hex(verifier.keyId())).isEqualTo("c74f20a3");
    // SHA-256("PeterNeumann" || 0x0A || 0x04 || pub)[:4], computed independently with hashlib.
    assertThat(hex(verifier.cosignatureKeyId())).isEqualTo("18b9780b");
  }

  @Test
  void every_truncation_and_single_byte_increment_of_a_published_verifier_key_is_rejected() {
    // The manglings of TestNewVerifier in golang.org/x/mod/sumdb/note.
    for (int i = 0; i <= PETER_VKEY.length(); i++) {
      for (int j = i + 1; j <= PETER_VKEY.length(); j++) {
        if (i != 0 || j != PETER_VKEY.length()) {
          String mangled = PETER_VKEY.substring(i, j);
          assertThatThrownBy(() -> NoteVerifier.parse(mangled))
              .as(mangled)
              .isInstanceOf(TranscriptFormatException.class);
        }
      }
    }
    for (int i = 0; i < PETER_VKEY.length(); i++) {
      char[] chars = PETER_VKEY.toCharArray();
      chars[i]++;
      String mangled = new String(chars);
      assertThatThrownBy(() -> NoteVerifier.parse(mangled))
          .as(mangled)
          .isInstanceOf(TranscriptFormatException.class);
    }
  }

  static Stream<Arguments> badVerifierKeys() {
    return Stream.of(
        bad(
            "wrong key length with adjusted key ID (Go vector)",
            "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==",
            "not canonical padded base64"),
        bad("33-byte key", "PeterNeumann+c74f20a3+" + typedKey(33), "public key is 33 bytes"),
        bad("31-byte key", "PeterNeumann+c74f20a3+" + typedKey(31), "public key is 31 bytes"),
        bad(
            "unknown algorithm with adjusted key ID (Go vector)",
            "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
            "signature type 0x01"),
        bad("uppercase key ID", PETER_VKEY.replace("c74f20a3", "C74F20A3"), "lowercase hex"),
        bad("short key ID", PETER_VKEY.replace("c74f20a3", "c74f20a"), "8 lowercase hex"),
        bad("no key", "PeterNeumann+c74f20a3", "name+keyid+key"),
        bad("empty key", "PeterNeumann+c74f20a3+", "signature type 0x01"),
        bad("empty name", PETER_VKEY.substring("PeterNeumann".length()), "Key name is empty"),
        bad("key ID of another key", PETER_VKEY.replace("c74f20a3", "af0cfe78"), "does not match"),
        bad(
            "name of another key",
            PETER_VKEY.replace("PeterNeumann", "EnochRoot"),
            "does not match"),
        bad("extra padding", PETER_VKEY + "=", "base64"),
        bad(
            "unpadded key",
            "PeterNeumann+c74f20a3+" + typedKey(31).replace("=", ""),
            "not canonical"));
  }

  private static String typedKey(int keyLength) {
    byte[] typed = new byte[1 + keyLength];
    typed[0] = 0x01;
    return Base64.getEncoder().encodeToString(typed);
  }

  private static Arguments bad(String name, String vkey, String message) {
    return Arguments.of(Named.of(name, vkey), message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badVerifierKeys")
  void parse_rejects_malformed_verifier_keys(String vkey, String message) {
    assertThatThrownBy(() -> NoteVerifier.parse(vkey))
        .isInstanceOf(TranscriptFormatException.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {"", "a b", "a+b", "a\u00a0b", "a\u2003b", "a\u0085b", "a\tb", "a\nb", "a\u0001b"})
  void invalid_key_names_are_rejected_everywhere(String name) {
    assertThatThrownBy(() -> NoteSigner.fromSeed(name, new byte[32]))
        .isInstanceOf(TranscriptFormatException.class)
        .hasMessageStartingWith("Key name");
    assertThatThrownBy(() -> new NoteVerifier(name, new byte[32]))
        .isInstanceOf(TranscriptFormatException.class)
        .hasMessageStartingWith("Key name");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 31, 33, 64})
  void seeds_and_public_keys_must_be_32_bytes(int length) {
    assertThatThrownBy(() -> NoteSigner.fromSeed("k", new byte[length]))
        .isInstanceOf(TranscriptFormatException.class)
        .hasMessage("Ed25519 seed is " + length + " bytes, not 32.");
    assertThatThrownBy(() -> new NoteVerifier("k", new byte[length]))
        .isInstanceOf(TranscriptFormatException.class)
        .hasMessage("Ed25519 public key is " + length + " bytes, not 32.");
  }

  @Test
  void generated_signer_is_rebuilt_from_its_seed() {
    NoteSigner generated = NoteSigner.generate("hotline.example/a", new SecureRandom());
    NoteSigner rebuilt = NoteSigner.fromSeed("hotline.example/a", generated.seed());
    assertThat(rebuilt.verifier()).isEqualTo(generated.verifier());
    assertThat(NoteSigner.generate("hotline.example/a", new SecureRandom()).verifier())
        .isNotEqualTo(generated.verifier());
  }

  @Test
  void signature_verifies_and_fails_after_any_single_bit_flip_of_message_signature_or_key() {
    NoteSigner signer = peter();
    byte[] message = "hello, hotline\n".getBytes(StandardCharsets.UTF_8);
    byte[] signature = signer.sign(message);
    byte[] publicKey = signer.verifier().publicKey();
    NoteVerifier verifier = signer.verifier();
    assertThat(signature).hasSize(64).isEqualTo(signer.sign(message));
    assertThat(verifier.verify(message, signature)).isTrue();
    for (int bit = 0; bit < message.length * 8; bit++) {
      assertThat(verifier.verify(flip(message, bit), signature))
          .as("message bit %d", bit)
          .isFalse();
    }
    for (int bit = 0; bit < signature.length * 8; bit++) {
      assertThat(verifier.verify(message, flip(signature, bit)))
          .as("signature bit %d", bit)
          .isFalse();
    }
    for (int bit = 0; bit < publicKey.length * 8; bit++) {
      NoteVerifier other = new NoteVerifier("PeterNeumann", flip(publicKey, bit));
      assertThat(other.verify(message, signature)).as("key bit %d", bit).isFalse();
    }
  }

  @Test
  void signatures_of_the_wrong_length_do_not_verify() {
    NoteSigner signer = peter();
    byte[] message = {1, 2, 3};
    byte[] signature = signer.sign(message);
    byte[] longer = Arrays.copyOf(signature, 65);
    assertThat(signer.verifier().verify(message, longer)).isFalse();
    assertThat(signer.verifier().verify(message, new byte[0])).isFalse();
  }

  @Test
  void signer_does_not_show_or_share_its_seed() {
    NoteSigner signer = peter();
    assertThat(signer.toString())
        .contains(PETER_VKEY)
        .doesNotContain(hex(peterSeed()))
        .doesNotContain(Base64.getEncoder().encodeToString(peterSeed()));
    signer.seed()[0] ^= 1;
    assertThat(signer.seed()).isEqualTo(peterSeed());
  }

  @Test
  void verifiers_are_equal_by_content() {
    NoteVerifier a = NoteVerifier.parse(PETER_VKEY);
    NoteVerifier b = new NoteVerifier("PeterNeumann", a.publicKey());
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).hasToString(PETER_VKEY);
    assertThat(a).isNotEqualTo(new NoteVerifier("PeterNeumann2", a.publicKey()));
  }

  static byte[] flip(byte[] bytes, int bit) {
    byte[] copy = bytes.clone();
    copy[bit / 8] ^= (byte) (1 << (bit % 8));
    return copy;
  }
}
