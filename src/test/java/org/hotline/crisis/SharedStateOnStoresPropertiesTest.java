package org.hotline.crisis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.hotline.console.Role;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.link.Batch;
import org.hotline.link.LinkPair;
import org.hotline.link.LinkStore;
import org.hotline.link.PeerCapabilities;
import org.hotline.link.entry.ChangeEntry;
import org.hotline.link.entry.Draft;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.link.entry.StatusFlag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SharedStatePropertiesTest} over two real nodes' stores instead of two logs in memory: each
 * party is a {@link Crisis} on its own {@link org.hotline.store.sqlite.SqliteStore} file ({@link
 * LinkPair}), its changes checked and queued by {@link Crisis#change} through its real outbox,
 * placed in its log by its real sequencer in batches of random sizes with messages between them,
 * and the other's log delivered to it by its real receiver in signed batches that end at random
 * checkpoints. From fixed seeds (a failure names its seed), whatever each party did and whenever
 * each log reached the other: both nodes compute the same hash for every object and the same link
 * hash whenever they hold the same log sizes (and at earlier sizes once both hold everything), no
 * change a node checked is refused by the other, and the final state is the fold of the two logs as
 * their writers stored them, taken at once in memory, whatever the order in which they were
 * delivered.
 */
class SharedStateOnStoresPropertiesTest {
  /** Fewer runs than in memory: every step here is a durable SQLite transaction or two. */
  private static final int RUNS = 25;

  private static final int STEPS = 60;

  /** The largest batch the sequencer places at one step: 1 to this many queued entries. */
  private static final int PLACED_AT_ONCE_MAX = 4;

  /**
   * Pairs of earlier log sizes at which the two nodes' link hashes are compared after the run, as
   * the checkpoint exchange compares them: a few per run, each a fold of the whole link.
   */
  private static final int EARLIER_SIZES_COMPARED = 5;

  @TempDir Path dir;

  @Test
  void both_stores_compute_the_same_state_whatever_the_interleaving() throws Exception {
    int crossed = 0;
    for (long seed = 1; seed <= RUNS; seed++) {
      Path runDir = Files.createDirectory(dir.resolve("seed-" + seed));
      try (LinkPair pair = new LinkPair(runDir)) {
        crossed += run(seed, pair);
      }
    }
    assertThat(crossed).as("the runs met crossing changes").isPositive();
  }

  /** One seed's run; returns how many changes crossed. */
  private static int run(long seed, LinkPair pair) {
    SplittableRandom random = new SplittableRandom(seed);
    Node us = new Node(pair, pair.us, pair.cn);
    Node cn = new Node(pair, pair.cn, pair.us);
    List<ChangeEntry> checked = new ArrayList<>();
    for (int step = 0; step < STEPS; step++) {
      Node node = random.nextBoolean() ? us : cn;
      int action = random.nextInt(10);
      if (action < 2) {
        node.receive(random);
      } else if (action == 2) {
        node.place(1 + random.nextInt(PLACED_AT_ONCE_MAX));
      } else if (action == 3) {
        node.send("message " + step);
      } else if (action == 4 && random.nextInt(4) == 0) {
        RandomChanges.make(random, node, false);
      } else {
        ChangeEntry made = RandomChanges.make(random, node, true);
        if (made != null) {
          checked.add(made);
        }
      }
      pair.clock.advance(Duration.ofMinutes(1));
      if (us.received() == cn.size() && cn.received() == us.size()) {
        assertSameState(us, cn, "seed %d, step %d, both logs received".formatted(seed, step));
      }
    }
    us.placeAll();
    cn.placeAll();
    us.receiveAll();
    cn.receiveAll();
    String run = "seed %d".formatted(seed);
    assertSameState(us, cn, run);
    SharedState ours = us.state();
    assertThat(ours.refused())
        .as("%s: a change checked by its author is never refused", run)
        .noneMatch(item -> checked.stream().anyMatch(c -> c.id().equals(item.id())));
    assertThat(changesIn(ours))
        .as("%s: every checked change is placed, delivered and folded", run)
        .containsAll(checked.stream().map(ChangeEntry::id).toList());
    assertThat(hashes(ours))
        .as("%s: the state as delivered is the fold of both logs taken at once", run)
        .isEqualTo(hashes(foldedAtOnce(us, cn)));
    assertThat(ours.stateHash()).as(run).isEqualTo(foldedAtOnce(us, cn).stateHash());
    for (int i = 0; i < EARLIER_SIZES_COMPARED; i++) {
      long ourSize = random.nextLong(us.size() + 1);
      long theirSize = random.nextLong(cn.size() + 1);
      assertThat(us.crisis.stateHashAt(cn.self(), ourSize, theirSize))
          .as("%s: as of us %d, cn %d", run, ourSize, theirSize)
          .isEqualTo(cn.crisis.stateHashAt(us.self(), theirSize, ourSize));
    }
    return (int)
        ours.all(SharedObject.class).stream()
            .flatMap(object -> object.timeline().stream())
            .filter(item -> item.outcome() == Outcome.CROSSED)
            .count();
  }

  private static void assertSameState(Node us, Node cn, String when) {
    SharedState ours = us.state();
    SharedState theirs = cn.state();
    assertThat(hashes(ours)).as("%s: every object's hash", when).isEqualTo(hashes(theirs));
    assertThat(ours.stateHash()).as("%s: the link hash", when).isEqualTo(theirs.stateHash());
  }

  /** The ids of every change in the objects' timelines (an object's creation is its first). */
  private static java.util.Set<MessageId> changesIn(SharedState state) {
    return state.all(SharedObject.class).stream()
        .flatMap(object -> object.timeline().stream())
        .map(TimelineItem::id)
        .collect(Collectors.toSet());
  }

  /** Each object's state hash by name. */
  private static Map<String, String> hashes(SharedState state) {
    return state.all(SharedObject.class).stream()
        .collect(
            Collectors.toMap(
                SharedObject::name, SharedObject::stateHash, (a, b) -> a, TreeMap::new));
  }

  /**
   * The link as {@code us} would hold it had both logs reached it whole at the end: each party's
   * placed changes as its own store wrote them, numbered by their place, folded in memory.
   */
  private static SharedState foldedAtOnce(Node us, Node cn) {
    List<LinkStore.ChangeRecord> records = new ArrayList<>(us.written(false));
    records.addAll(cn.written(true));
    return SharedState.asOf(new Parties(us.self(), cn.self()), records, us.size(), cn.size());
  }

  /**
   * One party: its crisis management on its own store, its outbox and sequencer, and the receiver
   * that stores what the other party's sequencer placed. Not thread-safe.
   */
  private static final class Node implements RandomChanges.Party {
    private final LinkPair pair;
    private final LinkPair.Side side;
    private final LinkPair.Side other;
    private final Crisis crisis;
    private final List<MessageId> sent = new ArrayList<>();

    Node(LinkPair pair, LinkPair.Side side, LinkPair.Side other) {
      this.pair = pair;
      this.side = side;
      this.other = other;
      this.crisis =
          new Crisis(
              side.id,
              side.store,
              side.outbox(),
              side.store,
              peer -> Optional.of(PeerCapabilities.OWN),
              side.events,
              pair.clock);
    }

    PartyId self() {
      return side.id;
    }

    private LogOrigin ours() {
      return new LogOrigin(side.id, other.id);
    }

    long size() {
      return side.head(ours()).size();
    }

    long received() {
      return side.head(ours().reversed()).size();
    }

    @Override
    public SharedState state() {
      return crisis.state(other.id);
    }

    @Override
    public ChangeEntry create(String type, String op, Map<String, Object> data) {
      ObjectType objectType = ObjectType.ofWire(type).orElseThrow();
      return crisis
          .change(other.id, objectType, Optional.empty(), op, data, by(), Role.ADMINISTRATOR)
          .change();
    }

    @Override
    public ChangeEntry change(String object, String op, Map<String, Object> data) {
      String[] parts = object.split("/", 2);
      return crisis
          .change(
              other.id,
              ObjectType.ofWire(parts[0]).orElseThrow(),
              Optional.of(MessageId.parse(parts[1])),
              op,
              data,
              by(),
              Role.ADMINISTRATOR)
          .change();
    }

    /** Queued by the outbox as {@link Crisis#change} queues it, without the rules' check. */
    @Override
    public ChangeEntry changeUnchecked(String object, String op, Map<String, Object> data) {
      return side.outbox()
          .queueChange(
              other.id,
              (records, seen, id, now) ->
                  new ChangeEntry(ours(), 0, id, now, object, op, seen, by(), new TreeMap<>(data)));
    }

    /** The last message this node sent (one sent now if none): the node links only those it has. */
    @Override
    public MessageId message() {
      if (sent.isEmpty()) {
        send("linked message");
      }
      return sent.getLast();
    }

    @Override
    public Instant now() {
      return pair.clock.instant();
    }

    private String by() {
      return "officer " + side.id;
    }

    /** A ROUTINE message to the other party: another entry of the log, between the changes. */
    void send(String subject) {
      Draft draft =
          new Draft(other.id, Precedence.ROUTINE, StatusFlag.TEST, subject, "Body", "en", null);
      sent.add(side.outbox().submit(List.of(draft)).getFirst().id());
    }

    /** Places up to {@code limit} queued entries in this node's log, under one checkpoint. */
    void place(int limit) {
      side.sequencer.sequence(other.id, limit);
    }

    void placeAll() {
      while (side.sequencer.sequence(other.id, PLACED_AT_ONCE_MAX) > 0) {
        // each round places a batch
      }
    }

    /**
     * Delivers to this node the other's log from what it holds up to one of the other's checkpoints
     * beyond, chosen at random: one batch, stored by this node's receiver. Nothing if it holds all.
     */
    void receive(SplittableRandom random) {
      List<Long> ends = checkpointsAhead();
      if (!ends.isEmpty()) {
        deliver(ends.get(random.nextInt(ends.size())));
      }
    }

    void receiveAll() {
      List<Long> ends = checkpointsAhead();
      if (!ends.isEmpty()) {
        deliver(ends.getLast());
      }
    }

    private List<Long> checkpointsAhead() {
      LogOrigin theirs = ours().reversed();
      List<Long> ends = new ArrayList<>();
      for (OptionalLong end = other.store.nextCheckpointSize(theirs, received());
          end.isPresent();
          end = other.store.nextCheckpointSize(theirs, end.getAsLong())) {
        ends.add(end.getAsLong());
      }
      return ends;
    }

    private void deliver(long end) {
      LogOrigin theirs = ours().reversed();
      long first = received() + 1;
      List<byte[]> entries =
          other.store.entries(theirs, first, end).stream()
              .map(LinkStore.StoredEntry::bytes)
              .toList();
      Batch batch =
          new Batch(
              theirs.text(), first, entries, other.store.checkpoint(theirs, end).orElseThrow());
      side.receiver.accept(side.peer(other.id), batch);
    }

    /**
     * This node's placed changes as its own store holds them, numbered by their place; {@code
     * incoming} as the other node would list them.
     */
    List<LinkStore.ChangeRecord> written(boolean incoming) {
      List<ChangeEntry> placed =
          side.store.changes(ours()).stream()
              .filter(record -> !record.incoming() && record.placed())
              .map(LinkStore.ChangeRecord::entry)
              .sorted(java.util.Comparator.comparingLong(ChangeEntry::seq))
              .toList();
      List<LinkStore.ChangeRecord> records = new ArrayList<>();
      for (int i = 0; i < placed.size(); i++) {
        records.add(new LinkStore.ChangeRecord(placed.get(i), incoming, i + 1L));
      }
      return records;
    }
  }
}
