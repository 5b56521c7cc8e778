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
    accounts =
        new Accounts(
            stores.console(), new Passwords(new SecureRandom()), audit, clock, new SecureRandom());
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

  private Accounts.SignIn signIn(String username, String password, String address) {
    return accounts.signIn(username, password.toCharArray(), address);
  }

  @Test
  void an_unknown_name_is_answered_exactly_like_a_wrong_password_at_every_step() {
    accounts.add("li.wei", Role.DUTY_OFFICER, "correct horse battery".toCharArray(), Actor.CLI);
    for (int i = 0; i < 12; i++) {
      assertThat(signIn("nobody.here", "wrong password!!", "192.0.2." + i))
          .as("try %d", i + 1)
          .isEqualTo(signIn("li.wei", "wrong password!!", "198.51.100." + i));
    }
    assertThat(signIn("nobody.here", "x", "203.0.113.1"))
        .isEqualTo(signIn("li.wei", "x", "203.0.113.1"))
        .isInstanceOf(Accounts.SignIn.Locked.class);
  }

  @Test
  void five_failures_from_one_address_hold_that_address_back_not_the_duty_officer() {
    accounts.add("li.wei", Role.DUTY_OFFICER, "correct horse battery".toCharArray(), Actor.CLI);
    for (int i = 0; i < 5; i++) {
      assertThat(signIn("li.wei", "wrong", "198.51.100.9"))
          .isInstanceOf(Accounts.SignIn.Refused.class);
    }
    assertThat(signIn("li.wei", "wrong", "198.51.100.9"))
        .isEqualTo(new Accounts.SignIn.Locked(now.plus(Lockout.BACKOFF_FIRST)));
    assertThat(signIn("li.wei", "correct horse battery", "198.51.100.9"))
        .as("while it waits, the address is refused even with the right password")
        .isInstanceOf(Accounts.SignIn.Locked.class);

    assertThat(signIn("li.wei", "correct horse battery", "192.0.2.7"))
        .as("the duty officer at their own desk")
        .isInstanceOf(Accounts.SignIn.Accepted.class);
  }

  @Test
  void a_guesser_spread_over_many_addresses_makes_the_name_wait_at_most_a_minute() {
    accounts.add("li.wei", Role.DUTY_OFFICER, "correct horse battery".toCharArray(), Actor.CLI);
    for (int i = 0; i < 30; i++) {
      if (signIn("li.wei", "wrong", "198.51.100." + i) instanceof Accounts.SignIn.Locked locked) {
        now = locked.until();
      }
    }
    now = accounts.waitsUntil("li.wei").orElse(now);
    assertThat(signIn("li.wei", "wrong", "198.51.100.200"))
        .as("the name's wait has doubled up to its bound")
        .isEqualTo(new Accounts.SignIn.Locked(now.plus(Lockout.NAME_BACKOFF_MAX)));
    assertThat(signIn("li.wei", "correct horse battery", "192.0.2.7"))
        .isEqualTo(new Accounts.SignIn.Locked(now.plus(Lockout.NAME_BACKOFF_MAX)));
    assertThat(accounts.waitsUntil("li.wei")).hasValue(now.plus(Lockout.NAME_BACKOFF_MAX));

    now = now.plus(Lockout.NAME_BACKOFF_MAX);

    assertThat(signIn("li.wei", "correct horse battery", "192.0.2.7"))
        .isInstanceOf(Accounts.SignIn.Accepted.class);
    assertThat(accounts.waitsUntil("li.wei")).isEmpty();
  }

  @Test
  void a_new_password_lifts_the_lock() {
    accounts.add("li.wei", Role.DUTY_OFFICER, "correct horse battery".toCharArray(), Actor.CLI);
    for (int i = 0; i < 15; i++) {
      signIn("li.wei", "wrong", "198.51.100." + i);
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
