package org.hotline.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
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
  private final Set<Role> secondFactorRoles;
  private final RandomGenerator random;

  /**
   * Wrong authenticator codes in a row, counted in the database across restarts and addresses,
   * after which codes are no longer checked: with the lockout's pace alone, a guesser who has the
   * password would get about 1,440 tries a day at a 6-digit code. Ten tries find one of the three
   * codes in the window with a chance of 3 in 100,000.
   */
  public static final int SECOND_FACTOR_FAILURES_MAX = 10;

  /**
   * The roles that must sign in with a second factor unless configured otherwise: those that can
   * release FLASH messages, manage users and acknowledge security alarms.
   */
  public static final Set<Role> DEFAULT_SECOND_FACTOR_ROLES =
      Collections.unmodifiableSet(EnumSet.of(Role.RELEASING_OFFICER, Role.ADMINISTRATOR));

  /**
   * With {@link #DEFAULT_SECOND_FACTOR_ROLES}.
   *
   * @param random a cryptographically strong generator, for second-factor keys and recovery codes
   */
  public Accounts(
      UserStore users, Passwords passwords, Audit audit, Clock clock, RandomGenerator random) {
    this(users, passwords, audit, clock, random, DEFAULT_SECOND_FACTOR_ROLES);
  }

  /**
   * @param random a cryptographically strong generator, for second-factor keys and recovery codes
   * @param secondFactorRoles users of these roles enrol a second factor at their next sign-in and
   *     use it at every sign-in; a user of another role who has enrolled uses it too
   */
  public Accounts(
      UserStore users,
      Passwords passwords,
      Audit audit,
      Clock clock,
      RandomGenerator random,
      Set<Role> secondFactorRoles) {
    this.random = random;
    this.users = users;
    this.passwords = passwords;
    this.audit = audit;
    this.clock = clock;
    this.lockout = new Lockout(clock);
    this.secondFactorRoles =
        secondFactorRoles.isEmpty()
            ? Collections.unmodifiableSet(EnumSet.noneOf(Role.class))
            : Collections.unmodifiableSet(EnumSet.copyOf(secondFactorRoles));
  }

  /** The outcome of a sign-in attempt. */
  public sealed interface SignIn {
    /** Signed in; the session may start. */
    record Accepted(User user) implements SignIn {}

    /** The password was right; the user now types a code from their authenticator. */
    record CodeNeeded(User user) implements SignIn {}

    /**
     * The password was right, and the user's role requires a second factor they have not enrolled
     * yet: they enrol now, and are signed in once the first code confirms it.
     */
    record EnrolmentNeeded(User user) implements SignIn {}

    /**
     * {@link #SECOND_FACTOR_FAILURES_MAX} wrong codes in a row: authenticator codes are no longer
     * checked until a recovery code is used or an administrator resets the second factor.
     */
    record CodesLocked() implements SignIn {}

    /** Enrolled and signed in; {@code recoveryCodes} are shown once, never again. */
    record Enrolled(User user, List<String> recoveryCodes) implements SignIn {}

    /**
     * Unknown username, wrong password or code, or a disabled user (not told apart); answer after
     * {@code delay}.
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
    return add(username, role, password, null, actor);
  }

  /**
   * Adds a user whose console speaks {@code language} ({@link User#LANGUAGES}; null for the node's
   * default).
   */
  public User add(String username, Role role, char[] password, String language, Actor actor) {
    User.checkUsername(username);
    String chosen = User.checkLanguage(language);
    String hash = hashAndClear(password);
    User user = new User(username, role, false, clock.instant(), 0, null, null, chosen);
    users.addUser(user, hash);
    audit.record(
        actor, Audit.USER_ADD, username, role.label() + (chosen == null ? "" : ", " + chosen));
    return user;
  }

  /** Sets the console language of {@code username}; null or blank for the node's default. */
  public void setLanguage(String username, String language, Actor actor) {
    String chosen = User.checkLanguage(language);
    require(username);
    users.setLanguage(username, chosen);
    audit.record(actor, Audit.USER_LANGUAGE, username, chosen == null ? "default" : chosen);
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
      Optional<SignIn> waiting = waiting(actor, name, address);
      if (waiting.isPresent()) {
        return waiting.get();
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
      if (users.secondFactor(user.username()).isPresent()) {
        audit.record(actor, Audit.SIGN_IN_PASSWORD, "", "waiting for the authenticator code");
        return new SignIn.CodeNeeded(user);
      }
      if (secondFactorRequired(user.role())) {
        audit.record(
            actor, Audit.SIGN_IN_PASSWORD, "", "waiting for the second factor's enrolment");
        return new SignIn.EnrolmentNeeded(user);
      }
      lockout.succeeded(name);
      users.recordSignIn(user.username(), clock.instant());
      audit.record(actor, Audit.SIGN_IN, "", user.role().label());
      return new SignIn.Accepted(user);
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  /**
   * The second step of a sign-in whose password was accepted ({@link SignIn.CodeNeeded}): checks a
   * code from the user's authenticator, or one of their recovery codes. A wrong code counts in the
   * same {@link Lockout} as a wrong password, and only a complete sign-in ends a run of failures on
   * the name; a code is accepted once (a second use, even within its 30 seconds, is refused).
   */
  public SignIn secondFactor(String username, String typed, String address) {
    Actor actor = new Actor(clip(username), address);
    Optional<SignIn> waiting = waiting(actor, username, address);
    if (waiting.isPresent()) {
      return waiting.get();
    }
    Optional<User> user = activeUser(username);
    Optional<UserStore.SecondFactorState> state =
        user.isEmpty() ? Optional.empty() : users.secondFactor(username);
    if (user.isEmpty() || state.isEmpty()) {
      return failed(actor, username, address, "no second factor enrolled");
    }
    Instant now = clock.instant();
    byte[] recovery = SecondFactor.recoveryCodeHash(typed);
    if (recovery != null) {
      if (!users.useRecoveryCode(username, recovery, now)) {
        return failed(actor, username, address, "wrong or used recovery code");
      }
      return signedIn(
          actor, user.get(), "recovery code, " + (state.get().recoveryCodesLeft() - 1) + " left");
    }
    if (state.get().failures() >= SECOND_FACTOR_FAILURES_MAX) {
      lockout.failed(username, address);
      audit.record(
          actor,
          Audit.SIGN_IN_FAILED,
          "",
          "authenticator codes locked after " + SECOND_FACTOR_FAILURES_MAX + " wrong ones");
      return new SignIn.CodesLocked();
    }
    Optional<String> refused = useCode(actor, username, state.get(), typed, now);
    if (refused.isPresent()) {
      return failed(actor, username, address, refused.get());
    }
    return signedIn(actor, user.get(), "authenticator code");
  }

  /**
   * Spends {@code typed} if it is a code of the user's authenticator not used before; otherwise
   * counts a wrong code (recording {@code second-factor.locked} when the count reaches {@link
   * #SECOND_FACTOR_FAILURES_MAX}) and returns why it was refused.
   */
  private Optional<String> useCode(
      Actor actor, String username, UserStore.SecondFactorState state, String typed, Instant now) {
    byte[] secret = state.secret();
    java.util.OptionalLong step =
        SecondFactor.matchingStep(secret, typed, now, state.lastUsedStep());
    if (step.isPresent() && users.useStep(username, secret, step.getAsLong())) {
      return Optional.empty();
    }
    boolean replayed = SecondFactor.matchingStep(secret, typed, now, Long.MIN_VALUE).isPresent();
    int wrong = users.failedSecondFactor(username);
    if (wrong == SECOND_FACTOR_FAILURES_MAX) {
      audit.record(
          actor,
          Audit.SECOND_FACTOR_LOCKED,
          username,
          wrong + " wrong codes in a row: a recovery code or an administrator's reset is needed");
    }
    return Optional.of(replayed ? "authenticator code already used" : "wrong authenticator code");
  }

  /** A new secret for {@code username} to enrol; nothing is stored until it is confirmed. */
  public SecondFactor.Enrolment newEnrolment() {
    return SecondFactor.enrolment(random);
  }

  /**
   * Confirms an enrolment ({@link SignIn.EnrolmentNeeded}) with the first code the user's
   * authenticator shows: stores the secret and new recovery codes and signs the user in. A wrong
   * code counts in the {@link Lockout} as a wrong password does.
   */
  public SignIn enrol(
      String username, SecondFactor.Enrolment enrolment, String typed, String address) {
    Actor actor = new Actor(clip(username), address);
    Optional<SignIn> waiting = waiting(actor, username, address);
    if (waiting.isPresent()) {
      return waiting.get();
    }
    Optional<User> user = activeUser(username);
    if (user.isEmpty()) {
      return failed(actor, username, address, "enrolment of an unknown or disabled user");
    }
    java.util.OptionalLong step =
        SecondFactor.matchingStep(enrolment.secret(), typed, clock.instant(), Long.MIN_VALUE);
    if (step.isEmpty()) {
      return failed(actor, username, address, "wrong authenticator code at enrolment");
    }
    List<String> codes = SecondFactor.recoveryCodes(random);
    boolean stored =
        users.enrolSecondFactor(
            username,
            enrolment.secret(),
            step.getAsLong(),
            clock.instant(),
            codes.stream().map(SecondFactor::recoveryCodeHash).toList());
    if (!stored) {
      // Another enrolment of this user finished first: it stands, this one is refused.
      return failed(actor, username, address, "enrolment refused: a second factor is enrolled");
    }
    audit.record(
        actor,
        Audit.SECOND_FACTOR_ENROL,
        username,
        SecondFactor.RECOVERY_CODES + " recovery codes issued");
    signedIn(actor, user.get(), "authenticator code, just enrolled");
    return new SignIn.Enrolled(user.get(), codes);
  }

  /**
   * Checks the password of a signed-in user before a change to their own second factor (so that a
   * session left open cannot bind another phone): a wrong one counts in the {@link Lockout} like a
   * failed sign-in. Clears {@code password}.
   */
  public boolean confirmPassword(String username, char[] password, String address) {
    try {
      Actor actor = new Actor(clip(username), address);
      if (waiting(actor, username, address).isPresent()) {
        return false;
      }
      Optional<UserStore.Credentials> found =
          users.credentials(username).filter(credentials -> !credentials.user().disabled());
      if (found.isPresent() && passwords.verify(password, found.get().passwordHash())) {
        return true;
      }
      failed(actor, username, address, "wrong password to change the second factor");
      return false;
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  /**
   * New recovery codes for a signed-in user who proves they hold their authenticator with a fresh
   * code: the old codes, used or not, stop working. Empty if the code is wrong or used, which
   * counts as a wrong code at sign-in does (the lockout and the cap).
   */
  public Optional<List<String>> newRecoveryCodes(String username, String typed, String address) {
    Actor actor = new Actor(clip(username), address);
    if (waiting(actor, username, address).isPresent()) {
      return Optional.empty();
    }
    Optional<UserStore.SecondFactorState> state = users.secondFactor(username);
    if (state.isEmpty() || state.get().failures() >= SECOND_FACTOR_FAILURES_MAX) {
      failed(actor, username, address, "no usable second factor for new recovery codes");
      return Optional.empty();
    }
    Optional<String> refused = useCode(actor, username, state.get(), typed, clock.instant());
    if (refused.isPresent()) {
      failed(actor, username, address, refused.get() + " for new recovery codes");
      return Optional.empty();
    }
    List<String> codes = SecondFactor.recoveryCodes(random);
    users.replaceRecoveryCodes(
        username, codes.stream().map(SecondFactor::recoveryCodeHash).toList());
    audit.record(
        actor,
        Audit.SECOND_FACTOR_RECOVERY_CODES,
        username,
        codes.size() + " new recovery codes; the earlier ones no longer work");
    return Optional.of(codes);
  }

  /**
   * Removes a user's second factor and recovery codes (a lost or replaced phone): if their role
   * requires one, they enrol again at their next sign-in.
   */
  public void resetSecondFactor(String username, Actor actor) {
    require(username);
    users.resetSecondFactor(username);
    audit.record(actor, Audit.SECOND_FACTOR_RESET, username, "");
  }

  /** Whether users of {@code role} must sign in with a second factor. */
  public boolean secondFactorRequired(Role role) {
    return secondFactorRoles.contains(role);
  }

  /** The users who have enrolled a second factor, with when. */
  public java.util.Map<String, Instant> secondFactorsEnrolled() {
    return users.secondFactorsEnrolled();
  }

  /** The second factor of {@code username}, if enrolled. */
  public Optional<UserStore.SecondFactorState> secondFactor(String username) {
    return users.secondFactor(username);
  }

  /** The answer to a sign-in step from a name or an address that must wait; empty if none. */
  private Optional<SignIn> waiting(Actor actor, String username, String address) {
    Optional<Instant> until = lockout.waitUntil(username, address);
    until.ifPresent(
        instant -> audit.record(actor, Audit.SIGN_IN_LOCKED, "", "waits until " + instant));
    return until.map(SignIn.Locked::new);
  }

  private Optional<User> activeUser(String username) {
    return users
        .credentials(username == null ? "" : username)
        .map(UserStore.Credentials::user)
        .filter(user -> !user.disabled());
  }

  private SignIn failed(Actor actor, String username, String address, String why) {
    int failures = lockout.failed(username, address);
    audit.record(actor, Audit.SIGN_IN_FAILED, "", why + ", failure " + failures);
    Optional<Instant> now = lockout.waitUntil(username, address);
    return now.isPresent()
        ? new SignIn.Locked(now.get())
        : new SignIn.Refused(Lockout.delay(failures));
  }

  private SignIn signedIn(Actor actor, User user, String how) {
    lockout.succeeded(user.username());
    users.recordSignIn(user.username(), clock.instant());
    audit.record(actor, Audit.SIGN_IN, "", user.role().label() + ", " + how);
    return new SignIn.Accepted(user);
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
