package org.hotline.console;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the console needs to keep about users. Each method is one durable transaction.
 * Implementations are thread-safe.
 */
public interface UserStore {
  /** A user with the stored password hash (a PHC string). */
  record Credentials(User user, String passwordHash) {}

  Optional<Credentials> credentials(String username);

  /** All users, by username. */
  List<User> users();

  /** Throws {@link org.hotline.ConflictException} if the username is taken. */
  void addUser(User user, String passwordHash);

  /**
   * Sets the hash and clears failures and lockout; throws {@link org.hotline.NotFoundException} for
   * an unknown user.
   */
  void setPassword(String username, String passwordHash);

  /** Throws {@link org.hotline.NotFoundException} for an unknown user. */
  void setDisabled(String username, boolean disabled);

  /**
   * Sets the console language ({@link User#LANGUAGES}, or null for the node's default); throws
   * {@link org.hotline.NotFoundException} for an unknown user.
   */
  void setLanguage(String username, String language);

  /** Stores the lockout state after a failed sign-in. */
  void recordFailure(String username, int failedSignIns, Instant lockedUntil);

  /** Clears failures and lockout and notes the time. */
  void recordSignIn(String username, Instant at);

  /**
   * A user's second factor once enrolled: the TOTP secret, when it was enrolled, the step of the
   * last code accepted (of the enrolment's code at first), the recovery codes not yet used, and the
   * wrong codes since the last right one.
   */
  final class SecondFactorState {
    private final byte[] secret;
    private final Instant enrolledAt;
    private final long lastUsedStep;
    private final int recoveryCodesLeft;
    private final int failures;

    public SecondFactorState(
        byte[] secret, Instant enrolledAt, long lastUsedStep, int recoveryCodesLeft, int failures) {
      this.secret = secret.clone();
      this.enrolledAt = enrolledAt;
      this.lastUsedStep = lastUsedStep;
      this.recoveryCodesLeft = recoveryCodesLeft;
      this.failures = failures;
    }

    public int failures() {
      return failures;
    }

    public byte[] secret() {
      return secret.clone();
    }

    public Instant enrolledAt() {
      return enrolledAt;
    }

    public long lastUsedStep() {
      return lastUsedStep;
    }

    public int recoveryCodesLeft() {
      return recoveryCodesLeft;
    }
  }

  /** Empty before the user has enrolled (or after a reset); throws nothing for an unknown user. */
  Optional<SecondFactorState> secondFactor(String username);

  /** The users who have enrolled a second factor, with when. */
  java.util.Map<String, Instant> secondFactorsEnrolled();

  /**
   * Stores a confirmed enrolment: the secret, the step of the code that confirmed it (so that code
   * is used) and the SHA-256 of each new recovery code. Only for a user without a second factor:
   * returns false, changing nothing, if the user has one already (another enrolment finished first)
   * or does not exist.
   */
  boolean enrolSecondFactor(
      String username, byte[] secret, long step, Instant at, List<byte[]> recoveryCodeHashes);

  /**
   * Marks {@code step} used, and clears the count of wrong codes, if the user's secret is still
   * {@code secret} and {@code step} is after the last step used; false if not (a code used twice,
   * raced by another sign-in, or checked against a secret since reset), in which case nothing
   * changes.
   */
  boolean useStep(String username, byte[] secret, long step);

  /**
   * Spends the unused recovery code with this SHA-256 and clears the count of wrong codes; false if
   * there is none.
   */
  boolean useRecoveryCode(String username, byte[] codeHash, Instant at);

  /** Counts a wrong code; returns the count since the last right one. */
  int failedSecondFactor(String username);

  /** Replaces every recovery code of {@code username}, used or not, with these (SHA-256). */
  void replaceRecoveryCodes(String username, List<byte[]> recoveryCodeHashes);

  /** Removes the second factor and the recovery codes of {@code username}. */
  void resetSecondFactor(String username);
}
