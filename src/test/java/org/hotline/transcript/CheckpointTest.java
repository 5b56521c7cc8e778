package org.hotline.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hotline.transcript.Vectors.SPEC_CHECKPOINT_BODY;

import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CheckpointTest {
  private static final String ROOT = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";

  @Test
  void spec_example_body_parses_and_prints_back_identically() {
    Checkpoint checkpoint = Checkpoint.parse(SPEC_CHECKPOINT_BODY);
    assertThat(checkpoint.origin()).isEqualTo("example.com/behind-the-sofa");
    assertThat(checkpoint.size()).isEqualTo(20852163L);
    assertThat(checkpoint.root()).isEqualTo(Base64.getDecoder().decode(ROOT));
    assertThat(checkpoint.body()).isEqualTo(SPEC_CHECKPOINT_BODY);
  }

  @Test
  void empty_and_largest_trees_round_trip() {
    for (long size : new long[] {0, 1, Long.MAX_VALUE}) {
      Checkpoint checkpoint = new Checkpoint("hotline/a/b", size, MerkleHash.emptyRoot());
      assertThat(Checkpoint.parse(checkpoint.body())).isEqualTo(checkpoint);
    }
  }

  static Stream<Arguments> badBodies() {
    String origin = "example.com/log\n";
    return Stream.of(
        bad("no final newline", origin + "5\n" + ROOT, "does not end in a newline"),
        bad("two lines", origin + "5\n", "fewer than three lines"),
        bad("empty body", "\n", "fewer than three lines"),
        bad("extension line", origin + "5\n" + ROOT + "\nextension\n", "extension lines"),
        bad("trailing blank line", origin + "5\n" + ROOT + "\n\n", "extension lines"),
        bad("empty origin", "\n5\n" + ROOT + "\n", "origin is empty"),
        bad("carriage return", "example.com/log\r\n5\r\n" + ROOT + "\r\n", "not a decimal"),
        bad("control character in origin", "exa\tmple\n5\n" + ROOT + "\n", "U+0009"),
        bad("origin over 255 bytes", "é".repeat(128) + "\n5\n" + ROOT + "\n", "256 UTF-8 bytes"),
        bad("leading zero", origin + "05\n" + ROOT + "\n", "\"05\" is not a decimal"),
        bad("plus sign", origin + "+5\n" + ROOT + "\n", "\"+5\" is not a decimal"),
        bad("negative size", origin + "-1\n" + ROOT + "\n", "\"-1\" is not a decimal"),
        bad("empty size", origin + "\n" + ROOT + "\n", "\"\" is not a decimal"),
        bad("hex size", origin + "0x10\n" + ROOT + "\n", "\"0x10\" is not a decimal"),
        bad("size over 2^63-1", origin + "9223372036854775808\n" + ROOT + "\n", "exceeds 2^63-1"),
        bad("root not base64", origin + "5\n" + ROOT.replace('/', '_') + "\n", "not valid base64"),
        bad("root without padding", origin + "5\n" + ROOT.replace("=", "") + "\n", "not canonical"),
        bad(
            "root with stray bits",
            origin + "5\n" + ROOT.replace("2I=", "2J=") + "\n",
            "not canonical"),
        bad(
            "root of 31 bytes",
            origin + "5\n" + Base64.getEncoder().encodeToString(new byte[31]) + "\n",
            "root hash is 31 bytes"),
        bad(
            "root of 33 bytes",
            origin + "5\n" + Base64.getEncoder().encodeToString(new byte[33]) + "\n",
            "root hash is 33 bytes"),
        bad("hex root", origin + "5\n" + "00".repeat(32) + "\n", "root hash is 48 bytes"),
        bad("over-long body", "o".repeat(400) + "\n5\n" + ROOT + "\n", "longer than"));
  }

  private static Arguments bad(String name, String body, String message) {
    return Arguments.of(Named.of(name, body), message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badBodies")
  void parse_rejects_malformed_bodies(String body, String message) {
    assertThatThrownBy(() -> Checkpoint.parse(body))
        .isInstanceOf(TranscriptFormatException.class)
        .hasMessageContaining(message);
  }

  @Test
  void constructor_rejects_what_parse_would_reject() {
    byte[] root = new byte[32];
    assertThatThrownBy(() -> new Checkpoint("two\nlines", 1, root))
        .isInstanceOf(TranscriptFormatException.class)
        .hasMessageContaining("newline");
    assertThatThrownBy(() -> new Checkpoint("log", -1, root))
        .isInstanceOf(TranscriptFormatException.class)
        .hasMessageContaining("negative");
    assertThatThrownBy(() -> new Checkpoint("log", 1, new byte[16]))
        .isInstanceOf(TranscriptFormatException.class)
        .hasMessageContaining("16 bytes");
    assertThatThrownBy(() -> new Checkpoint("bad\uD800", 1, root))
        .isInstanceOf(TranscriptFormatException.class)
        .hasMessageContaining("surrogate");
  }

  @Test
  void origin_of_exactly_255_bytes_is_accepted() {
    Checkpoint checkpoint = new Checkpoint("o".repeat(255), 7, new byte[32]);
    assertThat(Checkpoint.parse(checkpoint.body())).isEqualTo(checkpoint);
  }

  @Test
  void equality_and_hash_compare_the_root_by_content() {
    byte[] root = MerkleHash.leaf(new byte[] {1});
    Checkpoint a = new Checkpoint("log", 3, root);
    Checkpoint b = new Checkpoint("log", 3, root.clone());
    Checkpoint other = new Checkpoint("log", 3, MerkleHash.leaf(new byte[] {2}));
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(other);
    assertThat(a.toString())
        .isEqualTo(b.toString())
        .contains(Base64.getEncoder().encodeToString(root));
  }

  @Test
  void root_cannot_be_changed_through_the_constructor_argument_or_the_accessor() {
    byte[] root = new byte[32];
    Checkpoint checkpoint = new Checkpoint("log", 3, root);
    root[0] = 1;
    checkpoint.root()[1] = 1;
    assertThat(checkpoint.root()).isEqualTo(new byte[32]);
  }

  @Test
  void a_body_of_exactly_the_longest_length_parses() {
    Checkpoint longest =
        new Checkpoint(
            "o".repeat(Checkpoint.MAX_ORIGIN_BYTES),
            Long.MAX_VALUE,
            Base64.getDecoder().decode(ROOT));
    assertThat(longest.body()).hasSize(Checkpoint.MAX_ORIGIN_BYTES + 19 + 44 + 3);
    assertThat(Checkpoint.parse(longest.body())).isEqualTo(longest);
    assertThatThrownBy(() -> Checkpoint.parse("o" + longest.body()))
        .isInstanceOf(TranscriptFormatException.class)
        .hasMessageContaining("longer than 321 characters");
  }
}
