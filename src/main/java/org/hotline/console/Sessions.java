package org.hotline.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import org.hotline.OverloadedException;

/**
 * Signed-in sessions, held in memory: a restart signs everyone out, which is the safe direction. A
 * session is found by its secret token (kept only as a SHA-256 digest, so a heap dump does not give
 * live tokens) and carries its own CSRF token (the synchronizer token pattern). Sessions end on
 * sign-out, after {@link #IDLE_MAX} without a request, after {@link #LIFETIME_MAX} in any case, and
 * when the user is disabled. Thread-safe.
 */
public final class Sessions {
  /**
   * An open console refreshes itself every minute, so only an abandoned one goes idle this long.
   */
  public static final Duration IDLE_MAX = Duration.ofHours(1);

  /** A long shift and its handover; then the officer signs in again. */
  public static final Duration LIFETIME_MAX = Duration.ofHours(24);

  /** Open sessions on one node: far more than the people of one operations centre. */
  public static final int SESSIONS_MAX = 1_000;

  static final int TOKEN_BYTES = 32;

  private final Clock clock;
  private final RandomGenerator random;
  private final Map<String, Session> byDigest = new ConcurrentHashMap<>();
  private final Map<String, Pending> pendingByDigest = new ConcurrentHashMap<>();

  public Sessions(Clock clock, RandomGenerator random) {
    this.clock = clock;
    this.random = random;
  }

  /** One signed-in browser. The notice is a one-time message for the next page ("Sent."). */
  public static final class Session {
    private final String digest;
    private final String username;
    private final String csrfToken;
    private final Instant createdAt;
    private volatile Instant lastSeenAt;
    private volatile String notice;

    Session(String digest, String username, String csrfToken, Instant createdAt) {
      this.digest = digest;
      this.username = username;
      this.csrfToken = csrfToken;
      this.createdAt = createdAt;
      this.lastSeenAt = createdAt;
    }

    public String username() {
      return username;
    }

    public String csrfToken() {
      return csrfToken;
    }

    public Instant createdAt() {
      return createdAt;
    }

    /** Whether {@code offered} is this session's CSRF token, compared in constant time. */
    public boolean csrfMatches(String offered) {
      return offered != null
          && MessageDigest.isEqual(
              offered.getBytes(StandardCharsets.UTF_8), csrfToken.getBytes(StandardCharsets.UTF_8));
    }

    public void notice(String text) {
      this.notice = text;
    }

    /** The pending notice, once. */
    public String takeNotice() {
      String text = notice;
      notice = null;
      return text;
    }
  }

  /** A new session and the token for its cookie. */
  public record Started(String token, Session session) {}

  public Started start(String username) {
    Instant now = clock.instant();
    expire(now);
    if (byDigest.size() >= SESSIONS_MAX) {
      throw new OverloadedException(
          SESSIONS_MAX + " sessions are open on this node", Duration.ofMinutes(1));
    }
    String token = randomToken();
    Session session = new Session(digest(token), username, randomToken(), now);
    byDigest.put(session.digest, session);
    return new Started(token, session);
  }

  /** How long a sign-in whose password was accepted waits for its second factor. */
  public static final Duration PENDING_MAX = Duration.ofMinutes(5);

  /** Codes tried on one pending sign-in before the password must be typed again. */
  public static final int PENDING_ATTEMPTS_MAX = 5;

  /**
   * A sign-in between its two steps: the password was right, the code (or the enrolment) is due.
   * Holds the secret being enrolled, in memory only, until the first code confirms it.
   */
  public static final class Pending {
    private final String digest;
    private final String username;
    private final SecondFactor.Enrolment enrolment;
    private final Instant createdAt;
    private final java.util.concurrent.atomic.AtomicInteger attempts =
        new java.util.concurrent.atomic.AtomicInteger();

    Pending(String digest, String username, SecondFactor.Enrolment enrolment, Instant createdAt) {
      this.digest = digest;
      this.username = username;
      this.enrolment = enrolment;
      this.createdAt = createdAt;
    }

    public String username() {
      return username;
    }

    /** The secret to enrol; empty when the user has enrolled already and types a code. */
    public Optional<SecondFactor.Enrolment> enrolment() {
      return Optional.ofNullable(enrolment);
    }

    /** Counts a try; false once {@link #PENDING_ATTEMPTS_MAX} were made. */
    public boolean tryOnce() {
      return attempts.incrementAndGet() <= PENDING_ATTEMPTS_MAX;
    }
  }

  /** A pending sign-in and the token for its cookie. */
  public record PendingStarted(String token, Pending pending) {}

  /** Starts the second step for {@code username}, enrolling {@code enrolment} if not null. */
  public PendingStarted startPending(String username, SecondFactor.Enrolment enrolment) {
    Instant now = clock.instant();
    pendingByDigest.values().removeIf(pending -> pendingExpired(pending, now));
    if (pendingByDigest.size() >= SESSIONS_MAX) {
      throw new OverloadedException(
          SESSIONS_MAX + " sign-ins are waiting for a second factor", Duration.ofMinutes(1));
    }
    String token = randomToken();
    Pending pending = new Pending(digest(token), username, enrolment, now);
    pendingByDigest.put(pending.digest, pending);
    return new PendingStarted(token, pending);
  }

  /** The pending sign-in of {@code token}; empty if unknown or older than {@link #PENDING_MAX}. */
  public Optional<Pending> pending(String token) {
    if (token == null || token.isEmpty() || token.length() > 100) {
      return Optional.empty();
    }
    Pending pending = pendingByDigest.get(digest(token));
    if (pending == null) {
      return Optional.empty();
    }
    if (pendingExpired(pending, clock.instant())) {
      pendingByDigest.remove(pending.digest);
      return Optional.empty();
    }
    return Optional.of(pending);
  }

  public void endPending(Pending pending) {
    pendingByDigest.remove(pending.digest);
  }

  private static boolean pendingExpired(Pending pending, Instant now) {
    return !now.isBefore(pending.createdAt.plus(PENDING_MAX));
  }

  /** The live session for {@code token}, which counts as activity; empty if unknown or expired. */
  public Optional<Session> find(String token) {
    if (token == null || token.isEmpty() || token.length() > 100) {
      return Optional.empty();
    }
    Session session = byDigest.get(digest(token));
    if (session == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (expired(session, now)) {
      byDigest.remove(session.digest);
      return Optional.empty();
    }
    session.lastSeenAt = now;
    return Optional.of(session);
  }

  public void end(Session session) {
    byDigest.remove(session.digest);
  }

  /** Ends every session of {@code username} (disabled, or its password changed). */
  public void endAll(String username) {
    byDigest.values().removeIf(session -> session.username.equals(username));
    pendingByDigest.values().removeIf(pending -> pending.username.equals(username));
  }

  public int open() {
    return byDigest.size();
  }

  /** The users with a live session now, for the record of who could see an alert when it came. */
  public java.util.NavigableSet<String> signedIn() {
    Instant now = clock.instant();
    java.util.NavigableSet<String> users = new java.util.TreeSet<>();
    for (Session session : byDigest.values()) {
      if (!expired(session, now)) {
        users.add(session.username);
      }
    }
    return users;
  }

  private void expire(Instant now) {
    byDigest.values().removeIf(session -> expired(session, now));
  }

  private static boolean expired(Session session, Instant now) {
    return !now.isBefore(session.lastSeenAt.plus(IDLE_MAX))
        || !now.isBefore(session.createdAt.plus(LIFETIME_MAX));
  }

  private String randomToken() {
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String digest(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
