package org.hotline.console;

import java.time.Instant;
import java.util.regex.Pattern;
import org.hotline.InvalidInputException;

/**
 * A person who signs in to the console, as stored (without the password hash).
 *
 * @param failedSignIns failed sign-ins since the last successful one
 * @param lockedUntil sign-in is refused until then; null when not locked
 * @param lastSignInAt null before the first sign-in
 */
public record User(
    String username,
    Role role,
    boolean disabled,
    Instant createdAt,
    int failedSignIns,
    Instant lockedUntil,
    Instant lastSignInAt) {

  /**
   * Lower-case letters, digits, dot, dash and underscore, starting with a letter: safe in a URL and
   * a log line, and short enough for the signed "by" of an answer (64 characters).
   */
  private static final Pattern USERNAME = Pattern.compile("[a-z][a-z0-9._-]{1,31}");

  public User {
    checkUsername(username);
  }

  public boolean lockedAt(Instant now) {
    return lockedUntil != null && now.isBefore(lockedUntil);
  }

  public static String checkUsername(String username) {
    if (username == null || !USERNAME.matcher(username).matches()) {
      throw new InvalidInputException(
          "username",
          "a username is 2 to 32 characters: a lower-case letter, then letters, digits, '.', '-' or '_'");
    }
    return username;
  }
}
