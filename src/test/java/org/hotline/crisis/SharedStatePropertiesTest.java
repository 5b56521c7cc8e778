package org.hotline.crisis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
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
          RandomChanges.make(link.random, side, false);
        } else {
          ChangeEntry made = RandomChanges.make(link.random, side, true);
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
}
