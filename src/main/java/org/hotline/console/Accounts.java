package org.hotline.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.hotline.NotFoundException;

/**
 * Users and sign-in: adding, listing, disabling and re-enabling users, setting passwords, and
 * checking a sign-in against the password hash and the {@link Lockout}. Every change and every
 * sign-in attempt goes to the {@link Audit} log. Thread-safe.
 */
public final class Accounts {
  private final UserStore users;
  private final Passwords passwords;
  private final Audit audit;
  private final Clock clock;

  public Accounts(UserStore users, Passwords passwords, Audit audit, Clock clock) {
    this.users = users;
    this.passwords = passwords;
    this.audit = audit;
    this.clock = clock;
  }

  /** The outcome of a sign-in attempt. */
  public sealed interface SignIn {
    /** Signed in; the session may start. */
    record Accepted(User user) implements SignIn {}

    /**
     * Wrong username or password, or a disabled user (not told apart); answer after {@code delay}.
     */
    record Refused(Duration delay) implements SignIn {}

    /** Too many failures: refused without looking at the password until {@code until}. */
    record Locked(Instant until) implements SignIn {}
  }

  /** Adds a user; throws {@link org.hotline.ConflictException} if the name is taken. */
  public User add(String username, Role role, char[] password, Actor actor) {
    User.checkUsername(username);
    String hash = hashAndClear(password);
    User user = new User(username, role, false, clock.instant(), 0, null, null);
    users.addUser(user, hash);
    audit.record(actor, Audit.USER_ADD, username, role.label());
    return user;
  }

  public List<User> list() {
    return users.users();
  }

  public Optional<User> find(String username) {
    return users.credentials(username).map(UserStore.Credentials::user);
  }

  /** Sets a new password; also lifts a lockout. */
  public void setPassword(String username, char[] password, Actor actor) {
    require(username);
    users.setPassword(username, hashAndClear(password));
    audit.record(actor, Audit.USER_PASSWORD, username, "");
  }

  /** A disabled user cannot sign in, and the console ends their sessions. */
  public void disable(String username, Actor actor) {
    require(username);
    users.setDisabled(username, true);
    audit.record(actor, Audit.USER_DISABLE, username, "");
  }

  public void enable(String username, Actor actor) {
    require(username);
    users.setDisabled(username, false);
    audit.record(actor, Audit.USER_ENABLE, username, "");
  }

  /**
   * Checks a sign-in. An unknown user costs the same hash as a known one, so the answer's timing
   * does not tell which names exist. Clears {@code password}.
   */
  public SignIn signIn(String username, char[] password, String address) {
    try {
      Actor actor = new Actor(username == null ? "" : clip(username), address);
      Instant now = clock.instant();
      Optional<UserStore.Credentials> found =
          username == null ? Optional.empty() : users.credentials(username);
      if (found.isPresent() && found.get().user().lockedAt(now)) {
        audit.record(
            actor, Audit.SIGN_IN_LOCKED, "", "locked until " + found.get().user().lockedUntil());
        return new SignIn.Locked(found.get().user().lockedUntil());
      }
      boolean matches =
          passwords.verify(password, found.map(UserStore.Credentials::passwordHash).orElse(null));
      if (found.isEmpty()) {
        audit.record(actor, Audit.SIGN_IN_FAILED, "", "unknown user");
        return new SignIn.Refused(Lockout.delay(1));
      }
      User user = found.get().user();
      if (!matches || user.disabled()) {
        Lockout.State state = Lockout.afterFailure(user.failedSignIns(), user.lockedUntil(), now);
        users.recordFailure(user.username(), state.failures(), state.lockedUntil());
        audit.record(
            actor,
            Audit.SIGN_IN_FAILED,
            "",
            user.disabled() ? "disabled user" : "wrong password, failure " + state.failures());
        if (state.lockedUntil() != null) {
          return new SignIn.Locked(state.lockedUntil());
        }
        return new SignIn.Refused(Lockout.delay(state.failures()));
      }
      if (Passwords.outdated(found.get().passwordHash())) {
        users.setPassword(user.username(), passwords.hash(password));
      }
      users.recordSignIn(user.username(), now);
      audit.record(actor, Audit.SIGN_IN, "", user.role().label());
      return new SignIn.Accepted(user);
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  private void require(String username) {
    if (users.credentials(username).isEmpty()) {
      throw new NotFoundException("no user " + username);
    }
  }

  private String hashAndClear(char[] password) {
    try {
      return passwords.hash(password);
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  /**
   * A failed sign-in may carry any text as its username; the audit log keeps a bounded, printable
   * part.
   */
  private static String clip(String username) {
    String printable =
        username
            .codePoints()
            .filter(c -> !Character.isISOControl(c))
            .limit(64)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString();
    return printable;
  }
}
