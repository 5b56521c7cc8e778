package org.hotline.watch;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.hotline.identity.PartyId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The escalation of BLOCKED links, as for an unacknowledged FLASH message: once a link is blocked
 * its first level is told after that level's delay, each next level after its own, loops as the
 * chain says, each step a {@code link.escalation} console alarm and one notification per target,
 * retried within {@link Retry}'s bounds. The link being unblocked stops it and drops what is not
 * yet delivered, as an answer does for a message. Unlike a message's, this escalation is held in
 * memory: a restarted node blocks the link again at the next two refusals, and starts again from
 * level 1. Thread-safe.
 */
final class LinkEscalation {
  private static final Logger LOG = LoggerFactory.getLogger(LinkEscalation.class);

  /** A blocked link: why, since when, and the level it waits for. */
  private record Standing(
      String direction, String problem, String detail, Instant since, Escalation.Level next) {}

  /** A notification of one step to one target, waiting for its next attempt. */
  private record Pending(LinkAlert alert, Target target, int attempts, Instant nextAt) {}

  private final PartyId self;
  private final EscalationChain chain;
  private final Notifier notifier;
  private final ConsoleAlarm console;
  private final Clock clock;
  private final Map<PartyId, Standing> standing = new HashMap<>();
  private final List<Pending> pending = new ArrayList<>();

  LinkEscalation(
      PartyId self, EscalationChain chain, Notifier notifier, ConsoleAlarm console, Clock clock) {
    this.self = self;
    this.chain = chain;
    this.notifier = notifier;
    this.console = console;
    this.clock = clock;
  }

  synchronized void blocked(
      PartyId peer, String direction, String problem, String detail, Instant since) {
    standing.put(
        peer, new Standing(direction, problem, detail, since, Escalation.firstLevel(since, chain)));
  }

  synchronized void unblocked(PartyId peer) {
    if (standing.remove(peer) != null) {
      pending.removeIf(waiting -> waiting.alert().peer().equals(peer));
      LOG.info("link to {} unblocked: its escalation stops", peer);
    }
  }

  /** Fires the levels due at {@code now} and delivers the notifications due; returns the steps. */
  int tick(Instant now) {
    List<LinkAlert> fired = new ArrayList<>();
    List<Pending> due = new ArrayList<>();
    synchronized (this) {
      standing.replaceAll((peer, link) -> advance(peer, link, now, fired));
      standing.values().removeIf(link -> link.next() == null);
      for (var iterator = pending.iterator();
          iterator.hasNext() && due.size() < Watch.DELIVERIES_PER_TICK_MAX; ) {
        Pending waiting = iterator.next();
        if (!waiting.nextAt().isAfter(now)) {
          due.add(waiting);
          iterator.remove();
        }
      }
    }
    for (LinkAlert alert : fired) {
      console.raise(alert);
      LOG.warn("{}", alert.headline());
    }
    deliver(due);
    return fired.size();
  }

  private Standing advance(PartyId peer, Standing link, Instant now, List<LinkAlert> fired) {
    Escalation.Level next = link.next();
    for (int step = 0;
        step < Escalation.STEPS_MAX && next != null && !next.at().isAfter(now);
        step++) {
      LinkAlert alert =
          new LinkAlert(
              self,
              peer,
              link.direction(),
              link.problem(),
              link.detail(),
              link.since(),
              next.level() + 1,
              next.loop(),
              now);
      fired.add(alert);
      for (Target target : chain.levels().get(next.level()).targets()) {
        pending.add(new Pending(alert, target, 0, now));
      }
      next = Escalation.afterLevel(next.level(), next.loop(), now, chain);
    }
    return new Standing(link.direction(), link.problem(), link.detail(), link.since(), next);
  }

  /** Attempts every due notification at once, bounded like the watch's; keeps the failures. */
  private void deliver(List<Pending> due) {
    if (due.isEmpty()) {
      return;
    }
    List<Callable<String>> tasks = new ArrayList<>(due.size());
    for (Pending waiting : due) {
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
        Pending waiting = due.get(i);
        String error = errors.get(i);
        if (error.isEmpty() || !standing.containsKey(waiting.alert().peer())) {
          continue;
        }
        int attempts = waiting.attempts() + 1;
        if (attempts >= Retry.ATTEMPTS_MAX) {
          LOG.error(
              "link alert to {} about {} FAILED after {} attempts: {}",
              waiting.target().key(),
              waiting.alert().peer(),
              attempts,
              error);
          console.linkNotificationFailed(waiting.alert(), waiting.target(), attempts, error);
        } else {
          pending.add(
              new Pending(
                  waiting.alert(), waiting.target(), attempts, after.plus(Retry.delay(attempts))));
        }
      }
    }
  }

  /** An empty string once delivered, else what went wrong. */
  private String attempt(Pending waiting) {
    try {
      notifier.deliver(waiting.alert(), waiting.target());
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
