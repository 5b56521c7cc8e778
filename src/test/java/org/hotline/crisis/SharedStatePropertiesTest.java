package org.hotline.crisis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hotline.HotlineException;
import org.hotline.link.entry.ChangeEntry;
import org.junit.jupiter.api.Test;

/**
 * Random interleavings of both parties' changes and deliveries, from fixed seeds (a failure names
 * its seed): whatever each party did and whenever each log reached the other, both nodes compute
 * the same state and the same hashes once they hold the same log sizes, and every change a node
 * checked before placing it is accepted by the other (never refused), while changes placed without
 * the check are judged the same on both sides.
 */
class SharedStatePropertiesTest {
  /** Enough runs to meet concurrent closes, withdrawals and crossings many times over. */
  private static final int RUNS = 300;

  private static final int STEPS = 80;

  @Test
  void both_nodes_compute_the_same_state_whatever_the_interleaving() {
    int crossed = 0;
    for (long seed = 1; seed <= RUNS; seed++) {
      LinkSimulation link = new LinkSimulation(seed);
      List<ChangeEntry> checked = new ArrayList<>();
      for (int step = 0; step < STEPS; step++) {
        LinkSimulation.Side side = link.random.nextBoolean() ? link.us : link.cn;
        int action = link.random.nextInt(10);
        if (action < 3) {
          side.receiveOne();
        } else if (action == 3) {
          side.receiveAll();
        } else if (action == 4 && link.random.nextInt(4) == 0) {
          randomChange(link, side, false);
        } else {
          ChangeEntry made = randomChange(link, side, true);
          if (made != null) {
            checked.add(made);
          }
        }
        if (link.us.received == link.cn.size && link.cn.received == link.us.size) {
          assertThat(link.us.state().stateHash())
              .as("seed %d, step %d, both logs received", seed, step)
              .isEqualTo(link.cn.state().stateHash());
        }
      }
      link.us.receiveAll();
      link.cn.receiveAll();
      SharedState ours = link.us.state();
      SharedState theirs = link.cn.state();
      assertThat(ours.stateHash()).as("seed %d", seed).isEqualTo(theirs.stateHash());
      List<TimelineItem> refused = ours.refused();
      assertThat(refused)
          .as("seed %d: a change checked by its author is never refused", seed)
          .noneMatch(item -> checked.stream().anyMatch(c -> c.id().equals(item.id())));
      crossed +=
          (int)
              ours.all(SharedObject.class).stream()
                  .flatMap(object -> object.timeline().stream())
                  .filter(item -> item.outcome() == Outcome.CROSSED)
                  .count();
    }
    assertThat(crossed).as("the runs met crossing changes").isGreaterThan(RUNS / 10);
  }

  /** A random change by {@code side}, checked as a node checks it or not; null if refused. */
  private static ChangeEntry randomChange(
      LinkSimulation link, LinkSimulation.Side side, boolean check) {
    SharedState state = side.state();
    List<SharedObject> objects = state.all(SharedObject.class);
    var random = link.random;
    try {
      if (objects.isEmpty() || random.nextInt(6) == 0) {
        return switch (random.nextInt(3)) {
          case 0 ->
              side.create(
                  "incident",
                  "open",
                  Map.of("title", "事件 " + random.nextInt(100), "severity", 1L + random.nextInt(5)));
          case 1 -> side.create("concern", "raise", Map.of("title", "Commercial flights"));
          default ->
              side.create(
                  "commitment",
                  "propose",
                  Map.of(
                      "owed_by",
                      random.nextBoolean() ? "us" : "cn",
                      "what",
                      "Share tracking data",
                      "due",
                      link.now.plusSeconds(600L * random.nextInt(12)).toString()));
        };
      }
      SharedObject object = objects.get(random.nextInt(objects.size()));
      String op = pick(random, Operations.of(object.type()));
      Map<String, Object> data =
          switch (op) {
            case "severity" -> Map.of("severity", 1L + random.nextInt(5));
            case "state" ->
                Map.of("state", pick(random, java.util.Set.of("ACTIVE", "RESOLVED", "DECLINED")));
            case "status" ->
                Map.of("status", pick(random, java.util.Set.of("OPEN", "ADDRESSED", "CLOSED")));
            case "lead", "scribe" -> Map.of("user", "officer " + random.nextInt(3));
            case "note" -> Map.of("text", "Note " + random.nextInt(1000));
            case "link-message" -> Map.of("message", link.nextId().toString());
            case "link" -> Map.of("message", link.nextId().toString());
            default -> Map.of();
          };
      if (op.equals("open") || op.equals("raise") || op.equals("propose")) {
        return null;
      }
      return check
          ? side.change(object.name(), op, data)
          : side.changeUnchecked(object.name(), op, data);
    } catch (HotlineException refused) {
      return null;
    }
  }

  private static String pick(java.util.SplittableRandom random, java.util.Set<String> options) {
    List<String> sorted = options.stream().sorted().toList();
    return sorted.get(random.nextInt(sorted.size()));
  }
}
