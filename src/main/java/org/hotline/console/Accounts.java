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
  private final Lockout lockout;

  public Accounts(UserStore users, Passwords passwords, Audit audit, Clock clock) {
    this.users = users;
    this.passwords = passwords;
    this.audit = audit;
    this.clock = clock;
    this.lockout = new Lockout(clock);
  }

  /** The outcome of a sign-in attempt. */
  public sealed interface SignIn {
    /** Signed in; the session may start. */
    record Accepted(User user) implements SignIn {}

    /**
     * Unknown username, wrong password, or a disabled user (not told apart); answer after {@code
     * delay}.
     */
    record Refused(Duration delay) implements SignIn {}

    /**
     * Too many failures from this address or on this name: refused without looking at the password
     * until {@code until}.
     */
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

  /** Sets a new password; also lifts the lockout of the name. */
  public void setPassword(String username, char[] password, Actor actor) {
    require(username);
    users.setPassword(username, hashAndClear(password));
    lockout.succeeded(username);
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
   * Checks a sign-in. A name that does not exist is answered exactly as a wrong password for one
   * that does: the same {@link Lockout} (kept per name typed and per address, whether the name
   * exists or not), the same Argon2id work (against a decoy hash), the same outcome and delay; only
   * the audit log, which administrators read, says which it was. Clears {@code password}.
   */
  public SignIn signIn(String username, char[] password, String address) {
    try {
      String name = username == null ? "" : username;
      Actor actor = new Actor(clip(name), address);
      Optional<Instant> waiting = lockout.waitUntil(name, address);
      if (waiting.isPresent()) {
        audit.record(actor, Audit.SIGN_IN_LOCKED, "", "waits until " + waiting.get());
        return new SignIn.Locked(waiting.get());
      }
      Optional<UserStore.Credentials> found =
          name.isEmpty() ? Optional.empty() : users.credentials(name);
      boolean matches =
          passwords.verify(password, found.map(UserStore.Credentials::passwordHash).orElse(null));
      if (found.isEmpty() || !matches || found.get().user().disabled()) {
        int failures = lockout.failed(name, address);
        audit.record(
            actor,
            Audit.SIGN_IN_FAILED,
            "",
            (found.isEmpty()
                    ? "unknown user"
                    : found.get().user().disabled() ? "disabled user" : "wrong password")
                + ", failure "
                + failures);
        Optional<Instant> now = lockout.waitUntil(name, address);
        return now.isPresent()
            ? new SignIn.Locked(now.get())
            : new SignIn.Refused(Lockout.delay(failures));
      }
      User user = found.get().user();
      if (Passwords.outdated(found.get().passwordHash())) {
        users.setPassword(user.username(), passwords.hash(password));
      }
      lockout.succeeded(name);
      users.recordSignIn(user.username(), clock.instant());
      audit.record(actor, Audit.SIGN_IN, "", user.role().label());
      return new SignIn.Accepted(user);
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  /** Until when sign-ins for {@code username} wait after failures; empty if they need not. */
  public Optional<Instant> waitsUntil(String username) {
    return lockout.nameWaitsUntil(username);
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
