package org.hotline.watch;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The escalation of standing conditions that are not messages (a BLOCKED link, an overdue
 * commitment), as for an unacknowledged FLASH message: once a condition stands, the chain's first
 * level is told after that level's delay, each next level after its own, looping as the chain says;
 * each step is a console alarm and one notification per target, retried within {@link Retry}'s
 * bounds. The condition ending stops it and drops what is not yet delivered, as an answer does for
 * a message. Held in memory: the owner of each kind of condition says what a restart does.
 * Thread-safe.
 *
 * @param <K> what identifies a standing condition (a peer, a commitment)
 * @param <A> the notice each step carries
 */
final class StandingEscalations<K, A extends Notice> {
  private static final Logger LOG = LoggerFactory.getLogger(StandingEscalations.class);

  /** The notice of one step: level and loop are 1-based, {@code raisedAt} is when it fired. */
  @FunctionalInterface
  interface Steps<A> {
    A step(int level, int loop, Instant raisedAt);
  }

  /** Where the notices of one kind go: the console, the notifiers, the console again on failure. */
  interface Outlet<A> {
    void raise(A alert);

    void deliver(A alert, Target target);

    void failed(A alert, Target target, int attempts, String error);
  }

  /**
   * Told, after each tick, where the escalations that fired now stand: the level each waits for
   * next, null once its chain is exhausted. An owner that stores it resumes from there ({@link
   * #resume}).
   */
  @FunctionalInterface
  interface Moves<K> {
    Moves<Object> NONE = (key, next) -> {};

    void moved(K key, Escalation.Level next);
  }

  /** A standing condition: how its steps read, and the level it waits for. */
  private record Standing<A>(Steps<A> steps, Escalation.Level next) {}

  /** A notification of one step to one target, waiting for its next attempt. */
  private record Pending<K, A>(K key, A alert, Target target, int attempts, Instant nextAt) {}

  private final EscalationChain chain;
  private final Outlet<A> outlet;
  private final Moves<? super K> moves;
  private final Clock clock;
  private final Map<K, Standing<A>> standing = new HashMap<>();
  private final List<Pending<K, A>> pending = new ArrayList<>();

  StandingEscalations(
      EscalationChain chain, Outlet<A> outlet, Moves<? super K> moves, Clock clock) {
    this.chain = chain;
    this.outlet = outlet;
    this.moves = moves;
    this.clock = clock;
  }

  /** {@code key} stands since {@code since}: its first level is due after that level's delay. */
  synchronized void start(K key, Instant since, Steps<A> steps) {
    standing.put(key, new Standing<>(steps, Escalation.firstLevel(since, chain)));
  }

  /**
   * {@code key} stands and its escalation had reached {@code next} (null: its chain is exhausted),
   * as stored before a restart.
   */
  synchronized void resume(K key, Escalation.Level next, Steps<A> steps) {
    standing.put(key, new Standing<>(steps, next));
  }

  /** {@code key} no longer stands: returns false if it was not escalating. */
  synchronized boolean stop(K key) {
    if (standing.remove(key) == null) {
      return false;
    }
    pending.removeIf(waiting -> waiting.key().equals(key));
    return true;
  }

  /** The conditions escalating now, including those whose chain is exhausted. */
  synchronized Set<K> standing() {
    return Set.copyOf(standing.keySet());
  }

  /** Fires the levels due at {@code now} and delivers the notifications due; returns the steps. */
  int tick(Instant now) {
    List<A> fired = new ArrayList<>();
    List<Pending<K, A>> due = new ArrayList<>();
    Map<K, Escalation.Level> moved = new HashMap<>();
    synchronized (this) {
      standing.replaceAll(
          (key, condition) -> {
            Standing<A> advanced = advance(key, condition, now, fired);
            if (!Objects.equals(advanced.next(), condition.next())) {
              moved.put(key, advanced.next());
            }
            return advanced;
          });
      for (var iterator = pending.iterator();
          iterator.hasNext() && due.size() < Watch.DELIVERIES_PER_TICK_MAX; ) {
        Pending<K, A> waiting = iterator.next();
        if (!waiting.nextAt().isAfter(now)) {
          due.add(waiting);
          iterator.remove();
        }
      }
    }
    moved.forEach(moves::moved);
    for (A alert : fired) {
      outlet.raise(alert);
      LOG.warn("{}", alert.headline());
    }
    deliver(due);
    return fired.size();
  }

  /**
   * Fires every level due; a condition whose chain is exhausted stays (with nothing next), so that
   * it is not started again while it stands.
   */
  private Standing<A> advance(K key, Standing<A> condition, Instant now, List<A> fired) {
    Escalation.Level next = condition.next();
    for (int step = 0;
        step < Escalation.STEPS_MAX && next != null && !next.at().isAfter(now);
        step++) {
      A alert = condition.steps().step(next.level() + 1, next.loop(), now);
      fired.add(alert);
      for (Target target : chain.levels().get(next.level()).targets()) {
        pending.add(new Pending<>(key, alert, target, 0, now));
      }
      next = Escalation.afterLevel(next.level(), next.loop(), now, chain);
    }
    return new Standing<>(condition.steps(), next);
  }

  /** Attempts every due notification at once, bounded like the watch's; keeps the failures. */
  private void deliver(List<Pending<K, A>> due) {
    if (due.isEmpty()) {
      return;
    }
    List<Callable<String>> tasks = new ArrayList<>(due.size());
    for (Pending<K, A> waiting : due) {
      tasks.add(() -> attempt(waiting));
    }
    List<String> errors = new ArrayList<>(due.size());
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Future<String> outcome :
          executor.invokeAll(tasks, Watch.DELIVERY_WAIT_MAX.toMillis(), TimeUnit.MILLISECONDS)) {
        errors.add(error(outcome));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    Instant after = clock.instant();
    synchronized (this) {
      for (int i = 0; i < due.size(); i++) {
        Pending<K, A> waiting = due.get(i);
        String error = errors.get(i);
        if (error.isEmpty() || !standing.containsKey(waiting.key())) {
          continue;
        }
        int attempts = waiting.attempts() + 1;
        if (attempts >= Retry.ATTEMPTS_MAX) {
          LOG.error(
              "{} to {} FAILED after {} attempts: {}",
              waiting.alert().type(),
              waiting.target().key(),
              attempts,
              error);
          outlet.failed(waiting.alert(), waiting.target(), attempts, error);
        } else {
          pending.add(
              new Pending<>(
                  waiting.key(),
                  waiting.alert(),
                  waiting.target(),
                  attempts,
                  after.plus(Retry.delay(attempts))));
        }
      }
    }
  }

  /** An empty string once delivered, else what went wrong. */
  private String attempt(Pending<K, A> waiting) {
    try {
      outlet.deliver(waiting.alert(), waiting.target());
      return "";
    } catch (NotificationFailedException e) {
      return e.getMessage();
    } catch (RuntimeException e) {
      LOG.warn("notifier for {} failed unexpectedly", waiting.target().key(), e);
      return "unexpected: " + e;
    }
  }

  private static String error(Future<String> outcome) {
    try {
      return outcome.get();
    } catch (CancellationException e) {
      return "no outcome within " + Watch.DELIVERY_WAIT_MAX.toSeconds() + " s";
    } catch (ExecutionException e) {
      return "notifier failed unexpectedly: " + e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while the node was stopping";
    }
  }
}
