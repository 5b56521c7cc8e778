package org.hotline.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The sign-in lockout, kept per username typed and per remote address, the same for a name that
 * exists and one that does not (so the answers tell no one which names exist). After {@link
 * #ADDRESS_FREE_FAILURES} failures in a row from one address, that address waits before each
 * further try, {@link #BACKOFF_FIRST} doubling up to {@link #ADDRESS_BACKOFF_MAX}; after {@link
 * #NAME_FREE_FAILURES} failures on one name from anywhere, that name waits likewise, up to {@link
 * #NAME_BACKOFF_MAX}. A try while waiting is refused without looking at the password.
 *
 * <p>The trade-off: a lock per name stops a guesser who spreads over many addresses, but anyone can
 * trigger it against the duty officer by typing their name; a lock per address cannot be triggered
 * by someone else but does not stop a spread-out guesser. So the address's lock is the strict one,
 * and the name's lock starts later and is short: a stranger can make the duty officer wait at most
 * {@link #NAME_BACKOFF_MAX} between tries, while a guesser on many addresses gets at most one try
 * per name per {@link #NAME_BACKOFF_MAX} once the name's lock is reached (1,440 a day against
 * passphrases of 12 characters or more hashed with Argon2id). docs/console.md says this to
 * operators.
 *
 * <p>State is in memory only and bounded by {@link #KEYS_MAX}; a failure is forgotten {@link
 * #FORGET_AFTER} after the last one. A restart forgets it all, which gives a guesser nothing they
 * could not get by waiting. Thread-safe.
 */
public final class Lockout {
  /** Five tries forgive a few typos by the person at this address. */
  public static final int ADDRESS_FREE_FAILURES = 5;

  /**
   * More than an address's: failures on a name may come from others, and locking the name locks its
   * owner out too.
   */
  public static final int NAME_FREE_FAILURES = 10;

  /** The first wait once free failures are used up; each further failure doubles it. */
  public static final Duration BACKOFF_FIRST = Duration.ofSeconds(1);

  /** An address that keeps failing gets 96 tries a day at most. */
  public static final Duration ADDRESS_BACKOFF_MAX = Duration.ofMinutes(15);

  /** The longest a stranger who knows a username can keep its owner from signing in. */
  public static final Duration NAME_BACKOFF_MAX = Duration.ofMinutes(1);

  /** A run of failures ends this long after its last failure. */
  public static final Duration FORGET_AFTER = Duration.ofHours(1);

  /**
   * Names and addresses tracked at once; past it the oldest is forgotten. 10,000 entries of a few
   * hundred bytes each.
   */
  static final int KEYS_MAX = 10_000;

  /** The first failure's delay before answering; the n-th waits 250 ms * 2^(n-1), up to 2 s. */
  static final Duration FIRST_DELAY = Duration.ofMillis(250);

  static final Duration DELAY_MAX = Duration.ofSeconds(2);

  /** A typed username is kept to this many characters. */
  private static final int NAME_CHARS_MAX = 64;

  private record Failures(int count, Instant last, Instant waitUntil) {}

  private final Clock clock;
  private final Map<String, Failures> failures =
      new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
          return size() > KEYS_MAX;
        }
      };

  public Lockout(Clock clock) {
    this.clock = clock;
  }

  /** Until when a sign-in for {@code name} from {@code address} must wait; empty if it need not. */
  public synchronized Optional<Instant> waitUntil(String name, String address) {
    Instant now = clock.instant();
    Instant until = later(current(nameKey(name), now), current(addressKey(address), now));
    return Optional.ofNullable(until);
  }

  /** Until when {@code name} waits, whatever the address (for the administration page). */
  public synchronized Optional<Instant> nameWaitsUntil(String name) {
    return Optional.ofNullable(current(nameKey(name), clock.instant()));
  }

  /**
   * Counts a failed sign-in for {@code name} from {@code address}; returns how many failures in a
   * row the worse of the two now has.
   */
  public synchronized int failed(String name, String address) {
    Instant now = clock.instant();
    int byName = count(nameKey(name), now, NAME_FREE_FAILURES, NAME_BACKOFF_MAX);
    int byAddress = count(addressKey(address), now, ADDRESS_FREE_FAILURES, ADDRESS_BACKOFF_MAX);
    return Math.max(byName, byAddress);
  }

  /** A successful sign-in, or a new password, ends the run of failures on the name. */
  public synchronized void succeeded(String name) {
    failures.remove(nameKey(name));
  }

  /** How long to wait before answering the {@code failures}-th failure in a row. */
  public static Duration delay(int failures) {
    if (failures <= 0) {
      return Duration.ZERO;
    }
    long millis = FIRST_DELAY.toMillis() << Math.min(failures - 1, 10);
    return Duration.ofMillis(Math.min(millis, DELAY_MAX.toMillis()));
  }

  private int count(String key, Instant now, int free, Duration backoffMax) {
    Failures before = failures.remove(key);
    int count = before == null || forgotten(before, now) ? 1 : before.count() + 1;
    Instant waitUntil = count > free ? now.plus(backoff(count - free, backoffMax)) : null;
    failures.put(key, new Failures(count, now, waitUntil));
    return count;
  }

  /** The {@code n}-th wait: BACKOFF_FIRST * 2^(n-1), at most {@code max}. */
  static Duration backoff(int n, Duration max) {
    long seconds = BACKOFF_FIRST.toSeconds() << Math.min(n - 1, 20);
    return seconds >= max.toSeconds() ? max : Duration.ofSeconds(seconds);
  }

  private Instant current(String key, Instant now) {
    Failures state = failures.get(key);
    if (state == null || forgotten(state, now)) {
      return null;
    }
    return state.waitUntil() != null && now.isBefore(state.waitUntil()) ? state.waitUntil() : null;
  }

  private static boolean forgotten(Failures state, Instant now) {
    return !now.isBefore(state.last().plus(FORGET_AFTER));
  }

  private static Instant later(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }

  private static String nameKey(String name) {
    String typed = name == null ? "" : name;
    return "name " + (typed.length() > NAME_CHARS_MAX ? typed.substring(0, NAME_CHARS_MAX) : typed);
  }

  private static String addressKey(String address) {
    return "address " + (address == null ? "" : address);
  }
}
