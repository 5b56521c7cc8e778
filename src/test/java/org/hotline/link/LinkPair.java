package org.hotline.link;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.hotline.Json;
import org.hotline.event.EventBus;
import org.hotline.identity.IdentityCard;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.Draft;
import org.hotline.link.entry.EntryCodec;
import org.hotline.link.entry.MessageEntry;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.link.entry.StatusFlag;
import org.hotline.link.health.Backoff;
import org.hotline.link.health.LinkBlocks;
import org.hotline.link.receive.Receiver;
import org.hotline.link.send.Dispatcher;
import org.hotline.link.send.Outbox;
import org.hotline.link.send.Sequencer;
import org.hotline.store.sqlite.SqliteStore;
import org.hotline.testing.Events;
import org.hotline.testing.MutableClock;
import org.hotline.transcript.Checkpoint;
import org.hotline.transcript.Frontier;
import org.hotline.transcript.MerkleHash;
import org.hotline.transcript.NoteSigner;
import org.hotline.transcript.SignedNote;
import org.hotline.web.EventJson;

/**
 * Two nodes' link parts in one JVM, as {@code app.RecordBench} wires them: {@code us} and {@code
 * cn}, each with its own real {@link SqliteStore} on a file in a test's temporary directory, its
 * own signing key, the other pinned as a peer, and one {@link MutableClock} for both. Nothing runs
 * on its own: no dispatcher thread, no heartbeat ticker; tests call the parts they exercise.
 *
 * <p>{@link #toCn} is us's {@link PeerTransport} with the network left out: each call goes straight
 * to cn's real {@link Receiver} (and its checkpoint exchange), so a batch is checked and stored
 * exactly as if it had come over mutual TLS. It is not a mock: it answers what the receiver
 * answers. A test can make it fail as a network would (no answer) or change the receipt on the way
 * back.
 *
 * <p>Not thread-safe: one test drives one pair.
 */
public final class LinkPair implements AutoCloseable {
  public static final PartyId US = PartyId.of("us");
  public static final PartyId CN = PartyId.of("cn");
  public static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

  public final MutableClock clock = new MutableClock(T0);
  public final Side us;
  public final Side cn;
  public final Direct toCn;
  final Direct toUs;

  /** One node's link parts. */
  public static final class Side implements AutoCloseable {
    public final PartyId id;
    public final Path file;
    public final NoteSigner signer;
    public final SqliteStore store;
    public final EventBus events;
    public final LinkBlocks blocks;
    public final List<SecurityEvent> alarms = new CopyOnWriteArrayList<>();
    public final List<PartyId> woken = new CopyOnWriteArrayList<>();
    public final Receiver receiver;
    public final Sequencer sequencer;
    private Outbox outbox;
    final CheckpointExchange exchange;
    private final MutableClock clock;

    Side(PartyId id, Path file, MutableClock clock) {
      this.id = id;
      this.clock = clock;
      this.file = file;
      this.signer = signer(id);
      this.store = SqliteStore.open(copyOfTemplate(file), Json.mapper());
      this.events = new EventBus(clock);
      this.blocks = new LinkBlocks(events, clock);
      this.receiver =
          new Receiver(id, signer, store, clock, alarms::add, events, AckDeadlines.DEFAULTS);
      this.sequencer = new Sequencer(id, signer, store, clock);
      this.exchange = new CheckpointExchange(id, signer.verifier(), store, clock, alarms::add);
    }

    /**
     * This side's outbox, made on first use: its committer thread costs a close of up to one poll
     * interval, which tests that do not submit need not pay.
     */
    public synchronized Outbox outbox() {
      if (outbox == null) {
        outbox =
            new Outbox(
                id,
                store,
                store,
                clock,
                new Random(id.hashCode()),
                AckDeadlines.DEFAULTS,
                woken::add);
      }
      return outbox;
    }

    /**
     * Changes this side's database behind the node's back, with plain JDBC, as someone with access
     * to the disk would; returns the rows changed.
     */
    public int tamper(String sql, Object... parameters) {
      try (java.sql.Connection connection =
              java.sql.DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
          java.sql.PreparedStatement statement = connection.prepareStatement(sql)) {
        for (int i = 0; i < parameters.length; i++) {
          statement.setObject(i + 1, parameters[i]);
        }
        return statement.executeUpdate();
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(sql, e);
      }
    }

    /** The other side as this side has it pinned. */
    public Peer peer(PartyId other) {
      return store.peer(other).orElseThrow();
    }

    public LinkStore.LogHead head(LogOrigin log) {
      return store.logHead(log).orElse(LinkStore.LogHead.EMPTY);
    }

    public List<SecurityEvent.Kind> alarmKinds() {
      return alarms.stream().map(SecurityEvent::kind).toList();
    }

    public List<SecurityEvent.Kind> storedEventKinds() {
      return store.securityEvents(100).stream().map(SecurityEvent::kind).toList();
    }

    @Override
    public synchronized void close() {
      if (outbox != null) {
        outbox.close();
      }
      store.close();
    }
  }

  private static Path template;

  /**
   * An empty, migrated database, made once per JVM and copied for each store: migrating a new file
   * costs far more than the tests that use it.
   */
  private static synchronized Path copyOfTemplate(Path file) {
    try {
      if (template == null) {
        Path dir = Files.createTempDirectory("link-pair");
        Path made = dir.resolve("template.db");
        SqliteStore.open(made, Json.mapper()).close();
        made.toFile().deleteOnExit();
        dir.toFile().deleteOnExit();
        template = made;
      }
      return Files.copy(template, file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public LinkPair(Path dir) {
    us = new Side(US, dir.resolve("us.db"), clock);
    cn = new Side(CN, dir.resolve("cn.db"), clock);
    us.store.add(new Peer(card(CN, cn.signer), endpoints()));
    cn.store.add(new Peer(card(US, us.signer), endpoints()));
    toCn = new Direct(cn, US);
    toUs = new Direct(us, CN);
  }

  /** The events published so far, without waiting for more. */
  public static List<EventJson> drain(EventBus.Subscription events) throws InterruptedException {
    List<EventJson> out = new ArrayList<>();
    for (EventJson event = Events.next(events, 0); event != null; event = Events.next(events, 0)) {
      out.add(event);
    }
    return out;
  }

  public static LogOrigin usToCn() {
    return new LogOrigin(US, CN);
  }

  /** cn's log to us. */
  public static LogOrigin cnToUs() {
    return new LogOrigin(CN, US);
  }

  static List<URI> endpoints() {
    return List.of(URI.create("https://primary.test:8443"), URI.create("https://backup.test:8443"));
  }

  /** A fixed key per party, so runs are repeatable. */
  public static NoteSigner signer(PartyId party) {
    byte[] seed = new byte[32];
    byte[] name = party.value().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    System.arraycopy(name, 0, seed, 0, name.length);
    return NoteSigner.fromSeed(IdentityCard.signingKeyName(party), seed);
  }

  static IdentityCard card(PartyId party, NoteSigner signer) {
    return new IdentityCard(
        IdentityCard.CURRENT_VERSION,
        party,
        "Party " + party,
        signer.verifier().vkey(),
        "ab".repeat(32),
        List.of());
  }

  /** A draft from us to cn. */
  public static Draft draft(Precedence precedence, String subject) {
    return new Draft(CN, precedence, StatusFlag.TEST, subject, "Body of " + subject, "en", null);
  }

  /** Submits one ROUTINE message per subject from us to cn; returns their ids in order. */
  public List<MessageId> submit(Precedence precedence, String... subjects) {
    List<Draft> drafts = new ArrayList<>();
    for (String subject : subjects) {
      drafts.add(draft(precedence, subject));
    }
    return us.outbox().submit(drafts).stream().map(Outbox.Accepted::id).toList();
  }

  /** The batch limits the dispatchers read; tests change them. */
  public volatile BatchLimits limits = BatchLimits.DEFAULT;

  /**
   * Where us's dispatchers send batches: at once, on the calling thread, unless a test holds them
   * (to see several batches in flight).
   */
  public volatile java.util.concurrent.Executor sends = Runnable::run;

  /** A new dispatcher of us's log to cn over {@link #toCn}; its thread is never started. */
  public Dispatcher dispatcher(Backoff backoff) {
    return new Dispatcher(
        US,
        CN,
        us.store,
        us.store,
        toCn,
        us.sequencer,
        us.outbox(),
        clock,
        backoff,
        us.events,
        us.blocks,
        () -> limits,
        sends);
  }

  /**
   * Submits one message per subject from us to cn and delivers everything queued with a dispatcher
   * round: sequenced, stored by cn's receiver, receipted. Returns the ids.
   */
  List<MessageId> deliver(Precedence precedence, String... subjects) {
    List<MessageId> ids = submit(precedence, subjects);
    dispatcher(Backoff.standard(new Random(1))).round();
    return ids;
  }

  /**
   * The same the other way: cn sends one message per subject to us over {@link #toUs} and delivers
   * it with a dispatcher round. Returns the ids.
   */
  public List<MessageId> deliverToUs(String... subjects) {
    List<Draft> drafts = new ArrayList<>();
    for (String subject : subjects) {
      drafts.add(new Draft(US, Precedence.ROUTINE, StatusFlag.TEST, subject, "Body", "en", null));
    }
    List<MessageId> ids = cn.outbox().submit(drafts).stream().map(Outbox.Accepted::id).toList();
    new Dispatcher(
            CN,
            US,
            cn.store,
            cn.store,
            toUs,
            cn.sequencer,
            cn.outbox(),
            clock,
            Backoff.standard(new Random(1)),
            cn.events,
            cn.blocks,
            () -> limits,
            Runnable::run)
        .round();
    return ids;
  }

  // ------------------------------------------------------------ entries crafted by hand

  /** The canonical bytes of a ROUTINE message at {@code seq} of {@code log}. */
  public byte[] message(LogOrigin log, long seq, String subject) {
    Draft draft =
        new Draft(log.reader(), Precedence.ROUTINE, StatusFlag.TEST, subject, "Body", "en", null);
    return EntryCodec.encode(
        new MessageEntry(
            log, seq, MessageId.generate(clock.instant(), random), clock.instant(), draft));
  }

  private final Random random = new Random(11);

  /** {@code count} messages of {@code log} numbered from {@code firstSeq}. */
  public List<byte[]> messages(LogOrigin log, long firstSeq, int count) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(message(log, firstSeq + i, "entry " + (firstSeq + i)));
    }
    return out;
  }

  /** The RFC 6962 root of {@code entries}, entry 1 first. */
  public static byte[] root(List<byte[]> entries) {
    Frontier frontier = Frontier.empty();
    entries.forEach(entry -> frontier.append(MerkleHash.leaf(entry), Frontier.NodeSink.NONE));
    return frontier.root();
  }

  /** A signed checkpoint of {@code log} by {@code key}. */
  public static String checkpoint(NoteSigner key, LogOrigin log, long size, byte[] root) {
    return SignedNote.sign(new Checkpoint(log.text(), size, root).body(), key).encode();
  }

  /**
   * The batch an honest writer {@code us} sends cn after {@code before} (the whole log so far):
   * {@code more} appended, with us's signed checkpoint for the new size.
   */
  public static Batch honest(
      NoteSigner key, LogOrigin log, List<byte[]> before, List<byte[]> more) {
    List<byte[]> all = new ArrayList<>(before);
    all.addAll(more);
    return new Batch(
        log.text(), before.size() + 1, more, checkpoint(key, log, all.size(), root(all)));
  }

  @Override
  public void close() {
    us.close();
    cn.close();
  }

  /** us's transport to cn: straight into cn's receiver, as {@code app.RecordBench} does. */
  public static final class Direct implements PeerTransport {
    private final Side other;
    private final PartyId caller;
    public final List<Batch> pushed = new CopyOnWriteArrayList<>();
    final List<List<String>> reported = new CopyOnWriteArrayList<>();
    public final java.util.concurrent.atomic.AtomicInteger stateCalls =
        new java.util.concurrent.atomic.AtomicInteger();

    /** How many of the next calls of any kind get no answer. */
    public volatile int unreachable;

    /** How many of the next pushes get no answer, before they reach the receiver. */
    public volatile int pushesLost;

    /** A refusal the next push gets instead of reaching the receiver. */
    public volatile BatchRefusedException refuseNext;

    /** How many of the next pushes are stored by the receiver, but its answer is lost. */
    public volatile int answersLost;

    public volatile UnaryOperator<String> receipt = UnaryOperator.identity();
    public volatile RemoteLogState state;
    volatile int endpoint;

    Direct(Side other, PartyId caller) {
      this.other = other;
      this.caller = caller;
    }

    private Peer caller() {
      if (unreachable > 0) {
        unreachable--;
        throw new PeerUnreachableException("no answer from " + other.id);
      }
      return other.peer(caller);
    }

    @Override
    public RemoteLogState state(Peer peer, String log) {
      Peer from = caller();
      stateCalls.incrementAndGet();
      return state != null ? state : other.receiver.state(from, log);
    }

    @Override
    public BatchAnswer push(Peer peer, Batch batch) {
      Peer from = caller();
      pushed.add(batch);
      if (pushesLost > 0) {
        pushesLost--;
        throw new PeerUnreachableException("push lost on the way to " + other.id);
      }
      BatchRefusedException refusal = refuseNext;
      if (refusal != null) {
        refuseNext = null;
        throw refusal;
      }
      BatchAnswer answer = other.receiver.accept(from, batch);
      if (answersLost > 0) {
        answersLost--;
        throw new PeerUnreachableException("answer from " + other.id + " lost on the way");
      }
      return new BatchAnswer(receipt.apply(answer.cosignature()), answer.uninterpretable());
    }

    @Override
    public CheckpointExchange.Answer exchange(
        Peer peer, List<CheckpointView> views, List<String> divergences) {
      return exchange(peer, views, divergences, null);
    }

    @Override
    public CheckpointExchange.Answer exchange(
        Peer peer, List<CheckpointView> views, List<String> divergences, String stateHash) {
      Peer from = caller();
      reported.add(divergences);
      return other.exchange.answer(from, views, divergences, stateHash);
    }

    @Override
    public String heartbeat(Peer peer, int endpoint, String note, Duration timeout) {
      throw new PeerUnreachableException("this transport carries no heartbeats");
    }

    @Override
    public Batch pull(Peer peer, String log, long after, String receipt) {
      throw new PeerUnreachableException("this transport carries no pull requests");
    }

    @Override
    public RecoveryPage recoveryPage(Peer peer, String log, long after) {
      Peer from = caller();
      if (log.equals(new LogOrigin(other.id, caller).text())) {
        return RecoveryPage.serveOwn(other.store, new LogOrigin(other.id, caller), after);
      }
      return RecoveryPage.serve(
          other.store, new LogOrigin(caller, other.id), other.receiver.state(from, log), after);
    }

    /** The other side is this same code: it reads what this node reads. */
    @Override
    public java.util.Optional<PeerCapabilities> capabilities(Peer peer) {
      return java.util.Optional.of(PeerCapabilities.OWN);
    }

    @Override
    public int currentEndpoint(Peer peer) {
      return endpoint;
    }

    @Override
    public void selectEndpoint(Peer peer, int endpoint) {
      this.endpoint = endpoint;
    }
  }
}
