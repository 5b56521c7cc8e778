package org.hotline.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hotline.crisis.Commitment;
import org.hotline.crisis.Concern;
import org.hotline.crisis.Incident;
import org.hotline.crisis.SharedState;
import org.hotline.identity.PartyId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hotline demo} on a fresh directory: two real nodes, paired, with the exercise seeded. */
class DemoTest {
  private static final PartyId US = PartyId.of("us");
  private static final PartyId CN = PartyId.of("cn");

  /** Bound on the wait for both nodes to hold every change of the exercise. */
  private static final Duration SETTLE = Duration.ofSeconds(20);

  @TempDir Path dir;

  @Test
  void a_fresh_demo_seeds_the_crisis_exercise_the_same_on_both_nodes() throws Exception {
    try (Demo.Started demo = Demo.start(dir, Clock.systemUTC())) {
      SharedState us = settled(demo);
      SharedState cn = demo.cn().crisis().state(US);

      assertThat(cn.stateHash()).isEqualTo(us.stateHash());
      assertThat(us.refused()).isEmpty();

      Incident aerial = only(us.all(Incident.class), i -> i.title().contains("Hainan"));
      assertThat(aerial.createdBy()).isEqualTo(CN);
      assertThat(aerial.state()).isEqualTo(Incident.State.ACTIVE);
      assertThat(aerial.severityByParty()).isEqualTo(Map.of(CN, 3L, US, 4L));
      assertThat(aerial.severityDiffers()).isTrue();
      assertThat(aerial.messages()).hasSize(2);
      Incident detained = only(us.all(Incident.class), i -> i.title().contains("Detained"));
      assertThat(detained.createdBy()).isEqualTo(US);
      assertThat(detained.messages()).hasSize(1);

      List<Commitment> commitments = us.all(Commitment.class);
      assertThat(commitments).hasSize(3);
      Commitment tracking = only(commitments, c -> c.what().contains("tracking data"));
      assertThat(tracking.owedBy()).isEqualTo(US);
      assertThat(tracking.state()).isEqualTo(Commitment.State.AGREED);
      assertThat(tracking.incident()).contains(aerial.id());
      assertThat(tracking.due()).isAfter(demo.us().crisis().now().plus(Duration.ofHours(23)));
      Commitment access = only(commitments, c -> c.what().contains("consular"));
      assertThat(access.owedBy()).isEqualTo(CN);
      assertThat(access.state()).isEqualTo(Commitment.State.PROPOSED);
      assertThat(access.incident()).contains(detained.id());
      Commitment talks = only(commitments, c -> c.what().contains("military-to-military"));
      assertThat(talks.createdBy()).isEqualTo(US);
      assertThat(talks.state()).isEqualTo(Commitment.State.PROPOSED);

      List<Concern> concerns = us.all(Concern.class);
      assertThat(concerns).extracting(Concern::owner).containsExactlyInAnyOrder(US, CN);
      assertThat(only(concerns, c -> c.owner().equals(US)).title())
          .isEqualTo("Precursor chemicals");
      Concern flights = only(concerns, c -> c.owner().equals(CN));
      assertThat(flights.title()).contains("Commercial flights near the exercise area");
      assertThat(flights.links()).hasSize(1);

      org.hotline.crisis.Translation readByCn =
          only(us.all(org.hotline.crisis.Translation.class), t -> true);
      assertThat(readByCn.reader()).isEqualTo(CN);
      assertThat(aerial.messages()).contains(readByCn.message());
      assertThat(readByCn.readings())
          .singleElement()
          .satisfies(reading -> assertThat(reading.language()).isEqualTo("zh"));

      org.hotline.crisis.Channel leaders = us.channel("leaders").orElseThrow();
      assertThat(leaders.settings().orElseThrow().suspendable()).isFalse();
      assertThat(leaders.proposal()).isEmpty();
      org.hotline.crisis.Channel military = us.channel("military").orElseThrow();
      assertThat(military.suspendedBy()).containsOnlyKeys(CN);
      assertThat(military.suspendedBy().get(CN).reason())
          .isEqualTo("Military-to-military talks suspended pending review");
      assertThat(us.arrival(CN, "military", 1, -1)).isEqualTo(SharedState.Arrival.CLEAR);
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  new org.hotline.crisis.ChannelRules(demo.us().crisis()::state)
                      .admit(CN, "military", org.hotline.link.entry.Precedence.ROUTINE))
          .isInstanceOf(org.hotline.ChannelRefusedException.class);
    }
  }

  /**
   * The us node's state once both nodes hold every change of the exercise: seven objects, two
   * channels and a message's translations on us, and the same log sizes on both sides.
   */
  private static SharedState settled(Demo.Started demo) throws InterruptedException {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    while (true) {
      SharedState us = demo.us().crisis().state(CN);
      SharedState cn = demo.cn().crisis().state(US);
      boolean complete =
          us.all(org.hotline.crisis.SharedObject.class).size() == 10
              && us.channel("military").orElseThrow().suspendedBy().containsKey(CN)
              && !us.channel("leaders").orElseThrow().settings().orElseThrow().suspendable()
              && demo.us().crisis().pending(CN).isEmpty()
              && demo.cn().crisis().pending(US).isEmpty()
              && us.asOf().values().stream().mapToLong(Long::longValue).sum()
                  == cn.asOf().values().stream().mapToLong(Long::longValue).sum();
      if (complete || System.nanoTime() > deadline) {
        return us;
      }
      Thread.sleep(20);
    }
  }

  private static <T> T only(List<T> items, java.util.function.Predicate<T> which) {
    List<T> found = items.stream().filter(which).toList();
    assertThat(found).hasSize(1);
    return found.get(0);
  }
}
