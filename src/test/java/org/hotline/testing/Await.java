package org.hotline.testing;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.hotline.event.EventBus;
import org.hotline.web.EventJson;

/**
 * Bounded waiting: every wait in a test has a deadline, and a wait that runs out fails with what
 * was last seen, so a stuck test says how far it got.
 */
public final class Await {
  /** Short enough not to slow a test down, long enough not to load a node with polling. */
  static final Duration POLL_INTERVAL = Duration.ofMillis(20);

  private Await() {}

  /**
   * Polls {@code probe} until {@code done} accepts its value and returns that value; throws {@link
   * AssertionError} naming {@code what} and the last value once {@code timeout} has passed.
   */
  public static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<T> done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = null;
    RuntimeException lastError = null;
    while (true) {
      try {
        last = probe.get();
        lastError = null;
        if (done.test(last)) {
          return last;
        }
      } catch (RuntimeException e) {
        lastError = e;
      }
      if (System.nanoTime() > deadline) {
        AssertionError failure =
            new AssertionError(
                "waited " + timeout.toSeconds() + " s for " + what + "; last seen: " + last);
        if (lastError != null) {
          failure.initCause(lastError);
        }
        throw failure;
      }
      sleep(POLL_INTERVAL);
    }
  }

  /** Waits until {@code condition} holds. */
  public static void until(String what, Duration timeout, Supplier<Boolean> condition) {
    until(what, timeout, condition, Boolean::booleanValue);
  }

  /**
   * Takes events from {@code events} until one of {@code type} comes, and returns it; throws {@link
   * AssertionError} naming {@code what} once {@code timeout} has passed. Events of other types are
   * consumed.
   */
  public static EventJson event(
      String what, Duration timeout, EventBus.Subscription events, String type) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        EventJson event = Events.next(events, POLL_INTERVAL.toMillis());
        if (event != null && event.type().equals(type)) {
          return event;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting", e);
    }
    throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what);
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting", e);
    }
  }
}
