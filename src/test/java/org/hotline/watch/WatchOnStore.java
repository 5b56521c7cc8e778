package org.hotline.watch;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.hotline.Json;
import org.hotline.event.EventBus;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.link.LinkStore;
import org.hotline.link.MessageRecord;
import org.hotline.link.entry.Draft;
import org.hotline.link.entry.MessageEntry;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.link.entry.ResponseEntry;
import org.hotline.link.entry.StatusFlag;
import org.hotline.link.send.Outbox;
import org.hotline.store.sqlite.SqliteStore;
import org.hotline.testing.Events;
import org.hotline.testing.MutableClock;
import org.hotline.testing.SqliteFile;
import org.hotline.web.EventJson;

/**
 * A real {@link Watch} over the node {@code us}, composed as {@code app.Node} composes it, on a
 * real {@link SqliteStore} in a file, with a test clock and a {@link RecordingNotifier}. Messages
 * are stored as the link stores them (the receiver's and the outbox's writes), without a peer or a
 * network; a received message is answered through the real {@link Outbox}, and a sent message's
 * missed deadline is put on the record by it. Tests move the clock and call {@link #tick()}. Not
 * thread-safe: one test drives one.
 */
final class WatchOnStore implements AutoCloseable {
  static final PartyId US = PartyId.of("us");
  static final PartyId CN = PartyId.of("cn");
  static final Instant START = Instant.parse("2026-11-28T09:00:00Z");

  private static final SecureRandom RANDOM = new SecureRandom();

  final Path file;
  final MutableClock clock;
  final RecordingNotifier notifier;
  final SqliteStore store;
  final Outbox outbox;
  final Watch watch;
  private final EventBus.Subscription events;
  private final AtomicBoolean recordFails = new AtomicBoolean();
  private final AtomicReference<Runnable> whileRecordingMiss = new AtomicReference<>(() -> {});

  /** The receiver's log position; seq is only an index in the messages table. */
  private long seq;

  /**
   * The commitments overdue as the shared state would say: a list the test sets. The real source is
   * the crisis state of two nodes, which {@code CommitmentOverdueTest} drives end to end.
   */
  final OverdueList overdue;

  private WatchOnStore(
      Path file,
      EscalationChain chain,
      MutableClock clock,
      RecordingNotifier notifier,
      OverdueList overdue) {
    this.file = file;
    this.overdue = overdue;
    this.clock = clock;
    this.notifier = notifier;
    this.store = SqliteStore.open(file, Json.mapper());
    this.outbox =
        new Outbox(US, store, store, clock, RANDOM, DeadlinePolicy.defaults(), peer -> {});
    EventBus bus = new EventBus(clock);
    this.events = bus.subscribe();
    this.watch =
        new Watch(
            US,
            store.watchStore(),
            this::recordMiss,
            chain,
            notifier,
            new ConsoleAlarm(bus),
            clock,
            overdue);
    outbox.onAnswer(response -> watch.answered(response.message()));
  }

  /** A watch on a new store file in {@code dir}, at {@link #START}. */
  static WatchOnStore open(Path dir, EscalationChain chain) {
    return new WatchOnStore(
        dir.resolve("hotline.db"),
        chain,
        new MutableClock(START),
        new RecordingNotifier(),
        new OverdueList());
  }

  /**
   * Stops this watch as a node stops, and starts another on the same file, clock and notifier: a
   * node restarted, perhaps with an edited chain.
   */
  WatchOnStore restart(EscalationChain chain) {
    close();
    return new WatchOnStore(file, chain, clock, notifier, overdue);
  }

  private boolean recordMiss(MessageId message) {
    whileRecordingMiss.get().run();
    if (recordFails.get()) {
      throw new IllegalStateException("disk full");
    }
    return outbox.recordDeadlineMissed(message);
  }

  /** Putting a missed deadline on the record fails (full disk) until told otherwise. */
  void recordFails(boolean fails) {
    recordFails.set(fails);
  }

  /** Runs {@code action} each time the watch is about to put a missed deadline on the record. */
  void whileRecordingMiss(Runnable action) {
    whileRecordingMiss.set(action);
  }

  /** A message from cn to us, created now, stored as the receiver stores it. */
  MessageId received(Precedence precedence, Duration deadline) {
    Instant created = clock.instant();
    MessageId id = MessageId.generate(created, RANDOM);
    seq++;
    MessageEntry entry =
        new MessageEntry(new LogOrigin(CN, US), seq, id, created, draft(US, precedence));
    store.write(
        writes -> {
          writes.insertIncoming(
              entry.log(),
              List.of(entry),
              created,
              deadline == null ? Map.of() : Map.of(id, created.plus(deadline)));
          return null;
        });
    return id;
  }

  /** A message from us to cn, created now, stored as the outbox stores it. */
  MessageId sent(Precedence precedence, Duration deadline) {
    Instant created = clock.instant();
    MessageId id = MessageId.generate(created, RANDOM);
    store.write(
        writes -> {
          writes.insertOutgoing(
              List.of(
                  new LinkStore.OutgoingMessage(
                      id, US, created, draft(CN, precedence), MessageEntry.SEEN_UNKNOWN)),
              created,
              Map.of(id, created.plus(deadline)));
          return null;
        });
    return id;
  }

  private static Draft draft(PartyId to, Precedence precedence) {
    return new Draft(to, precedence, StatusFlag.EXERCISE, "Exercise", "body", null, null);
  }

  /** A person here acknowledges a received message, through the outbox, as the console does. */
  void acknowledge(MessageId message) {
    outbox.respond(message, ResponseEntry.Kind.ACK, "duty officer", "");
  }

  /**
   * The peer's acknowledgement of a sent message is stored, as the receiver stores it; the watch is
   * told only if {@code tellWatch}.
   */
  void peerAcknowledges(MessageId message, boolean tellWatch) {
    Instant now = clock.instant();
    store.write(
        writes -> {
          writes.insertResponse(
              new LinkStore.ResponseRecord(
                  MessageId.generate(now, RANDOM),
                  message,
                  ResponseEntry.Kind.ACK,
                  "cn duty officer",
                  "",
                  now,
                  true,
                  null,
                  null));
          return null;
        });
    if (tellWatch) {
      watch.answered(message);
    }
  }

  MessageRecord message(MessageId id) {
    return store.message(id).orElseThrow();
  }

  /** Moves the clock to {@code sinceStart} after {@link #START} and ticks once. */
  Watch.TickReport tickAt(Duration sinceStart) {
    clock.set(START.plus(sinceStart));
    return watch.tick();
  }

  Watch.TickReport tick() {
    return watch.tick();
  }

  /** How many messages the watch keeps a stored timer for, read from the file itself. */
  long timers() {
    try (SqliteFile database = SqliteFile.open(file.getParent())) {
      return database.one(Number.class, "SELECT count(*) FROM watch_timers").longValue();
    }
  }

  /** The stored notifications, oldest first. */
  List<Notification> notifications() {
    return watch.notifications(10_000).reversed();
  }

  /** The events published since the last call. */
  List<EventJson> events() {
    List<EventJson> out = new ArrayList<>();
    try {
      for (EventJson event = Events.next(events, 0);
          event != null;
          event = Events.next(events, 0)) {
        out.add(event);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return out;
  }

  /** The types of the events published since the last call. */
  List<String> eventTypes() {
    return events().stream().map(EventJson::type).toList();
  }

  /**
   * Open commitments as a test sets them: each is overdue once the clock is past its due time; a
   * broken one makes every read fail, as a shared state that cannot be read would.
   */
  static final class OverdueList implements OpenCommitments {
    private final List<Overdue> open = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean broken;

    void add(Overdue commitment) {
      open.add(commitment);
    }

    /** The commitment is settled (done, missed, withdrawn): no longer open. */
    void settle(MessageId commitment) {
      open.removeIf(overdue -> overdue.commitment().equals(commitment));
    }

    void broken(boolean broken) {
      this.broken = broken;
    }

    @Override
    public List<Overdue> overdueAt(Instant now) {
      if (broken) {
        throw new IllegalStateException("the shared state cannot be read");
      }
      return open.stream().filter(overdue -> now.isAfter(overdue.due())).toList();
    }
  }

  @Override
  public void close() {
    watch.close();
    outbox.close();
    store.close();
  }
}
