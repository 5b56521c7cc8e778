package org.hotline.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import org.hotline.testing.ConsoleStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sign-in with a second factor, against a real SQLite database and a clock the test moves: who is
 * asked to enrol, codes at the edges of their window, a code used twice, recovery codes, and the
 * lockout counting both factors.
 */
class SecondFactorAccountsTest {
  private static final String PASSWORD = "correct horse battery";
  private static final String ADDRESS = "192.0.2.7";

  @TempDir Path dir;
  ConsoleStores.Opened stores;
  Accounts accounts;
  Instant now = Instant.parse("2026-12-07T03:00:10Z");

  private final Clock clock =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  @BeforeEach
  void open() {
    stores = ConsoleStores.open(dir);
    accounts = accounts(Accounts.DEFAULT_SECOND_FACTOR_ROLES);
    for (Role role : Role.values()) {
      accounts.add(role.label().replace("-", ""), role, PASSWORD.toCharArray(), Actor.CLI);
    }
  }

  private Accounts accounts(java.util.Set<Role> roles) {
    return new Accounts(
        stores.console(),
        new Passwords(new SecureRandom()),
        new Audit(stores.console(), clock),
        clock,
        new SecureRandom(),
        roles);
  }

  @AfterEach
  void close() {
    stores.close();
  }

  private Accounts.SignIn password(String username) {
    return accounts.signIn(username, PASSWORD.toCharArray(), ADDRESS);
  }

  /** Enrols {@code username} with a code of the current step; returns the secret. */
  private byte[] enrol(String username) {
    assertThat(password(username)).isInstanceOf(Accounts.SignIn.EnrolmentNeeded.class);
    SecondFactor.Enrolment enrolment = accounts.newEnrolment();
    Accounts.SignIn enrolled =
        accounts.enrol(
            username,
            enrolment,
            SecondFactor.code(enrolment.secret(), SecondFactor.step(now)),
            ADDRESS);
    assertThat(enrolled).isInstanceOf(Accounts.SignIn.Enrolled.class);
    return enrolment.secret();
  }

  /** Signs in with the password, enrols {@code enrolment}; returns the recovery codes. */
  private List<String> enrolWithCodes(String username, SecondFactor.Enrolment enrolment) {
    assertThat(password(username)).isInstanceOf(Accounts.SignIn.EnrolmentNeeded.class);
    Accounts.SignIn outcome =
        accounts.enrol(
            username,
            enrolment,
            SecondFactor.code(enrolment.secret(), SecondFactor.step(now)),
            ADDRESS);
    assertThat(outcome).isInstanceOf(Accounts.SignIn.Enrolled.class);
    return ((Accounts.SignIn.Enrolled) outcome).recoveryCodes();
  }

  private String code(byte[] secret, int stepsFromNow) {
    return SecondFactor.code(secret, SecondFactor.step(now) + stepsFromNow);
  }

  private List<String> auditDetails(String action) {
    return stores.console().auditLog(Long.MAX_VALUE, 100).stream()
        .filter(entry -> entry.action().equals(action))
        .map(AuditEntry::detail)
        .toList();
  }

  @Test
  void by_default_administrators_and_releasing_officers_enrol_and_others_sign_in_with_a_password() {
    assertThat(password("administrator")).isInstanceOf(Accounts.SignIn.EnrolmentNeeded.class);
    assertThat(password("releasingofficer")).isInstanceOf(Accounts.SignIn.EnrolmentNeeded.class);
    assertThat(password("dutyofficer")).isInstanceOf(Accounts.SignIn.Accepted.class);
    assertThat(password("viewer")).isInstanceOf(Accounts.SignIn.Accepted.class);
    assertThat(auditDetails(Audit.SIGN_IN_PASSWORD))
        .containsOnly("waiting for the second factor's enrolment");
  }

  @Test
  void the_roles_are_configurable_and_an_empty_set_asks_no_one() {
    accounts = accounts(EnumSet.noneOf(Role.class));
    assertThat(password("administrator")).isInstanceOf(Accounts.SignIn.Accepted.class);
    accounts = accounts(EnumSet.of(Role.VIEWER));
    assertThat(password("viewer")).isInstanceOf(Accounts.SignIn.EnrolmentNeeded.class);
    assertThat(password("administrator")).isInstanceOf(Accounts.SignIn.Accepted.class);
  }

  @Test
  void an_enrolment_gives_ten_recovery_codes_signs_in_and_then_every_sign_in_asks_for_a_code() {
    assertThat(password("administrator")).isInstanceOf(Accounts.SignIn.EnrolmentNeeded.class);
    SecondFactor.Enrolment enrolment = accounts.newEnrolment();
    Accounts.SignIn outcome =
        accounts.enrol(
            "administrator",
            enrolment,
            SecondFactor.code(enrolment.secret(), SecondFactor.step(now)),
            ADDRESS);
    assertThat(outcome).isInstanceOf(Accounts.SignIn.Enrolled.class);
    assertThat(((Accounts.SignIn.Enrolled) outcome).recoveryCodes()).hasSize(10);
    assertThat(accounts.secondFactor("administrator").orElseThrow().recoveryCodesLeft())
        .isEqualTo(10);
    assertThat(accounts.secondFactorsEnrolled()).containsOnlyKeys("administrator");
    assertThat(stores.console().credentials("administrator").orElseThrow().user().lastSignInAt())
        .isEqualTo(now);
    assertThat(auditDetails(Audit.SECOND_FACTOR_ENROL)).containsExactly("10 recovery codes issued");

    now = now.plus(Duration.ofMinutes(10));
    assertThat(password("administrator")).isInstanceOf(Accounts.SignIn.CodeNeeded.class);
  }

  @Test
  void a_user_whose_role_does_not_require_it_but_who_enrolled_is_asked_for_a_code() {
    SecondFactor.Enrolment enrolment = accounts.newEnrolment();
    assertThat(
            accounts.enrol(
                "dutyofficer",
                enrolment,
                SecondFactor.code(enrolment.secret(), SecondFactor.step(now)),
                ADDRESS))
        .isInstanceOf(Accounts.SignIn.Enrolled.class);
    assertThat(password("dutyofficer")).isInstanceOf(Accounts.SignIn.CodeNeeded.class);
  }

  @Test
  void of_two_enrolments_begun_together_the_first_confirmed_stands() {
    SecondFactor.Enrolment first = accounts.newEnrolment();
    SecondFactor.Enrolment second = accounts.newEnrolment();
    long step = SecondFactor.step(now);
    assertThat(
            accounts.enrol(
                "administrator", second, SecondFactor.code(second.secret(), step), ADDRESS))
        .isInstanceOf(Accounts.SignIn.Enrolled.class);
    assertThat(
            accounts.enrol(
                "administrator", first, SecondFactor.code(first.secret(), step), ADDRESS))
        .isInstanceOf(Accounts.SignIn.Refused.class);
    assertThat(accounts.secondFactor("administrator").orElseThrow().secret())
        .isEqualTo(second.secret());
    assertThat(accounts.secondFactor("administrator").orElseThrow().recoveryCodesLeft())
        .isEqualTo(10);
    assertThat(auditDetails(Audit.SIGN_IN_FAILED))
        .containsExactly("enrolment refused: a second factor is enrolled, failure 1");
  }

  @Test
  void ten_wrong_codes_in_a_row_lock_the_codes_until_a_recovery_code_or_a_reset() {
    SecondFactor.Enrolment enrolment = accounts.newEnrolment();
    List<String> recovery = enrolWithCodes("administrator", enrolment);
    byte[] secret = enrolment.secret();
    for (int i = 0; i < Accounts.SECOND_FACTOR_FAILURES_MAX; i++) {
      // Each from its own address and an hour apart: the lockout alone would not stop them.
      now = now.plus(Duration.ofHours(2));
      String wrong = code(secret, 0).equals("000000") ? "000001" : "000000";
      assertThat(accounts.secondFactor("administrator", wrong, "192.0.2." + (10 + i)))
          .isInstanceOf(Accounts.SignIn.Refused.class);
    }
    assertThat(auditDetails(Audit.SECOND_FACTOR_LOCKED)).hasSize(1);
    now = now.plus(Duration.ofHours(2));
    assertThat(accounts.secondFactor("administrator", code(secret, 0), "192.0.2.99"))
        .isInstanceOf(Accounts.SignIn.CodesLocked.class);
    // A recovery code still signs in, and clears the count.
    assertThat(accounts.secondFactor("administrator", recovery.get(0), "192.0.2.99"))
        .isInstanceOf(Accounts.SignIn.Accepted.class);
    now = now.plus(Duration.ofHours(2));
    assertThat(accounts.secondFactor("administrator", code(secret, 0), "192.0.2.99"))
        .isInstanceOf(Accounts.SignIn.Accepted.class);
    assertThat(accounts.secondFactor("administrator").orElseThrow().failures()).isZero();
  }

  @Test
  void the_enrolment_code_is_used_and_a_wrong_one_stores_nothing() {
    assertThat(password("administrator")).isInstanceOf(Accounts.SignIn.EnrolmentNeeded.class);
    SecondFactor.Enrolment enrolment = accounts.newEnrolment();
    String wrong = SecondFactor.code(enrolment.secret(), SecondFactor.step(now) + 5);
    assertThat(accounts.enrol("administrator", enrolment, wrong, ADDRESS))
        .isInstanceOf(Accounts.SignIn.Refused.class);
    assertThat(accounts.secondFactor("administrator")).isEmpty();
    String right = SecondFactor.code(enrolment.secret(), SecondFactor.step(now));
    assertThat(accounts.enrol("administrator", enrolment, right, ADDRESS))
        .isInstanceOf(Accounts.SignIn.Enrolled.class);
    assertThat(password("administrator")).isInstanceOf(Accounts.SignIn.CodeNeeded.class);
    assertThat(accounts.secondFactor("administrator", right, ADDRESS))
        .isInstanceOf(Accounts.SignIn.Refused.class);
  }

  @Test
  void codes_of_the_neighbouring_steps_are_accepted_and_those_beyond_refused() {
    byte[] secret = enrol("administrator");
    now = now.plus(Duration.ofMinutes(5));
    assertThat(accounts.secondFactor("administrator", code(secret, -2), ADDRESS))
        .isInstanceOf(Accounts.SignIn.Refused.class);
    assertThat(accounts.secondFactor("administrator", code(secret, 2), ADDRESS))
        .isInstanceOf(Accounts.SignIn.Refused.class);
    assertThat(accounts.secondFactor("administrator", code(secret, -1), ADDRESS))
        .isInstanceOf(Accounts.SignIn.Accepted.class);
    assertThat(accounts.secondFactor("administrator", code(secret, 1), ADDRESS))
        .isInstanceOf(Accounts.SignIn.Accepted.class);
    assertThat(auditDetails(Audit.SIGN_IN))
        .contains(
            "administrator, authenticator code",
            "administrator, authenticator code, just enrolled");
  }

  @Test
  void a_code_is_accepted_once_even_within_its_thirty_seconds() {
    byte[] secret = enrol("administrator");
    now = now.plus(Duration.ofMinutes(1));
    String code = code(secret, 0);
    assertThat(accounts.secondFactor("administrator", code, ADDRESS))
        .isInstanceOf(Accounts.SignIn.Accepted.class);
    assertThat(accounts.secondFactor("administrator", code, ADDRESS))
        .isInstanceOf(Accounts.SignIn.Refused.class);
    // An older code, though still inside the window, is refused once a newer one was used.
    now = now.plus(Duration.ofSeconds(30));
    assertThat(accounts.secondFactor("administrator", code(secret, 1), ADDRESS))
        .isInstanceOf(Accounts.SignIn.Accepted.class);
    assertThat(accounts.secondFactor("administrator", code(secret, -1), ADDRESS))
        .isInstanceOf(Accounts.SignIn.Refused.class);
    assertThat(auditDetails(Audit.SIGN_IN_FAILED))
        .containsExactly(
            "authenticator code already used, failure 2",
            "authenticator code already used, failure 1");
  }

  @Test
  void a_recovery_code_signs_in_once_however_it_is_typed() {
    List<String> codes = enrolWithCodes("administrator", accounts.newEnrolment());
    String typed = codes.get(3).toUpperCase(java.util.Locale.ROOT).replace("-", " ");
    assertThat(accounts.secondFactor("administrator", typed, ADDRESS))
        .isInstanceOf(Accounts.SignIn.Accepted.class);
    assertThat(accounts.secondFactor("administrator", codes.get(3), ADDRESS))
        .isInstanceOf(Accounts.SignIn.Refused.class);
    assertThat(accounts.secondFactor("administrator").orElseThrow().recoveryCodesLeft())
        .isEqualTo(9);
    assertThat(auditDetails(Audit.SIGN_IN)).contains("administrator, recovery code, 9 left");
    assertThat(auditDetails(Audit.SIGN_IN_FAILED))
        .containsExactly("wrong or used recovery code, failure 1");
  }

  @Test
  void wrong_passwords_and_wrong_codes_count_in_one_lockout() {
    byte[] secret = enrol("administrator");
    now = now.plus(Duration.ofMinutes(2));
    for (int i = 0; i < 3; i++) {
      assertThat(accounts.signIn("administrator", "wrong".toCharArray(), ADDRESS))
          .isInstanceOf(Accounts.SignIn.Refused.class);
    }
    // The right password does not end the run of failures: only a complete sign-in does.
    assertThat(password("administrator")).isInstanceOf(Accounts.SignIn.CodeNeeded.class);
    String right = code(secret, 0);
    List<String> wrong =
        java.util.stream.Stream.of("000000", "111111", "222222", "333333")
            .filter(guess -> !guess.equals(right))
            .limit(3)
            .toList();
    // Lockout.ADDRESS_FREE_FAILURES (5) are free: 3 passwords, 2 codes; the sixth locks.
    assertThat(accounts.secondFactor("administrator", wrong.get(0), ADDRESS))
        .isInstanceOf(Accounts.SignIn.Refused.class);
    assertThat(accounts.secondFactor("administrator", wrong.get(1), ADDRESS))
        .isInstanceOf(Accounts.SignIn.Refused.class);
    assertThat(accounts.secondFactor("administrator", wrong.get(2), ADDRESS))
        .isInstanceOf(Accounts.SignIn.Locked.class);
    // While locked, even the right code is not looked at.
    assertThat(accounts.secondFactor("administrator", code(secret, 0), ADDRESS))
        .isInstanceOf(Accounts.SignIn.Locked.class);
    now = now.plus(Lockout.BACKOFF_FIRST);
    assertThat(accounts.secondFactor("administrator", code(secret, 0), ADDRESS))
        .isInstanceOf(Accounts.SignIn.Accepted.class);
    assertThat(accounts.waitsUntil("administrator")).isEmpty();
  }

  @Test
  void a_reset_asks_for_a_new_enrolment_and_voids_the_old_codes() {
    byte[] secret = enrol("administrator");
    accounts.resetSecondFactor("administrator", Actor.CLI);
    assertThat(accounts.secondFactor("administrator")).isEmpty();
    assertThat(auditDetails(Audit.SECOND_FACTOR_RESET)).hasSize(1);
    now = now.plus(Duration.ofMinutes(1));
    assertThat(accounts.secondFactor("administrator", code(secret, 0), ADDRESS))
        .isInstanceOf(Accounts.SignIn.Refused.class);
    assertThat(password("administrator")).isInstanceOf(Accounts.SignIn.EnrolmentNeeded.class);
  }

  @Test
  void a_disabled_user_is_refused_at_the_second_step() {
    byte[] secret = enrol("administrator");
    now = now.plus(Duration.ofMinutes(1));
    accounts.disable("administrator", Actor.CLI);
    assertThat(accounts.secondFactor("administrator", code(secret, 0), ADDRESS))
        .isInstanceOf(Accounts.SignIn.Refused.class);
    accounts.disable("releasingofficer", Actor.CLI);
    SecondFactor.Enrolment enrolment = accounts.newEnrolment();
    assertThat(
            accounts.enrol(
                "releasingofficer",
                enrolment,
                SecondFactor.code(enrolment.secret(), SecondFactor.step(now)),
                ADDRESS))
        .isInstanceOf(Accounts.SignIn.Refused.class);
    assertThat(accounts.secondFactor("releasingofficer")).isEmpty();
  }
}
