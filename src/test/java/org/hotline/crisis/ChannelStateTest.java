package org.hotline.crisis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hotline.ChannelRefusedException;
import org.hotline.ConflictException;
import org.hotline.InvalidInputException;
import org.hotline.identity.LogOrigin;
import org.hotline.link.AckDeadlines;
import org.hotline.link.entry.ChangeEntry;
import org.hotline.link.entry.Precedence;
import org.junit.jupiter.api.Test;

/** Channels as shared objects on two parties' logs in memory: what both nodes compute. */
class ChannelStateTest {
  private final LinkSimulation link = new LinkSimulation(7);
  private final LinkSimulation.Side us = link.us;
  private final LinkSimulation.Side cn = link.cn;

  private static final String MILITARY = "channel/military";
  private static final String LEADERS = "channel/leaders";

  private static Map<String, Object> settings(String suspendable, String... precedences) {
    return Map.of(
        "description",
        "Between the heads of government",
        "precedences",
        List.of(precedences),
        "suspendable",
        suspendable);
  }

  private static Channel channel(LinkSimulation.Side side, String name) {
    return side.state().channel(name).orElseThrow();
  }

  private void assertSameOnBothSides() {
    us.receiveAll();
    cn.receiveAll();
    assertThat(us.state().stateHash()).isEqualTo(cn.state().stateHash());
    for (Channel channel : us.state().channels()) {
      assertThat(channel(cn, channel.channel()).canonical()).isEqualTo(channel.canonical());
    }
  }

  @Test
  void every_link_has_the_five_default_channels_without_any_change_and_they_are_not_hashed() {
    SharedState state = us.state();

    assertThat(state.channels())
        .extracting(Channel::channel)
        .containsExactly("leaders", "military", "consular", "notifications", "general");
    assertThat(state.channels())
        .allSatisfy(
            channel -> {
              assertThat(channel.exists()).isTrue();
              assertThat(channel.settings().orElseThrow().precedences())
                  .containsExactly(Precedence.values());
              assertThat(channel.settings().orElseThrow().suspendable()).isTrue();
              assertThat(channel.suspendedBy()).isEmpty();
            });
    assertThat(state.all(SharedObject.class)).isEmpty();
    assertThat(state.stateHash())
        .isEqualTo(SharedState.asOf(state.parties(), List.of(), 0, 0).stateHash());
    assertThat(state.channel("nosuch")).isEmpty();
    assertThat(state.channel("Not A Name")).isEmpty();
  }

  @Test
  void a_suspension_is_the_authors_alone_and_both_sides_see_it_once_received() {
    cn.change(MILITARY, "suspend", Map.of("reason", "Talks suspended pending review"));

    assertThat(channel(us, "military").suspendedBy()).isEmpty();
    us.receiveAll();
    Channel military = channel(us, "military");
    assertThat(military.suspendedBy()).containsOnlyKeys(LinkSimulation.CN);
    assertThat(military.suspendedBy().get(LinkSimulation.CN).reason())
        .isEqualTo("Talks suspended pending review");
    assertThat(us.state().all(SharedObject.class))
        .extracting(SharedObject::name)
        .contains(MILITARY);
    assertSameOnBothSides();

    assertThatThrownBy(
            () -> cn.change(MILITARY, "suspend", Map.of("reason", "Again, for the same reason")))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("already suspended");
    assertThatThrownBy(() -> us.change(MILITARY, "resume", Map.of()))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("has not suspended");
    cn.change(MILITARY, "resume", Map.of("reason", "Review complete"));
    assertThat(channel(cn, "military").suspendedBy()).isEmpty();
    assertSameOnBothSides();
  }

  @Test
  void accepted_settings_take_effect_and_a_non_suspendable_channel_refuses_a_suspension() {
    ChangeEntry proposal = us.change(LEADERS, "propose", settings("false", "FLASH", "IMMEDIATE"));
    cn.receiveAll();
    assertThat(channel(cn, "leaders").proposal().orElseThrow().party())
        .isEqualTo(LinkSimulation.US);
    assertThatThrownBy(
            () -> us.change(LEADERS, "accept", Map.of("proposal", proposal.id().toString())))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("who did not propose");

    cn.change(LEADERS, "accept", Map.of("proposal", proposal.id().toString()));
    us.receiveAll();

    Channel leaders = channel(us, "leaders");
    assertThat(leaders.proposal()).isEmpty();
    assertThat(leaders.settings().orElseThrow().suspendable()).isFalse();
    assertThat(leaders.settings().orElseThrow().precedences())
        .containsExactly(Precedence.FLASH, Precedence.IMMEDIATE);
    assertThatThrownBy(() -> cn.change(LEADERS, "suspend", Map.of("reason", "No")))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("cannot be suspended");
    assertSameOnBothSides();
  }

  @Test
  void a_new_channel_exists_once_its_proposal_is_accepted_with_its_own_deadlines() {
    Map<String, Object> settings =
        Map.of(
            "description",
            "Nuclear risk reduction centres",
            "precedences",
            List.of("FLASH", "ROUTINE"),
            "deadlines",
            List.of("FLASH=300"),
            "suspendable",
            "true");
    ChangeEntry proposal = cn.change("channel/nrrc", "propose", settings);
    us.receiveAll();
    assertThat(channel(us, "nrrc").exists()).isFalse();
    assertThat(us.state().channels()).extracting(Channel::channel).contains("nrrc");
    assertThatThrownBy(() -> us.change("channel/nrrc", "suspend", Map.of("reason", "Not yet")))
        .isInstanceOf(ConflictException.class);

    us.change("channel/nrrc", "accept", Map.of("proposal", proposal.id().toString()));
    assertSameOnBothSides();
    Channel nrrc = channel(cn, "nrrc");
    assertThat(nrrc.exists()).isTrue();
    assertThat(nrrc.settings().orElseThrow().deadlines())
        .containsExactly(Map.entry(Precedence.FLASH, Duration.ofSeconds(300)));

    ChannelDeadlines deadlines = new ChannelDeadlines(AckDeadlines.DEFAULTS);
    assertThat(deadlines.ackDeadline(LinkSimulation.US, "nrrc", Precedence.FLASH))
        .as("the link's table until the state is given")
        .isEqualTo(Precedence.FLASH.defaultAckDeadline());
    deadlines.refresh(LinkSimulation.US, cn.state());
    assertThat(deadlines.ackDeadline(LinkSimulation.US, "nrrc", Precedence.FLASH))
        .isEqualTo(Duration.ofSeconds(300));
    assertThat(deadlines.ackDeadline(LinkSimulation.US, "nrrc", Precedence.ROUTINE))
        .isEqualTo(Precedence.ROUTINE.defaultAckDeadline());
    assertThat(deadlines.ackDeadline(LinkSimulation.US, "general", Precedence.FLASH))
        .isEqualTo(Precedence.FLASH.defaultAckDeadline());
  }

  @Test
  void an_accept_of_a_proposal_superseded_meanwhile_crosses_and_changes_nothing() {
    cn.change("channel/consular", "suspend", Map.of("reason", "Unrelated, earlier"));
    ChangeEntry first = us.change(LEADERS, "propose", settings("false", "FLASH"));
    cn.receiveAll();
    // us supersedes its proposal as cn accepts the first: neither has seen the other's change.
    us.change(LEADERS, "propose", settings("true", "FLASH", "ROUTINE"));
    cn.change(LEADERS, "accept", Map.of("proposal", first.id().toString()));

    assertSameOnBothSides();
    Channel leaders = channel(us, "leaders");
    assertThat(leaders.settings().orElseThrow().precedences()).containsExactly(Precedence.values());
    assertThat(leaders.proposal().orElseThrow().settings().precedences())
        .containsExactly(Precedence.FLASH, Precedence.ROUTINE);
    assertThat(leaders.timeline())
        .anySatisfy(
            item -> {
              assertThat(item.op()).isEqualTo("accept");
              assertThat(item.outcome()).isEqualTo(Outcome.CROSSED);
            });
  }

  @Test
  void a_suspension_crossed_by_an_agreement_not_to_suspend_has_no_effect() {
    ChangeEntry proposal = us.change(MILITARY, "propose", settings("false", "FLASH"));
    cn.receiveAll();
    cn.change(MILITARY, "accept", Map.of("proposal", proposal.id().toString()));
    us.change(MILITARY, "suspend", Map.of("reason", "Suspended pending review"));

    assertSameOnBothSides();
    Channel military = channel(us, "military");
    assertThat(military.suspendedBy()).isEmpty();
    assertThat(military.settings().orElseThrow().suspendable()).isFalse();
    assertThat(military.timeline())
        .filteredOn(item -> item.op().equals("suspend"))
        .singleElement()
        .satisfies(item -> assertThat(item.outcome()).isEqualTo(Outcome.CROSSED));
  }

  @Test
  void bad_settings_are_refused_naming_the_argument_before_they_are_signed() {
    assertThatThrownBy(() -> us.change(LEADERS, "propose", settings("true", "ROUTINE", "FLASH")))
        .isInstanceOf(InvalidInputException.class)
        .extracting("field")
        .isEqualTo("precedences");
    assertThatThrownBy(() -> us.change(LEADERS, "propose", settings("true", "FLASH", "FLASH")))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> us.change(LEADERS, "propose", settings("true")))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> us.change(LEADERS, "propose", settings("maybe", "FLASH")))
        .isInstanceOf(InvalidInputException.class)
        .extracting("field")
        .isEqualTo("suspendable");
    Map<String, Object> deadlineOfAnotherPrecedence =
        Map.of(
            "description",
            "x",
            "precedences",
            List.of("FLASH"),
            "deadlines",
            List.of("ROUTINE=60"),
            "suspendable",
            "true");
    assertThatThrownBy(() -> us.change(LEADERS, "propose", deadlineOfAnotherPrecedence))
        .isInstanceOf(InvalidInputException.class)
        .extracting("field")
        .isEqualTo("deadlines");
    assertThatThrownBy(() -> us.change(MILITARY, "suspend", Map.of("reason", "")))
        .isInstanceOf(InvalidInputException.class)
        .extracting("field")
        .isEqualTo("reason");
    assertThatThrownBy(() -> us.change(MILITARY, "rename", Map.of()))
        .isInstanceOf(ConflictException.class);
    assertThat(us.log).isEmpty();
  }

  private ChangeEntry suspensionOf(String object) {
    return new ChangeEntry(
        new LogOrigin(LinkSimulation.US, LinkSimulation.CN),
        0,
        link.nextId(),
        link.now,
        object,
        "suspend",
        0,
        "officer",
        new java.util.TreeMap<>(Map.of("reason", "r")));
  }

  @Test
  void a_channel_name_that_is_not_a_word_is_not_a_change_entry() {
    assertThat(suspensionOf(MILITARY).objectType()).isEqualTo("channel");
    for (String object :
        List.of(
            "channel/Military",
            "channel/",
            "channel/a b",
            "channel/" + "x".repeat(33),
            "channel/" + link.nextId())) {
      assertThatThrownBy(() -> suspensionOf(object))
          .as(object)
          .isInstanceOf(InvalidInputException.class);
    }
  }

  @Test
  void a_peers_invalid_channel_changes_are_refused_on_both_sides_and_change_nothing() {
    ChangeEntry own = cn.changeUnchecked(LEADERS, "propose", settings("false", "FLASH"));
    cn.changeUnchecked(LEADERS, "accept", Map.of("proposal", own.id().toString()));
    cn.changeUnchecked(MILITARY, "resume", Map.of());
    cn.changeUnchecked("channel/nosuch", "suspend", Map.of("reason", "x"));
    cn.changeUnchecked(MILITARY, "propose", settings("true", "ROUTINE", "FLASH"));
    cn.changeUnchecked(MILITARY, "suspend", Map.of("reason", "x", "extra", "y"));

    assertSameOnBothSides();
    SharedState state = us.state();
    assertThat(state.refused()).hasSize(5);
    assertThat(channel(us, "leaders").settings().orElseThrow().suspendable()).isTrue();
    assertThat(channel(us, "military").suspendedBy()).isEmpty();
    assertThat(channel(us, "military").proposal()).isEmpty();
    assertThat(state.channel("nosuch").orElseThrow().exists()).isFalse();
    // the link goes on: us can still suspend
    us.change(MILITARY, "suspend", Map.of("reason", "Our own review"));
    assertSameOnBothSides();
  }

  // ---------------------------------------------------------------- arrival (§20.9)

  /** A message of {@code sender} placed in its log now: its seq and its seen. */
  private static long[] message(LinkSimulation.Side sender) {
    sender.size++;
    return new long[] {sender.size, sender.received};
  }

  @Test
  void a_message_sent_before_the_sender_saw_the_suspension_crossed_it() {
    cn.change(MILITARY, "suspend", Map.of("reason", "Review"));
    long[] message = message(us);
    cn.receiveAll();

    assertThat(cn.state().arrival(LinkSimulation.CN, "military", message[0], message[1]))
        .isEqualTo(SharedState.Arrival.CROSSED_SUSPENSION);
    us.receiveAll();
    assertThat(us.state().arrival(LinkSimulation.CN, "military", message[0], message[1]))
        .isEqualTo(SharedState.Arrival.CROSSED_SUSPENSION);
    assertThat(cn.state().arrival(LinkSimulation.CN, "general", message[0], message[1]))
        .isEqualTo(SharedState.Arrival.CLEAR);
  }

  @Test
  void a_message_sent_after_the_sender_saw_the_suspension_is_sent_despite_it() {
    cn.change(MILITARY, "suspend", Map.of("reason", "Review"));
    us.receiveAll();
    long[] message = message(us);

    assertThat(cn.state().arrival(LinkSimulation.CN, "military", message[0], message[1]))
        .isEqualTo(SharedState.Arrival.SENT_DESPITE_SUSPENSION);
    assertThat(cn.state().arrival(LinkSimulation.US, "military", message[0], message[1]))
        .as("the suspension is the receiver's: messages to cn, not from it")
        .isEqualTo(SharedState.Arrival.CLEAR);
  }

  @Test
  void a_message_received_before_the_suspension_or_after_the_resumption_is_clear() {
    long[] before = message(us);
    cn.receiveAll();
    cn.change(MILITARY, "suspend", Map.of("reason", "Review"));
    assertThat(cn.state().arrival(LinkSimulation.CN, "military", before[0], before[1]))
        .isEqualTo(SharedState.Arrival.CLEAR);

    cn.change(MILITARY, "resume", Map.of());
    us.receiveAll();
    long[] after = message(us);
    assertThat(cn.state().arrival(LinkSimulation.CN, "military", after[0], after[1]))
        .isEqualTo(SharedState.Arrival.CLEAR);
  }

  @Test
  void an_unknown_channel_is_told_and_an_unknown_seen_tells_nothing_else() {
    cn.change(MILITARY, "suspend", Map.of("reason", "Review"));
    us.receiveAll();
    long[] message = message(us);

    assertThat(cn.state().arrival(LinkSimulation.CN, "nosuch", message[0], message[1]))
        .isEqualTo(SharedState.Arrival.UNKNOWN_CHANNEL);
    assertThat(cn.state().arrival(LinkSimulation.CN, "nosuch", message[0], -1))
        .isEqualTo(SharedState.Arrival.UNKNOWN_CHANNEL);
    assertThat(cn.state().arrival(LinkSimulation.CN, "military", message[0], -1))
        .isEqualTo(SharedState.Arrival.CLEAR);
  }

  // ---------------------------------------------------------------- the gate

  @Test
  void the_gate_refuses_a_peers_suspension_a_precedence_not_allowed_and_an_unknown_channel() {
    ChannelRules rules = new ChannelRules(peer -> us.state());
    rules.admit(LinkSimulation.CN, "military", Precedence.ROUTINE);

    cn.change(MILITARY, "suspend", Map.of("reason", "Talks suspended pending review"));
    us.receiveAll();
    assertThatThrownBy(() -> rules.admit(LinkSimulation.CN, "military", Precedence.ROUTINE))
        .isInstanceOfSatisfying(
            ChannelRefusedException.class,
            e -> {
              assertThat(e.why()).isEqualTo(ChannelRefusedException.Why.SUSPENDED);
              assertThat(e.reason()).isEqualTo("Talks suspended pending review");
              assertThat(e.getMessage())
                  .isEqualTo("channel military is suspended by cn: Talks suspended pending review");
            });

    us.change("channel/consular", "suspend", Map.of("reason", "Ours"));
    rules.admit(LinkSimulation.CN, "consular", Precedence.FLASH); // our own suspension: we may send

    ChangeEntry proposal = us.change(LEADERS, "propose", settings("false", "FLASH"));
    cn.receiveAll();
    cn.change(LEADERS, "accept", Map.of("proposal", proposal.id().toString()));
    us.receiveAll();
    rules.admit(LinkSimulation.CN, "leaders", Precedence.FLASH);
    assertThatThrownBy(() -> rules.admit(LinkSimulation.CN, "leaders", Precedence.ROUTINE))
        .isInstanceOfSatisfying(
            ChannelRefusedException.class,
            e -> assertThat(e.why()).isEqualTo(ChannelRefusedException.Why.PRECEDENCE_NOT_ALLOWED));
    assertThatThrownBy(() -> rules.admit(LinkSimulation.CN, "nosuch", Precedence.FLASH))
        .isInstanceOfSatisfying(
            ChannelRefusedException.class,
            e -> assertThat(e.why()).isEqualTo(ChannelRefusedException.Why.UNKNOWN_CHANNEL));
  }
}
