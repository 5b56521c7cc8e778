package org.hotline.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hotline.watch.WatchOnStore.CN;
import static org.hotline.watch.WatchOnStore.START;
import static org.hotline.watch.WatchOnStore.US;
import static org.hotline.watch.WatchTest.CHAIN;
import static org.hotline.watch.WatchTest.DIRECTOR;
import static org.hotline.watch.WatchTest.DUTY;
import static org.hotline.watch.WatchTest.SUPERVISOR;
import static org.hotline.watch.WatchTest.minutes;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.hotline.link.entry.MessageId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The escalation of overdue commitments, ticked by hand on a test clock over a real store: level 1
 * once the due time has passed, level 2 its delay later, the chain again after the loop delay;
 * stopped as soon as the commitment is settled; resumed where it stood after a restart. The
 * commitments come from a list the test sets (the real source, the shared state of two nodes, is
 * driven end to end by {@code CommitmentOverdueTest}).
 */
class CommitmentEscalationTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path dir;

  static OpenCommitments.Overdue owedByCn(Instant due) {
    return new OpenCommitments.Overdue(CN, MessageId.generate(START, RANDOM), CN, US, due);
  }

  static List<String> steps(RecordingNotifier notifier, MessageId commitment) {
    return notifier.commitmentAlerts().stream()
        .filter(alert -> alert.commitment().equals(commitment))
        .map(alert -> alert.level() + "/" + alert.loop())
        .toList();
  }

  @Test
  void an_overdue_commitment_climbs_the_chain_and_loops_over_it() {
    try (WatchOnStore w = WatchOnStore.open(dir, CHAIN)) {
      OpenCommitments.Overdue commitment = owedByCn(START.plus(minutes(60)));
      w.overdue.add(commitment);

      w.tickAt(minutes(60));
      assertThat(w.notifier.commitmentAlerts()).as("due, not yet overdue").isEmpty();

      w.tickAt(minutes(60).plusMillis(1));
      assertThat(steps(w.notifier, commitment.commitment())).containsExactly("1/1");
      CommitmentAlert first = w.notifier.commitmentAlerts().getFirst();
      assertThat(first)
          .isEqualTo(
              new CommitmentAlert(
                  US,
                  CN,
                  commitment.commitment(),
                  CN,
                  US,
                  commitment.due(),
                  1,
                  1,
                  START.plus(minutes(60)).plusMillis(1)));
      assertThat(w.eventTypes()).contains(CommitmentAlert.OVERDUE);

      w.tickAt(minutes(65));
      assertThat(steps(w.notifier, commitment.commitment()))
          .as("level 2 comes 5 minutes after level 1, not before")
          .containsExactly("1/1");
      w.tickAt(minutes(65).plusMillis(1));
      assertThat(steps(w.notifier, commitment.commitment())).containsExactly("1/1", "2/1", "2/1");
      assertThat(w.notifier.commitmentAlerts().subList(1, 3))
          .extracting(alert -> alert.level())
          .containsOnly(2);

      w.tickAt(minutes(79));
      assertThat(steps(w.notifier, commitment.commitment())).hasSize(3);
      w.tickAt(minutes(80).plusMillis(1));
      assertThat(steps(w.notifier, commitment.commitment()))
          .as("the chain again, 15 minutes after its last level")
          .containsExactly("1/1", "2/1", "2/1", "1/2");
    }
  }

  @Test
  void a_settled_commitment_stops_at_once_and_its_stored_place_is_forgotten() {
    try (WatchOnStore w = WatchOnStore.open(dir, CHAIN)) {
      OpenCommitments.Overdue settled = owedByCn(START.plus(minutes(10)));
      OpenCommitments.Overdue open = owedByCn(START.plus(minutes(10)));
      w.overdue.add(settled);
      w.overdue.add(open);
      w.tickAt(minutes(11));
      assertThat(w.store.watchStore().commitmentEscalations())
          .containsOnlyKeys(settled.commitment(), open.commitment());

      w.overdue.settle(settled.commitment());
      w.tickAt(minutes(30));

      assertThat(steps(w.notifier, settled.commitment())).containsExactly("1/1");
      assertThat(steps(w.notifier, open.commitment())).containsExactly("1/1", "2/1", "2/1");
      assertThat(w.store.watchStore().commitmentEscalations()).containsOnlyKeys(open.commitment());
    }
  }

  @Test
  void a_restarted_node_goes_on_at_the_next_level_rather_than_paging_level_1_again() {
    WatchOnStore before = WatchOnStore.open(dir, CHAIN);
    OpenCommitments.Overdue commitment = owedByCn(START.plus(minutes(10)));
    before.overdue.add(commitment);
    before.tickAt(minutes(11));
    assertThat(steps(before.notifier, commitment.commitment())).containsExactly("1/1");
    try (WatchOnStore after = before.restart(CHAIN)) {
      after.tickAt(minutes(12));
      assertThat(steps(after.notifier, commitment.commitment()))
          .as("level 2 is not due before 5 minutes after level 1")
          .containsExactly("1/1");

      after.tickAt(minutes(16));
      assertThat(steps(after.notifier, commitment.commitment()))
          .containsExactly("1/1", "2/1", "2/1");
      assertThat(after.notifier.commitmentAlerts().subList(1, 3))
          .extracting(alert -> alert.raisedAt())
          .containsOnly(START.plus(minutes(16)));
    }
  }

  @Test
  void a_commitment_settled_while_the_node_was_down_is_not_resumed() {
    WatchOnStore before = WatchOnStore.open(dir, CHAIN);
    OpenCommitments.Overdue commitment = owedByCn(START.plus(minutes(10)));
    before.overdue.add(commitment);
    before.tickAt(minutes(11));
    before.overdue.settle(commitment.commitment());
    try (WatchOnStore after = before.restart(CHAIN)) {
      after.tickAt(minutes(40));

      assertThat(steps(after.notifier, commitment.commitment())).containsExactly("1/1");
      assertThat(after.store.watchStore().commitmentEscalations()).isEmpty();
    }
  }

  @Test
  void a_shared_state_that_cannot_be_read_leaves_the_escalations_going() {
    try (WatchOnStore w = WatchOnStore.open(dir, CHAIN)) {
      OpenCommitments.Overdue commitment = owedByCn(START.plus(minutes(10)));
      w.overdue.add(commitment);
      w.tickAt(minutes(11));

      w.overdue.broken(true);
      w.tickAt(minutes(16));
      assertThat(steps(w.notifier, commitment.commitment()))
          .as("the level due still fires")
          .containsExactly("1/1", "2/1", "2/1");

      w.overdue.broken(false);
      w.overdue.settle(commitment.commitment());
      w.tickAt(minutes(40));
      assertThat(steps(w.notifier, commitment.commitment())).hasSize(3);
    }
  }

  @Test
  void each_level_reaches_its_own_targets() {
    try (WatchOnStore w = WatchOnStore.open(dir, CHAIN)) {
      OpenCommitments.Overdue commitment = owedByCn(START);
      w.overdue.add(commitment);
      w.tickAt(minutes(6));
      assertThat(w.notifier.commitmentTargets()).containsExactly(DUTY.key());
      w.tickAt(minutes(11));

      assertThat(w.notifier.commitmentTargets())
          .containsExactly(DUTY.key(), SUPERVISOR.key(), DIRECTOR.key());
    }
  }
}
