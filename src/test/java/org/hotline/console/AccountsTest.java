package org.hotline.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.hotline.ConflictException;
import org.hotline.InvalidInputException;
import org.hotline.testing.ConsoleStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Users, passwords and the lockout against a real SQLite database. */
class AccountsTest {
  @TempDir Path dir;
  ConsoleStores.Opened stores;
  Accounts accounts;
  Audit audit;
  Instant now = Instant.parse("2026-11-29T10:00:00Z");

  @BeforeEach
  void open() {
    stores = ConsoleStores.open(dir);
    Clock clock =
        new Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now;
          }
        };
    audit = new Audit(stores.console(), clock);
    accounts = new Accounts(stores.console(), new Passwords(new SecureRandom()), audit, clock);
  }

  @AfterEach
  void close() {
    stores.close();
  }

  private Accounts.SignIn signIn(String username, String password) {
    return accounts.signIn(username, password.toCharArray(), "192.0.2.7");
  }

  @Test
  void a_user_signs_in_with_the_right_password_and_not_with_a_wrong_one() {
    accounts.add("li.wei", Role.DUTY_OFFICER, "correct horse battery".toCharArray(), Actor.CLI);
    assertThat(signIn("li.wei", "correct horse battery"))
        .isInstanceOf(Accounts.SignIn.Accepted.class);
    assertThat(signIn("li.wei", "wrong horse battery!"))
        .isInstanceOf(Accounts.SignIn.Refused.class);
    assertThat(signIn("nobody", "correct horse battery"))
        .isInstanceOf(Accounts.SignIn.Refused.class);
  }

  @Test
  void the_password_is_stored_as_an_argon2id_hash_never_as_text() {
    accounts.add("li.wei", Role.VIEWER, "correct horse battery".toCharArray(), Actor.CLI);
    String stored = stores.console().credentials("li.wei").orElseThrow().passwordHash();
    assertThat(stored).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("horse");
  }

  @Test
  void five_failures_lock_the_account_for_fifteen_minutes_even_against_the_right_password() {
    accounts.add("li.wei", Role.DUTY_OFFICER, "correct horse battery".toCharArray(), Actor.CLI);
    for (int i = 0; i < 4; i++) {
      assertThat(signIn("li.wei", "wrong")).isInstanceOf(Accounts.SignIn.Refused.class);
    }
    assertThat(signIn("li.wei", "wrong"))
        .isEqualTo(new Accounts.SignIn.Locked(now.plus(Lockout.LOCK_DURATION)));
    assertThat(signIn("li.wei", "correct horse battery"))
        .isInstanceOf(Accounts.SignIn.Locked.class);
    now = now.plus(Lockout.LOCK_DURATION);
    assertThat(signIn("li.wei", "correct horse battery"))
        .isInstanceOf(Accounts.SignIn.Accepted.class);
    assertThat(accounts.find("li.wei").orElseThrow().failedSignIns()).isZero();
  }

  @Test
  void a_new_password_lifts_the_lock() {
    accounts.add("li.wei", Role.DUTY_OFFICER, "correct horse battery".toCharArray(), Actor.CLI);
    for (int i = 0; i < 5; i++) {
      signIn("li.wei", "wrong");
    }
    accounts.setPassword("li.wei", "another long passphrase".toCharArray(), Actor.CLI);
    assertThat(signIn("li.wei", "another long passphrase"))
        .isInstanceOf(Accounts.SignIn.Accepted.class);
  }

  @Test
  void a_disabled_user_cannot_sign_in_until_enabled() {
    accounts.add("li.wei", Role.DUTY_OFFICER, "correct horse battery".toCharArray(), Actor.CLI);
    accounts.disable("li.wei", Actor.CLI);
    assertThat(signIn("li.wei", "correct horse battery"))
        .isInstanceOf(Accounts.SignIn.Refused.class);
    accounts.enable("li.wei", Actor.CLI);
    assertThat(signIn("li.wei", "correct horse battery"))
        .isInstanceOf(Accounts.SignIn.Accepted.class);
  }

  @Test
  void names_passwords_and_duplicates_are_refused_precisely() {
    assertThatThrownBy(
            () ->
                accounts.add(
                    "Li Wei", Role.VIEWER, "correct horse battery".toCharArray(), Actor.CLI))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("username");
    assertThatThrownBy(() -> accounts.add("li.wei", Role.VIEWER, "short".toCharArray(), Actor.CLI))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("12 to 1024 characters");
    accounts.add("li.wei", Role.VIEWER, "correct horse battery".toCharArray(), Actor.CLI);
    assertThatThrownBy(
            () ->
                accounts.add(
                    "li.wei", Role.VIEWER, "correct horse battery".toCharArray(), Actor.CLI))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> Role.parse("boss")).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void every_sign_in_and_change_is_in_the_audit_log_with_its_address() {
    accounts.add("li.wei", Role.DUTY_OFFICER, "correct horse battery".toCharArray(), Actor.CLI);
    signIn("li.wei", "wrong");
    signIn("li.wei", "correct horse battery");
    var log = audit.page(Long.MAX_VALUE, 10);
    assertThat(log)
        .extracting(AuditEntry::action)
        .containsExactly(Audit.SIGN_IN, Audit.SIGN_IN_FAILED, Audit.USER_ADD);
    assertThat(log.get(0).address()).isEqualTo("192.0.2.7");
    assertThat(log.get(2).username()).isEqualTo(Audit.CLI);
  }
}
