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

  /** Stores the lockout state after a failed sign-in. */
  void recordFailure(String username, int failedSignIns, Instant lockedUntil);

  /** Clears failures and lockout and notes the time. */
  void recordSignIn(String username, Instant at);
}
