package org.hotline.watch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.MessageId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watch over unanswered messages. Each {@link #tick()} does, in order:
 *
 * <ol>
 *   <li>gives every newly stored message with a deadline its {@link Timer};
 *   <li>advances every due timer with {@link Escalation}: on the sending side a missed deadline is
 *       first put on the record (the link's signed deadline-missed entry), then the timer's next
 *       state and one notification per target are stored in one transaction, and the console alarm
 *       is raised;
 *   <li>delivers the due notifications, several at once, each bounded by its notifier, and stores
 *       each outcome: delivered, retried later ({@link Retry}), or FAILED with a {@code
 *       notify.failed} event;
 *   <li>escalates the BLOCKED links the same way ({@link LinkEscalation});
 *   <li>escalates the overdue commitments the same way, on both sides ({@link
 *       CommitmentEscalation}).
 * </ol>
 *
 * Everything the watch knows is stored, so a node down across a deadline escalates at its first
 * tick after start. An acknowledgement or decline ({@link #answered}) deletes the timer and cancels
 * pending notifications at once; independently, every step and every delivery checks the stored
 * answer first, so nothing is sent about a message once its answer is stored (only an attempt
 * already under way can still arrive). Reading a message is not an answer.
 *
 * <p>In production a scheduler thread ({@link #start()}) ticks every {@link #TICK_INTERVAL}; tests
 * advance their clock and call {@link #tick()} themselves. Thread-safe: ticks run one at a time.
 */
public final class Watch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Watch.class);

  /**
   * Deadlines are minutes long; a second of lateness is invisible, and an idle tick costs two small
   * queries.
   */
  public static final Duration TICK_INTERVAL = Duration.ofSeconds(1);

  /** New messages given timers per tick: a burst of 10,000 is absorbed in one short transaction. */
  static final int NEW_MESSAGES_PER_TICK_MAX = 10_000;

  /** Timers advanced per tick; more wait one second, their steps still fire in order. */
  static final int TIMERS_PER_TICK_MAX = 1_000;

  /** Notifications attempted at once per tick: each holds a connection or a process. */
  static final int DELIVERIES_PER_TICK_MAX = 64;

  /**
   * A backstop over the notifiers' own bounds (each stops within 20 s): a tick never waits longer
   * for deliveries than this, so a hung receiver delays the next timers by at most this much.
   */
  static final Duration DELIVERY_WAIT_MAX = Duration.ofSeconds(30);

  private final PartyId self;
  private final WatchStore store;
  private final Predicate<MessageId> recordMiss;
  private final EscalationChain chain;
  private final Notifier notifier;
  private final ConsoleAlarm console;
  private final Clock clock;
  private final LinkEscalation blockedLinks;
  private final CommitmentEscalation overdueCommitments;
  private final Thread scheduler;
  private volatile boolean closed;

  /**
   * @param recordMiss puts a sent message's missed deadline on the record; idempotent, false if
   *     already recorded or answered (the link's {@code Outbox.recordDeadlineMissed})
   */
  public Watch(
      PartyId self,
      WatchStore store,
      Predicate<MessageId> recordMiss,
      EscalationChain chain,
      Notifier notifier,
      ConsoleAlarm console,
      Clock clock) {
    this(self, store, recordMiss, chain, notifier, console, clock, OpenCommitments.NONE);
  }

  /**
   * @param recordMiss puts a sent message's missed deadline on the record; idempotent, false if
   *     already recorded or answered (the link's {@code Outbox.recordDeadlineMissed})
   * @param commitments the shared commitments overdue at a given time, read at every tick
   */
  public Watch(
      PartyId self,
      WatchStore store,
      Predicate<MessageId> recordMiss,
      EscalationChain chain,
      Notifier notifier,
      ConsoleAlarm console,
      Clock clock,
      OpenCommitments commitments) {
    this.self = self;
    this.store = store;
    this.recordMiss = recordMiss;
    this.chain = chain;
    this.notifier = notifier;
    this.console = console;
    this.clock = clock;
    this.blockedLinks = new LinkEscalation(self, chain, notifier, console, clock);
    this.overdueCommitments =
        new CommitmentEscalation(self, commitments, store, chain, notifier, console, clock);
    this.scheduler = Thread.ofPlatform().name("watch").daemon().unstarted(this::run);
  }

  /** What one tick did, for logs and tests. */
  public record TickReport(
      int reminders,
      int escalations,
      int misses,
      int delivered,
      int retried,
      int failed,
      int cancelled) {}

  /**
   * Starts ticking: at once (a node back from an outage escalates first thing), then every second.
   */
  public void start() {
    scheduler.start();
  }

  private void run() {
    while (!closed) {
      try {
        tick();
        Thread.sleep(TICK_INTERVAL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        if (closed) {
          return;
        }
        LOG.error("watch tick failed; trying again in {}", TICK_INTERVAL, e);
        sleepQuietly();
      }
    }
  }

  private void sleepQuietly() {
    try {
      Thread.sleep(TICK_INTERVAL);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  /** Evaluates every timer and delivers every notification due now. */
  public synchronized TickReport tick() {
    pickUpNewMessages();
    int[] steps = advanceTimers(clock.instant());
    int[] outcomes = deliverDue(clock.instant());
    blockedLinks.tick(clock.instant());
    overdueCommitments.tick(clock.instant());
    return new TickReport(
        steps[0], steps[1], steps[2], outcomes[0], outcomes[1], outcomes[2], outcomes[3]);
  }

  /**
   * A person acknowledged or declined {@code message} (here, or at the peer): stop its reminders
   * and escalation now, and cancel what is not yet delivered.
   */
  public void answered(MessageId message) {
    Instant now = clock.instant();
    int cancelled =
        store.write(
            writes -> {
              writes.deleteTimer(message);
              return writes.cancelNotifications(message, now);
            });
    if (cancelled > 0) {
      LOG.info("message {} answered: {} pending notifications cancelled", message, cancelled);
    }
  }

  /**
   * The link to {@code peer} is BLOCKED since {@code since}: escalate it through the chain like an
   * unacknowledged FLASH message, from the next tick.
   *
   * @param direction {@code OUTGOING} or {@code INCOMING}: whose batches are refused
   */
  public void linkBlocked(
      PartyId peer, String direction, String problem, String detail, Instant since) {
    blockedLinks.blocked(peer, direction, problem, detail, since);
  }

  /** The link to {@code peer} carries batches again: stop its escalation. */
  public void linkUnblocked(PartyId peer) {
    blockedLinks.unblocked(peer);
  }

  /** The most recent notifications, newest first. */
  public List<Notification> notifications(int limit) {
    return store.notifications(limit);
  }

  public EscalationChain chain() {
    return chain;
  }

  private void pickUpNewMessages() {
    store.write(
        writes -> {
          List<WatchStore.NewMessage> fresh =
              writes.messagesAfter(writes.cursor(), NEW_MESSAGES_PER_TICK_MAX);
          if (fresh.isEmpty()) {
            return null;
          }
          List<Timer> timers = new ArrayList<>(fresh.size());
          for (WatchStore.NewMessage message : fresh) {
            if (message.deadline() != null && !message.answered()) {
              timers.add(
                  Timer.start(message.id(), message.side(), message.created(), message.deadline()));
            }
          }
          writes.insertTimers(timers);
          writes.putCursor(fresh.get(fresh.size() - 1).ord());
          return null;
        });
  }

  private record Plan(WatchStore.DueTimer due, Escalation.Advance advance) {
    boolean misses() {
      return advance.fired().stream().anyMatch(fired -> fired.kind() == Alert.Kind.MISSED);
    }
  }

  /** Returns {reminders, escalations, misses}. */
  @SuppressWarnings(
      "EnumOrdinal") // counts are indexed by Alert.Kind, the order callers read them in
  private int[] advanceTimers(Instant now) {
    List<WatchStore.DueTimer> due = store.dueTimers(now, TIMERS_PER_TICK_MAX);
    if (due.isEmpty()) {
      return new int[3];
    }
    List<Plan> plans = new ArrayList<>(due.size());
    List<MessageId> answeredBefore = new ArrayList<>();
    for (WatchStore.DueTimer timer : due) {
      if (timer.message().answered()) {
        answeredBefore.add(timer.timer().message());
        continue;
      }
      Plan plan = new Plan(timer, Escalation.advance(timer.timer(), now, chain));
      if (plan.misses() && !putMissOnRecord(timer.timer().message())) {
        continue;
      }
      plans.add(plan);
    }
    List<Alert> raised =
        store.write(
            writes -> {
              answeredBefore.forEach(writes::deleteTimer);
              Set<MessageId> answered =
                  writes.answered(
                      plans.stream().map(plan -> plan.due().timer().message()).toList());
              List<Alert> alerts = new ArrayList<>();
              for (Plan plan : plans) {
                Timer timer = plan.due().timer();
                if (answered.contains(timer.message())) {
                  writes.deleteTimer(timer.message());
                } else if (writes.replaceTimer(timer, plan.advance().next())) {
                  writes.insertNotifications(notificationsFor(plan, now));
                  plan.advance()
                      .fired()
                      .forEach(
                          fired -> alerts.add(alert(0, fired, timer, plan.due().message(), now)));
                }
              }
              return alerts;
            });
    int[] counts = new int[3];
    for (Alert alert : raised) {
      console.raise(alert);
      counts[alert.kind().ordinal()]++;
      if (alert.kind() == Alert.Kind.REMINDER) {
        LOG.info("{}: {}", alert.message(), alert.headline());
      } else {
        LOG.warn("{}: {}", alert.message(), alert.headline());
      }
    }
    return counts;
  }

  /** False if the record could not be written now; the timer stays due and is tried next tick. */
  private boolean putMissOnRecord(MessageId message) {
    try {
      // False means it was already on the record, or answered: either way nothing is left to do.
      var unused = recordMiss.test(message);
      return true;
    } catch (RuntimeException e) {
      LOG.error(
          "cannot put the missed deadline of {} on the record; trying again next tick", message, e);
      return false;
    }
  }

  private List<Notification> notificationsFor(Plan plan, Instant now) {
    Timer timer = plan.due().timer();
    List<Notification> out = new ArrayList<>();
    for (Escalation.Fired fired : plan.advance().fired()) {
      List<Target> targets =
          switch (fired.kind()) {
            case REMINDER -> chain.reminder();
            case ESCALATION -> chain.levels().get(fired.level()).targets();
            case MISSED -> List.of();
          };
      Integer level = fired.levelNumber();
      Integer loop = fired.loopNumber();
      for (Target target : targets) {
        out.add(
            new Notification(
                0,
                timer.message(),
                fired.kind(),
                timer.side(),
                level,
                loop,
                target.key(),
                now,
                Notification.Status.PENDING,
                0,
                now,
                "",
                now));
      }
    }
    return out;
  }

  private Alert alert(
      long notification,
      Escalation.Fired fired,
      Timer timer,
      WatchStore.MessageFacts message,
      Instant now) {
    return new Alert(
        notification,
        fired.kind(),
        timer.side(),
        self,
        message.peer(),
        timer.message(),
        message.precedence(),
        message.status(),
        message.created(),
        timer.deadline(),
        fired.levelNumber(),
        fired.loopNumber(),
        now);
  }

  private record Outcome(Notification.Status status, String error) {
    static final Outcome DELIVERED = new Outcome(Notification.Status.DELIVERED, "");
    static final Outcome CANCELLED = new Outcome(Notification.Status.CANCELLED, "");

    static Outcome failed(String error) {
      return new Outcome(Notification.Status.PENDING, error);
    }

    static Outcome givenUp(String error) {
      return new Outcome(Notification.Status.FAILED, error);
    }
  }

  /** Returns {delivered, retried, failed, cancelled}. */
  private int[] deliverDue(Instant now) {
    List<WatchStore.DueNotification> due = store.dueNotifications(now, DELIVERIES_PER_TICK_MAX);
    int[] counts = new int[4];
    if (due.isEmpty()) {
      return counts;
    }
    List<Outcome> outcomes = attemptAll(due);
    Instant after = clock.instant();
    List<Notification> givenUp = new ArrayList<>();
    store.write(
        writes -> {
          for (int i = 0; i < due.size(); i++) {
            Notification notification = due.get(i).notification();
            Outcome outcome = outcomes.get(i);
            int attempts =
                outcome.status() == Notification.Status.CANCELLED
                    ? notification.attempts()
                    : notification.attempts() + 1;
            Notification.Status status = outcome.status();
            Instant next = null;
            if (status == Notification.Status.PENDING && attempts >= Retry.ATTEMPTS_MAX) {
              status = Notification.Status.FAILED;
            } else if (status == Notification.Status.PENDING) {
              next = after.plus(Retry.delay(attempts));
            }
            writes.recordAttempt(notification.id(), status, attempts, next, outcome.error(), after);
            switch (status) {
              case DELIVERED -> counts[0]++;
              case PENDING -> counts[1]++;
              case FAILED -> {
                counts[2]++;
                givenUp.add(
                    new Notification(
                        notification.id(),
                        notification.message(),
                        notification.kind(),
                        notification.side(),
                        notification.level(),
                        notification.loop(),
                        notification.target(),
                        notification.raisedAt(),
                        status,
                        attempts,
                        null,
                        outcome.error(),
                        after));
              }
              case CANCELLED -> counts[3]++;
            }
            if (status == Notification.Status.PENDING) {
              LOG.warn(
                  "notification {} to {} failed (attempt {} of {}), retrying at {}: {}",
                  notification.id(),
                  notification.target(),
                  attempts,
                  Retry.ATTEMPTS_MAX,
                  next,
                  outcome.error());
            }
          }
          return null;
        });
    for (Notification failed : givenUp) {
      LOG.error(
          "notification {} to {} about message {} FAILED after {} attempts: {}",
          failed.id(),
          failed.target(),
          failed.message(),
          failed.attempts(),
          failed.lastError());
      console.notificationFailed(failed);
    }
    return counts;
  }

  /** Attempts every due notification at once, each on its own virtual thread; outcomes in order. */
  private List<Outcome> attemptAll(List<WatchStore.DueNotification> due) {
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    try {
      List<Future<Outcome>> futures = new ArrayList<>(due.size());
      for (WatchStore.DueNotification notification : due) {
        futures.add(executor.submit(() -> attempt(notification)));
      }
      long waitUntil = System.nanoTime() + DELIVERY_WAIT_MAX.toNanos();
      List<Outcome> outcomes = new ArrayList<>(due.size());
      for (Future<Outcome> future : futures) {
        outcomes.add(outcome(future, waitUntil));
      }
      return outcomes;
    } finally {
      executor.shutdownNow();
    }
  }

  private static Outcome outcome(Future<Outcome> future, long waitUntil) {
    try {
      return future.get(Math.max(0, waitUntil - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      return Outcome.failed("no outcome within " + DELIVERY_WAIT_MAX.toSeconds() + " s");
    } catch (ExecutionException e) {
      return Outcome.failed("notifier failed unexpectedly: " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      return Outcome.failed("interrupted while the node was stopping");
    }
  }

  private Outcome attempt(WatchStore.DueNotification due) {
    Notification notification = due.notification();
    if (store.answered(notification.message())) {
      return Outcome.CANCELLED;
    }
    Target target = chain.target(notification.target()).orElse(null);
    if (target == null) {
      return Outcome.givenUp("target is no longer in the configuration");
    }
    WatchStore.MessageFacts message = due.message();
    Alert alert =
        new Alert(
            notification.id(),
            notification.kind(),
            notification.side(),
            self,
            message.peer(),
            notification.message(),
            message.precedence(),
            message.status(),
            message.created(),
            due.deadline(),
            notification.level(),
            notification.loop(),
            notification.raisedAt());
    try {
      notifier.deliver(alert, target);
      return Outcome.DELIVERED;
    } catch (NotificationFailedException e) {
      return Outcome.failed(e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("notifier for {} failed unexpectedly", target.key(), e);
      return Outcome.failed("unexpected: " + e);
    }
  }

  @Override
  public void close() {
    closed = true;
    scheduler.interrupt();
    try {
      scheduler.join(DELIVERY_WAIT_MAX.toMillis() + 5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
