package org.hotline.watch;

/**
 * Delivers one alert to one target, once. Implementations bound their own time (connect, read, run)
 * so that a hung receiver cannot hold the watch; the watch retries a failure within {@link Retry}'s
 * bounds and records the outcome. Implementations are thread-safe: the watch delivers several
 * notifications at once.
 */
public interface Notifier {
  /**
   * Throws {@link NotificationFailedException} saying what went wrong (refused, timed out, exit
   * status); the watch will try again later, up to {@link Retry#ATTEMPTS_MAX} attempts in all.
   */
  void deliver(Alert alert, Target target);

  /**
   * Delivers a step of a BLOCKED link's escalation, with the same contract. Notifiers that cannot
   * carry one fail, saying so, and the watch retries and then gives up as for any failure.
   */
  default void deliver(LinkAlert alert, Target target) {
    throw new NotificationFailedException(
        "this notifier does not carry link alerts (" + target.key() + ")");
  }

  /** Delivers a step of an overdue commitment's escalation, with the same contract. */
  default void deliver(CommitmentAlert alert, Target target) {
    throw new NotificationFailedException(
        "this notifier does not carry commitment alerts (" + target.key() + ")");
  }
}
