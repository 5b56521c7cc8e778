package org.hotline.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** TOTP codes, their window and their single use, and recovery codes. */
class SecondFactorTest {
  /** RFC 6238 appendix B's SHA-1 key: the ASCII digits 1234567890 twice. */
  private static final byte[] RFC_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

  private final byte[] secret = SecondFactor.enrolment(new SecureRandom()).secret();
  private final Instant now = Instant.parse("2026-12-07T03:00:10Z");
  private final long step = SecondFactor.step(now);

  @Test
  void codes_are_those_of_rfc_6238_appendix_b_cut_to_six_digits() {
    // RFC 6238's table gives eight digits: 94287082, 07081804, 14050471, 89005924, 69279037.
    assertThat(SecondFactor.code(RFC_KEY, SecondFactor.step(Instant.ofEpochSecond(59))))
        .isEqualTo("287082");
    assertThat(SecondFactor.code(RFC_KEY, SecondFactor.step(Instant.ofEpochSecond(1111111109))))
        .isEqualTo("081804");
    assertThat(SecondFactor.code(RFC_KEY, SecondFactor.step(Instant.ofEpochSecond(1111111111))))
        .isEqualTo("050471");
    assertThat(SecondFactor.code(RFC_KEY, SecondFactor.step(Instant.ofEpochSecond(1234567890))))
        .isEqualTo("005924");
    assertThat(SecondFactor.code(RFC_KEY, SecondFactor.step(Instant.ofEpochSecond(2000000000))))
        .isEqualTo("279037");
  }

  @Test
  void a_step_is_thirty_seconds_of_unix_time() {
    assertThat(SecondFactor.step(Instant.ofEpochSecond(29))).isZero();
    assertThat(SecondFactor.step(Instant.ofEpochSecond(30))).isEqualTo(1);
    assertThat(SecondFactor.step(Instant.ofEpochSecond(59))).isEqualTo(1);
  }

  @Test
  void the_current_step_and_one_either_side_are_accepted_and_no_further() {
    assertThat(match(SecondFactor.code(secret, step), Long.MIN_VALUE)).hasValue(step);
    assertThat(match(SecondFactor.code(secret, step - 1), Long.MIN_VALUE)).hasValue(step - 1);
    assertThat(match(SecondFactor.code(secret, step + 1), Long.MIN_VALUE)).hasValue(step + 1);
    assertThat(match(SecondFactor.code(secret, step - 2), Long.MIN_VALUE)).isEmpty();
    assertThat(match(SecondFactor.code(secret, step + 2), Long.MIN_VALUE)).isEmpty();
  }

  @Test
  void the_window_moves_at_the_step_boundary() {
    Instant lastSecond = Instant.ofEpochSecond((step + 1) * 30 - 1);
    Instant nextStep = Instant.ofEpochSecond((step + 1) * 30);
    String old = SecondFactor.code(secret, step - 1);
    assertThat(SecondFactor.matchingStep(secret, old, lastSecond, Long.MIN_VALUE)).isPresent();
    assertThat(SecondFactor.matchingStep(secret, old, nextStep, Long.MIN_VALUE)).isEmpty();
  }

  @Test
  void a_code_whose_step_is_not_after_the_last_used_is_refused() {
    String code = SecondFactor.code(secret, step);
    assertThat(match(code, step)).isEmpty();
    assertThat(match(code, step + 1)).isEmpty();
    assertThat(match(code, step - 1)).hasValue(step);
    assertThat(match(SecondFactor.code(secret, step + 1), step)).hasValue(step + 1);
  }

  @Test
  void spaces_are_ignored_and_anything_but_six_digits_matches_nothing() {
    String code = SecondFactor.code(secret, step);
    assertThat(match(code.substring(0, 3) + " " + code.substring(3), Long.MIN_VALUE))
        .hasValue(step);
    for (String typed :
        List.of("", "12345", "1234567", "12a456", "１２３４５６", "-12345", code + "0", "\u0000")) {
      assertThat(match(typed, Long.MIN_VALUE)).as(typed).isEmpty();
    }
    assertThat(SecondFactor.matchingStep(secret, null, now, Long.MIN_VALUE)).isEmpty();
  }

  @Test
  void another_secret_gives_other_codes() {
    byte[] other = SecondFactor.enrolment(new SecureRandom()).secret();
    int same = 0;
    for (long s = step; s < step + 50; s++) {
      same += SecondFactor.code(secret, s).equals(SecondFactor.code(other, s)) ? 1 : 0;
    }
    assertThat(same).isLessThan(3);
  }

  @Test
  void the_enrolment_is_a_160_bit_secret_in_base32_and_an_otpauth_uri() {
    SecondFactor.Enrolment enrolment = SecondFactor.enrolment(new SecureRandom());
    assertThat(enrolment.secret()).hasSize(20);
    assertThat(enrolment.base32()).matches("[A-Z2-7]{32}");
    assertThat(enrolment.grouped()).matches("([A-Z2-7]{4} ){7}[A-Z2-7]{4}");
    assertThat(enrolment.uri("Hotline Party US", "li.wei"))
        .isEqualTo(
            "otpauth://totp/Hotline%20Party%20US:li.wei?secret="
                + enrolment.base32()
                + "&issuer=Hotline%20Party%20US&algorithm=SHA1&digits=6&period=30");
    byte[] copy = enrolment.secret();
    copy[0] ^= 1;
    assertThat(enrolment.secret()[0]).isNotEqualTo(copy[0]);
  }

  @Test
  void recovery_codes_are_ten_distinct_80_bit_codes_found_however_typed() {
    List<String> codes = SecondFactor.recoveryCodes(new SecureRandom());
    assertThat(codes).hasSize(10);
    assertThat(new HashSet<>(codes)).hasSize(10);
    assertThat(codes).allMatch(code -> code.matches("[a-z2-7]{4}(-[a-z2-7]{4}){3}"));
    String code = codes.get(0);
    byte[] hash = SecondFactor.recoveryCodeHash(code);
    assertThat(hash).hasSize(32);
    assertThat(SecondFactor.recoveryCodeHash(code.toUpperCase(java.util.Locale.ROOT)))
        .isEqualTo(hash);
    assertThat(SecondFactor.recoveryCodeHash(" " + code.replace("-", " ") + " ")).isEqualTo(hash);
    assertThat(SecondFactor.recoveryCodeHash(code.replace("-", ""))).isEqualTo(hash);
    assertThat(SecondFactor.recoveryCodeHash(codes.get(1))).isNotEqualTo(hash);
  }

  @Test
  void what_cannot_be_a_recovery_code_has_no_hash() {
    for (String typed :
        new String[] {
          null,
          "",
          "123456",
          "abcd-efgh-ijkl-mno",
          "abcd-efgh-ijkl-mnop-q",
          "abcd-efgh-ijkl-mno1",
          "x".repeat(65)
        }) {
      assertThat(SecondFactor.recoveryCodeHash(typed)).as(String.valueOf(typed)).isNull();
    }
  }

  private OptionalLong match(String typed, long lastUsed) {
    return SecondFactor.matchingStep(secret, typed, now, lastUsed);
  }
}
