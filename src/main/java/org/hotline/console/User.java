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
 * @param language the console language the user chose ({@link #LANGUAGES}); null for the node's
 *     default
 */
public record User(
    String username,
    Role role,
    boolean disabled,
    Instant createdAt,
    int failedSignIns,
    Instant lockedUntil,
    Instant lastSignInAt,
    String language) {

  /**
   * Lower-case letters, digits, dot, dash and underscore, starting with a letter: safe in a URL and
   * a log line, and short enough for the signed "by" of an answer (64 characters).
   */
  private static final Pattern USERNAME = Pattern.compile("[a-z][a-z0-9._-]{1,31}");

  public User {
    checkUsername(username);
  }

  /** The console languages a user may choose: those with a message bundle. */
  public static final java.util.List<String> LANGUAGES = java.util.List.of("en", "zh");

  /** {@code language} if the console has it, null for none (the node's default). */
  public static String checkLanguage(String language) {
    if (language == null || language.isBlank()) {
      return null;
    }
    if (!LANGUAGES.contains(language)) {
      throw new InvalidInputException(
          "language",
          "the console speaks " + String.join(" and ", LANGUAGES) + ", not " + language);
    }
    return language;
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
