package org.hotline.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hotline.transcript.Vectors.SPEC_CHECKPOINT_BODY;
import static org.hotline.transcript.Vectors.SPEC_COSIGNATURE_TIME;
import static org.hotline.transcript.Vectors.SPEC_COSIGNED_CHECKPOINT;
import static org.hotline.transcript.Vectors.hex;
import static org.hotline.transcript.Vectors.peter;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.hotline.transcript.SignedNote.NoteSignature;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CosignatureTest {
  private static final Checkpoint CHECKPOINT = Checkpoint.parse(SPEC_CHECKPOINT_BODY);
  private static final NoteSigner SIGNER = peter();
  private static final NoteVerifier VERIFIER = SIGNER.verifier();

  /**
   * The Go sumdb/note "PeterNeumann" key cosigning the tlog-cosignature example checkpoint at the
   * example's time; computed independently with pyca/cryptography (OpenSSL Ed25519).
   */
  private static final String PETER_COSIGNATURE_LINE =
      "— PeterNeumann GLl4CwAAAABkGFDLJeR//pqzh"
          + "nEKVvEm2wWbh2RJ6oru5+cUUfm5X9NnlaGr8aSH9QE5RVZD4QGlxl2F5UpVIIi94p178KLfqPPsAA==";

  @Test
  void signed_message_matches_the_tlog_cosignature_spec_example() {
    String expected =
        "cosignature/v1\n"
            + "time 1679315147\n"
            + "example.com/behind-the-sofa\n"
            + "20852163\n"
            + "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
    assertThat(
            new String(
                Cosignature.signedMessage(CHECKPOINT, SPEC_COSIGNATURE_TIME),
                StandardCharsets.UTF_8))
        .isEqualTo(expected);
  }

  @Test
  void cosignature_by_published_go_key_matches_an_independent_implementation_bit_for_bit() {
    NoteSignature signature = Cosignature.sign(CHECKPOINT, SIGNER, SPEC_COSIGNATURE_TIME);
    assertThat(signature.line()).isEqualTo(PETER_COSIGNATURE_LINE);
    NoteSignature parsed =
        SignedNote.parse(SPEC_CHECKPOINT_BODY + "\n" + PETER_COSIGNATURE_LINE + "\n")
            .signatures()
            .get(0);
    assertThat(Cosignature.verify(CHECKPOINT, parsed, VERIFIER)).isTrue();
  }

  @Test
  void timestamp_of_spec_example_witness_cosignature_is_the_time_in_its_signed_message() {
    SignedNote note = SignedNote.parse(SPEC_COSIGNED_CHECKPOINT);
    assertThat(Checkpoint.parse(note.text())).isEqualTo(CHECKPOINT);
    NoteSignature witness = note.signatures().get(1);
    assertThat(witness.keyName()).isEqualTo("witness.example.com/w1");
    assertThat(hex(witness.keyId())).isEqualTo("8d66cf3f");
    assertThat(Cosignature.timestamp(witness)).isEqualTo(SPEC_COSIGNATURE_TIME);
  }

  static Stream<Arguments> publishedPayloads() {
    // transparency-dev/formats note/note_cosigv1_test.go, TestCosignatureTimestamp.
    return Stream.of(
        Arguments.of(
            Named.of(
                "cosignature",
                "ZGhGuQAAAABm/qTPeyKXD+R2rzyQsxPiP8mXum7qq/iF0u4vanlq"
                    + "JyocWODBt97w9uL+8qT7S5gxEHWWOworDcFiEBYJXORmnFBOBA=="),
            1727964367L),
        Arguments.of(
            Named.of(
                "plain Ed25519 signature",
                "eQjRQm6eSKzFoiYalgwCPXu2y3ijtg68is9M46JK"
                    + "xuZB+dRfTmeQeDBoXnvxZx2ugnkyV+MUMLXpWs1hPb/W/4xkNQY="),
            -1L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("publishedPayloads")
  void timestamp_reads_published_payloads_and_rejects_plain_signatures(String base64, long want) {
    byte[] payload = Base64.getDecoder().decode(base64);
    NoteSignature signature =
        new NoteSignature(
            "w", Arrays.copyOf(payload, 4), Arrays.copyOfRange(payload, 4, payload.length));
    if (want >= 0) {
      assertThat(Cosignature.timestamp(signature)).isEqualTo(want);
    } else {
      assertThatThrownBy(() -> Cosignature.timestamp(signature))
          .isInstanceOf(TranscriptFormatException.class)
          .hasMessage(
              "Cosignature carries 64 bytes after the key ID, not 72 (timestamp and "
                  + "signature).");
    }
  }

  @Test
  void cosignature_round_trips_through_a_signed_note() {
    NoteSigner log = NoteSigner.fromSeed("hotline/a/b", new byte[32]);
    Checkpoint checkpoint = new Checkpoint("hotline/a/b", 42, MerkleHash.leaf(new byte[] {7}));
    SignedNote signed =
        SignedNote.sign(checkpoint.body(), log)
            .withSignature(Cosignature.sign(checkpoint, SIGNER, 1_700_000_000L));
    SignedNote parsed = SignedNote.parse(signed.encode());
    NoteSignature cosignature = parsed.signatures().get(1);
    assertThat(Cosignature.verify(Checkpoint.parse(parsed.text()), cosignature, VERIFIER)).isTrue();
    assertThat(Cosignature.timestamp(cosignature)).isEqualTo(1_700_000_000L);
    assertThat(parsed.verifiedBy(log.verifier())).isTrue();
    assertThat(parsed.verifiedBy(VERIFIER)).as("cosignature is not a note signature").isFalse();
    assertThat(Cosignature.verify(checkpoint, parsed.signatures().get(0), log.verifier()))
        .as("note signature is not a cosignature")
        .isFalse();
  }

  static Stream<Arguments> tamperings() {
    NoteVerifier other = NoteSigner.fromSeed("PeterNeumann", new byte[32]).verifier();
    return Stream.of(
        tamper(
            "other origin",
            c -> new Checkpoint("example.com/other", c.size(), c.root()),
            s -> s,
            VERIFIER),
        tamper(
            "other size",
            c -> new Checkpoint(c.origin(), c.size() + 1, c.root()),
            s -> s,
            VERIFIER),
        tamper(
            "other root",
            c -> new Checkpoint(c.origin(), c.size(), MerkleHash.emptyRoot()),
            s -> s,
            VERIFIER),
        tamper(
            "later timestamp",
            c -> c,
            s -> withPayload(s, NoteKeysTest.flip(s.signature(), 0)),
            VERIFIER),
        tamper(
            "timestamp beyond 2^63-1",
            c -> c,
            s -> withPayload(s, NoteKeysTest.flip(s.signature(), 7)),
            VERIFIER),
        tamper(
            "plain note key ID",
            c -> c,
            s -> new NoteSignature(s.keyName(), VERIFIER.keyId(), s.signature()),
            VERIFIER),
        tamper(
            "other key name",
            c -> c,
            s -> new NoteSignature("PaulNeumann", s.keyId(), s.signature()),
            VERIFIER),
        tamper("other key, same name", c -> c, s -> s, other),
        tamper(
            "truncated payload",
            c -> c,
            s -> withPayload(s, Arrays.copyOf(s.signature(), 71)),
            VERIFIER),
        tamper(
            "payload without timestamp",
            c -> c,
            s -> withPayload(s, Arrays.copyOfRange(s.signature(), 8, 72)),
            VERIFIER));
  }

  private static Arguments tamper(
      String name,
      UnaryOperator<Checkpoint> checkpoint,
      UnaryOperator<NoteSignature> signature,
      NoteVerifier verifier) {
    return Arguments.of(Named.of(name, checkpoint), signature, verifier);
  }

  private static NoteSignature withPayload(NoteSignature signature, byte[] payload) {
    return new NoteSignature(signature.keyName(), signature.keyId(), payload);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tamperings")
  void tampered_cosignature_does_not_verify(
      UnaryOperator<Checkpoint> checkpoint,
      UnaryOperator<NoteSignature> signature,
      NoteVerifier verifier) {
    NoteSignature genuine = Cosignature.sign(CHECKPOINT, SIGNER, SPEC_COSIGNATURE_TIME);
    assertThat(Cosignature.verify(CHECKPOINT, genuine, VERIFIER)).isTrue();
    assertThat(Cosignature.verify(checkpoint.apply(CHECKPOINT), signature.apply(genuine), verifier))
        .isFalse();
  }

  @Test
  void any_single_bit_change_in_the_payload_fails_verification() {
    NoteSignature genuine = Cosignature.sign(CHECKPOINT, SIGNER, SPEC_COSIGNATURE_TIME);
    for (int bit = 0; bit < 72 * 8; bit++) {
      NoteSignature tampered = withPayload(genuine, NoteKeysTest.flip(genuine.signature(), bit));
      assertThat(Cosignature.verify(CHECKPOINT, tampered, VERIFIER)).as("bit %d", bit).isFalse();
    }
  }

  @Test
  void timestamps_beyond_2_63_minus_1_are_refused() {
    NoteSignature genuine = Cosignature.sign(CHECKPOINT, SIGNER, 0);
    assertThat(Cosignature.timestamp(genuine)).isZero();
    NoteSignature huge = withPayload(genuine, NoteKeysTest.flip(genuine.signature(), 7));
    assertThatThrownBy(() -> Cosignature.timestamp(huge))
        .isInstanceOf(TranscriptFormatException.class)
        .hasMessage("Cosignature timestamp exceeds 2^63-1.");
    assertThatThrownBy(() -> Cosignature.sign(CHECKPOINT, SIGNER, -1))
        .isInstanceOf(TranscriptFormatException.class)
        .hasMessage("Cosignature timestamp -1 is negative.");
  }
}
