package org.hotline.witness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AddCheckpointRequestTest {
  private static final String NOTE =
      "example.com/log\n3\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n— example.com/log AAAAAAAA\n";
  private static final String HASH = "PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=";

  @Test
  void a_request_reads_back_as_written() {
    AddCheckpointRequest request =
        AddCheckpointRequest.parse(
            ("old 2\n" + HASH + "\n" + HASH + "\n\n" + NOTE).getBytes(StandardCharsets.UTF_8));

    assertThat(request.oldSize()).isEqualTo(2);
    assertThat(request.proof()).hasSize(2);
    assertThat(request.checkpoint()).isEqualTo(NOTE);
    assertThat(new String(request.body(), StandardCharsets.UTF_8))
        .isEqualTo("old 2\n" + HASH + "\n" + HASH + "\n\n" + NOTE);
  }

  @Test
  void an_empty_proof_is_an_old_line_and_a_blank_line() {
    AddCheckpointRequest request =
        AddCheckpointRequest.parse(("old 0\n\n" + NOTE).getBytes(StandardCharsets.UTF_8));

    assertThat(request.oldSize()).isZero();
    assertThat(request.proof()).isEmpty();
  }

  static List<Arguments> malformed() {
    return List.of(
        Arguments.of(Named.of("no newline at all", "old 1"), "the request has no old size line"),
        Arguments.of(
            Named.of("leading zero in the old size", "old 007\n\n" + NOTE),
            "the first line must be 'old <size>' in decimal without leading zeros, not 'old 007'"),
        Arguments.of(Named.of("a sign on the old size", "old -1\n\n" + NOTE), "not 'old -1'"),
        Arguments.of(
            Named.of("the old size beyond 2^63-1", "old 9999999999999999999\n\n" + NOTE),
            "the old size exceeds 2^63-1"),
        Arguments.of(
            Named.of("no blank line before the checkpoint", "old 1\n" + HASH + "\n"),
            "the request has no empty line before the checkpoint"),
        Arguments.of(
            Named.of("a proof line that is not base64", "old 1\n!!!\n\n" + NOTE),
            "consistency proof line 1 is not base64"),
        Arguments.of(
            Named.of(
                "a proof line of 31 bytes",
                "old 1\nPlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkQ==\n\n" + NOTE),
            "consistency proof line 1 is not the canonical base64 of a 32-byte hash"),
        Arguments.of(
            Named.of("64 proof lines", "old 1\n" + (HASH + "\n").repeat(64) + "\n" + NOTE),
            "the consistency proof has more than 63 lines"));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void a_malformed_body_is_a_bad_request_naming_the_rule(String body, String detail) {
    assertThatThrownBy(() -> AddCheckpointRequest.parse(body.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            WitnessRefusedException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(WitnessRefusedException.Kind.BAD_REQUEST);
              assertThat(e.getMessage()).contains(detail);
            });
  }

  @Test
  void a_body_over_the_limit_is_refused_unread() {
    byte[] body = new byte[AddCheckpointRequest.BODY_BYTES_MAX + 1];

    assertThatThrownBy(() -> AddCheckpointRequest.parse(body))
        .hasMessageContaining("over the limit of " + AddCheckpointRequest.BODY_BYTES_MAX);
  }
}
