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
import org.hotline.link.entry.StatusFlag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hotline demo} on a fresh directory: two real nodes, paired, with the exercise seeded. */
class DemoTest {
  private static final PartyId US = PartyId.of("us");
  private static final PartyId CN = PartyId.of("cn");

  /** Bound on the wait for both nodes to hold every change of the exercise. */
  private static final Duration SETTLE = Duration.ofSeconds(20);

  /** More than the demo's messages to either node. */
  private static final int INBOX_PAGE = 100;

  private static final org.hotline.crisis.FormattedNotification.Validity VALID =
      org.hotline.crisis.FormattedNotification.Validity.VALID;

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
      assertThat(aerial.messages()).hasSize(3);
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

      assertThat(adopted(us, US, "military")).containsExactly("aerial-object-sighting");
      assertThat(adopted(us, US, "consular")).containsExactly("consular-detention");
      assertThat(adopted(us, US, "notifications")).containsExactly("launch-notification");
      assertThat(adopted(us, CN, "notifications"))
          .containsExactlyInAnyOrder("precursor-interdiction", "cyber-incident");
      assertThat(adopted(cn, US, "consular")).containsExactly("consular-detention");

      List<org.hotline.link.MessageRecord> toUs = formatted(demo.us());
      List<org.hotline.link.MessageRecord> toCn = formatted(demo.cn());
      assertThat(toUs)
          .extracting(m -> m.template().id())
          .containsExactlyInAnyOrder(
              "aerial-object-sighting", "launch-notification", "consular-detention");
      assertThat(toCn).extracting(m -> m.template().id()).containsExactly("precursor-interdiction");
      assertThat(toUs)
          .allSatisfy(m -> assertThat(validity(demo.us(), m)).isEqualTo(VALID))
          .allSatisfy(m -> assertThat(m.draft().status()).isEqualTo(StatusFlag.EXERCISE));
      assertThat(toCn).allSatisfy(m -> assertThat(validity(demo.cn(), m)).isEqualTo(VALID));
      org.hotline.link.MessageRecord sighting =
          only(toUs, m -> m.template().id().equals("aerial-object-sighting"));
      assertThat(sighting.draft().language()).isEqualTo("zh");
      assertThat(sighting.draft().channel()).isEqualTo("military");
      assertThat(sighting.draft().body()).contains("气球");
      assertThat(aerial.messages()).contains(sighting.id());

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
   * The us node's state once both nodes hold every change of the exercise and its formatted
   * notifications: seven objects, four channels and a message's translations on us, the four
   * notifications received, and the same log sizes on both sides.
   */
  private static SharedState settled(Demo.Started demo) throws InterruptedException {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    while (true) {
      SharedState us = demo.us().crisis().state(CN);
      SharedState cn = demo.cn().crisis().state(US);
      boolean complete =
          us.all(org.hotline.crisis.SharedObject.class).size() == 12
              && formatted(demo.us()).size() == 3
              && formatted(demo.cn()).size() == 1
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

  /** The ids of the templates {@code reader} adopted on {@code channel}, as {@code state} holds. */
  private static List<String> adopted(SharedState state, PartyId reader, String channel) {
    return state.adopted(reader, channel).stream().map(org.hotline.notice.Template::id).toList();
  }

  /** The formatted notifications {@code node} received. */
  private static List<org.hotline.link.MessageRecord> formatted(Node node) {
    return node
        .links()
        .messages(org.hotline.link.LinkStore.Box.INBOX, Long.MAX_VALUE, INBOX_PAGE)
        .stream()
        .filter(message -> message.template() != null)
        .toList();
  }

  private static org.hotline.crisis.FormattedNotification.Validity validity(
      Node node, org.hotline.link.MessageRecord message) {
    return node.crisis().notification(message).orElseThrow().validity();
  }

  private static <T> T only(List<T> items, java.util.function.Predicate<T> which) {
    List<T> found = items.stream().filter(which).toList();
    assertThat(found).hasSize(1);
    return found.get(0);
  }
}
