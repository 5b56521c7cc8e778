package org.hotline.watch;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands for the outside world the watch notifies (webhook receivers, mail servers, hook scripts):
 * it records every alert it is handed, with its target, and refuses delivery to the targets a test
 * has declared broken, the way a receiver that is down would. The real notifiers are tested in
 * {@code org.hotline.notify}. Thread-safe: the watch delivers several notifications at once.
 */
final class RecordingNotifier implements Notifier {
  /** One delivery attempt: what was handed over and whether it was refused. */
  record Attempt(Alert alert, Target target, boolean refused) {}

  /** One delivery attempt of a step of an overdue commitment's escalation. */
  record CommitmentAttempt(CommitmentAlert alert, Target target, boolean refused) {}

  private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
  private final List<CommitmentAttempt> commitmentAttempts = new CopyOnWriteArrayList<>();
  private final Set<String> refusing = ConcurrentHashMap.newKeySet();
  private final Set<String> crashing = ConcurrentHashMap.newKeySet();

  /** Delivery to {@code target} fails from now on, with a {@link NotificationFailedException}. */
  void refuse(Target target) {
    refusing.add(target.key());
  }

  /** Delivery to {@code target} fails from now on with an unexpected runtime exception. */
  void crash(Target target) {
    crashing.add(target.key());
  }

  /** Delivery to {@code target} succeeds again. */
  void heal(Target target) {
    refusing.remove(target.key());
    crashing.remove(target.key());
  }

  @Override
  public void deliver(Alert alert, Target target) {
    boolean refused = refusing.contains(target.key()) || crashing.contains(target.key());
    attempts.add(new Attempt(alert, target, refused));
    if (crashing.contains(target.key())) {
      throw new IllegalStateException("receiver crashed");
    }
    if (refused) {
      throw new NotificationFailedException("connection refused by " + target.key());
    }
  }

  @Override
  public void deliver(CommitmentAlert alert, Target target) {
    boolean refused = refusing.contains(target.key()) || crashing.contains(target.key());
    commitmentAttempts.add(new CommitmentAttempt(alert, target, refused));
    if (refused) {
      throw new NotificationFailedException("connection refused by " + target.key());
    }
  }

  /** The steps of commitment escalations that arrived, in the order they arrived. */
  List<CommitmentAlert> commitmentAlerts() {
    return commitmentAttempts.stream()
        .filter(attempt -> !attempt.refused())
        .map(CommitmentAttempt::alert)
        .toList();
  }

  /** The targets the steps of commitment escalations were delivered to, in order. */
  List<String> commitmentTargets() {
    return commitmentAttempts.stream()
        .filter(attempt -> !attempt.refused())
        .map(attempt -> attempt.target().key())
        .toList();
  }

  /** Every attempt so far, in the order they were made. */
  List<Attempt> attempts() {
    return List.copyOf(attempts);
  }

  /** The alerts that arrived, in the order they arrived. */
  List<Alert> delivered() {
    return attempts.stream().filter(attempt -> !attempt.refused()).map(Attempt::alert).toList();
  }

  /** The alerts that arrived at {@code target}. */
  List<Alert> deliveredTo(Target target) {
    return attempts.stream()
        .filter(attempt -> !attempt.refused() && attempt.target().equals(target))
        .map(Attempt::alert)
        .toList();
  }

  void forget() {
    attempts.clear();
  }
}
