package org.hotline.crisis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.hotline.ConflictException;
import org.hotline.InvalidInputException;
import org.hotline.link.entry.ChangeEntry;
import org.junit.jupiter.api.Test;

/** The crisis rules on two parties' logs in memory: what both nodes compute, change by change. */
class SharedStateTest {
  private final LinkSimulation link = new LinkSimulation(1);
  private final LinkSimulation.Side us = link.us;
  private final LinkSimulation.Side cn = link.cn;

  private ChangeEntry openIncident(LinkSimulation.Side side, long severity) {
    return side.create(
        "incident", "open", Map.of("title", "Unidentified object at 18 km", "severity", severity));
  }

  private static Incident incident(LinkSimulation.Side side, ChangeEntry open) {
    return (Incident) side.state().object(open.object()).orElseThrow();
  }

  private void deliverBoth() {
    us.receiveAll();
    cn.receiveAll();
  }

  /** Both nodes, having received everything, compute the same state and hash. */
  private void assertSameOnBothSides() {
    deliverBoth();
    SharedState ours = us.state();
    SharedState theirs = cn.state();
    assertThat(ours.stateHash()).isEqualTo(theirs.stateHash());
    for (SharedObject object : ours.all(SharedObject.class)) {
      assertThat(theirs.object(object.name()).orElseThrow().canonical())
          .isEqualTo(object.canonical());
    }
  }

  @Test
  void an_incident_opened_by_one_party_appears_on_the_other_once_received() {
    ChangeEntry open = openIncident(us, 3);

    assertThat(cn.state().object(open.object())).isEmpty();
    cn.receiveAll();
    Incident seen = incident(cn, open);
    assertThat(seen.state()).isEqualTo(Incident.State.TRIAGE);
    assertThat(seen.createdBy()).isEqualTo(LinkSimulation.US);
    assertThat(seen.title()).isEqualTo("Unidentified object at 18 km");
    assertSameOnBothSides();
  }

  @Test
  void severity_is_proposed_per_party_and_the_higher_stands() {
    ChangeEntry open = openIncident(us, 2);
    cn.receiveAll();
    cn.change(open.object(), "severity", Map.of("severity", 4L));
    us.receiveAll();

    Incident incident = incident(us, open);
    assertThat(incident.severity()).isEqualTo(4);
    assertThat(incident.severityByParty())
        .containsEntry(LinkSimulation.US, 2L)
        .containsEntry(LinkSimulation.CN, 4L);
    assertThat(incident.severityDiffers()).isTrue();
    assertSameOnBothSides();
  }

  @Test
  void a_concurrent_close_and_reopen_resolve_to_the_reopen_on_both_sides() {
    ChangeEntry open = openIncident(us, 3);
    us.change(open.object(), "state", Map.of("state", "ACTIVE"));
    us.change(open.object(), "state", Map.of("state", "RESOLVED"));
    us.change(open.object(), "propose-close", Map.of());
    deliverBoth();
    // Neither has seen the other's next change: cn accepts the close as us re-opens.
    cn.change(open.object(), "accept-close", Map.of());
    us.change(open.object(), "state", Map.of("state", "ACTIVE"));

    assertSameOnBothSides();
    Incident incident = incident(us, open);
    assertThat(incident.state()).isEqualTo(Incident.State.ACTIVE);
    assertThat(incident.timeline())
        .anySatisfy(item -> assertThat(item.outcome()).isEqualTo(Outcome.CROSSED));
    assertThat(incident.timeline()).noneMatch(item -> item.outcome() == Outcome.REFUSED);
  }

  @Test
  void a_concurrent_agree_and_withdraw_leave_the_commitment_withdrawn() {
    ChangeEntry propose =
        us.create(
            "commitment",
            "propose",
            Map.of("owed_by", "us", "what", "Share tracking data", "due", "2026-12-08T09:00:00Z"));
    deliverBoth();
    cn.change(propose.object(), "agree", Map.of());
    us.change(propose.object(), "withdraw", Map.of("reason", "Data not cleared for release"));

    assertSameOnBothSides();
    Commitment commitment = (Commitment) us.state().object(propose.object()).orElseThrow();
    assertThat(commitment.state()).isEqualTo(Commitment.State.WITHDRAWN);
  }

  @Test
  void a_commitment_is_missed_only_by_the_party_it_was_owed_to_after_its_due_time() {
    ChangeEntry propose =
        us.create(
            "commitment",
            "propose",
            Map.of("owed_by", "cn", "what", "Consular access", "due", "2026-12-07T09:30:00Z"));
    cn.receiveAll();
    cn.change(propose.object(), "agree", Map.of());
    us.receiveAll();

    assertThatThrownBy(() -> cn.change(propose.object(), "missed", Map.of()))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("owed to");
    link.now = java.time.Instant.parse("2026-12-07T09:10:00Z");
    assertThatThrownBy(() -> us.change(propose.object(), "missed", Map.of()))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("before it was due");
    link.now = java.time.Instant.parse("2026-12-07T10:00:00Z");
    us.change(propose.object(), "missed", Map.of());

    assertSameOnBothSides();
    assertThat(((Commitment) cn.state().object(propose.object()).orElseThrow()).state())
        .isEqualTo(Commitment.State.MISSED);
  }

  @Test
  void an_issued_report_is_recorded_on_a_closed_incident_and_changes_only_its_timeline() {
    ChangeEntry open = openIncident(us, 3);
    us.change(open.object(), "state", Map.of("state", "ACTIVE"));
    us.change(open.object(), "state", Map.of("state", "RESOLVED"));
    us.change(open.object(), "propose-close", Map.of());
    cn.receiveAll();
    cn.change(open.object(), "accept-close", Map.of());
    us.receiveAll();
    Map<String, Object> before = incident(us, open).canonical();
    String sha256 = "ab".repeat(32);

    us.change(open.object(), "report", Map.of("number", 3L, "version", "FINAL", "sha256", sha256));

    assertSameOnBothSides();
    Incident closed = incident(cn, open);
    assertThat(closed.state()).isEqualTo(Incident.State.CLOSED);
    assertThat(closed.timeline().getLast().op()).isEqualTo("report");
    assertThat(closed.timeline().getLast().outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(closed.timeline().getLast().data()).containsEntry("sha256", sha256);
    Map<String, Object> after = new java.util.LinkedHashMap<>(closed.canonical());
    after.put("timeline", before.get("timeline"));
    assertThat(after).isEqualTo(before);
  }

  @Test
  void a_report_needs_a_number_a_version_and_a_sha256_and_its_final_version_needs_release() {
    ChangeEntry open = openIncident(us, 3);
    String sha256 = "0f".repeat(32);
    assertThatThrownBy(
            () ->
                us.change(
                    open.object(),
                    "report",
                    Map.of("number", 1L, "version", "INITIAL", "sha256", "0F".repeat(32))))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("sha256");
    assertThatThrownBy(
            () ->
                us.change(
                    open.object(),
                    "report",
                    Map.of("number", 0L, "version", "INITIAL", "sha256", sha256)))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("number");
    assertThatThrownBy(
            () ->
                us.change(
                    open.object(),
                    "report",
                    Map.of("number", 1L, "version", "DRAFT", "sha256", sha256)))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("version");
    assertThat(us.log).hasSize(1);
    assertThat(Operations.permission(ObjectType.INCIDENT, "report", Map.of("version", "UPDATE")))
        .isEqualTo(org.hotline.console.Permission.SEND);
    assertThat(Operations.permission(ObjectType.INCIDENT, "report", Map.of("version", "FINAL")))
        .isEqualTo(org.hotline.console.Permission.RELEASE);
  }

  @Test
  void a_node_refuses_to_make_a_change_its_peer_would_refuse() {
    ChangeEntry open = openIncident(us, 3);

    assertThatThrownBy(() -> us.change(open.object(), "accept-close", Map.of()))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> us.change(open.object(), "severity", Map.of("severity", 9L)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("severity: must be 1 to 5");
    assertThatThrownBy(() -> us.change(open.object(), "lead", Map.of("user", "a\nb")))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("user");
    assertThatThrownBy(
            () -> us.create("incident", "open", Map.of("title", "x".repeat(201), "severity", 1L)))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("title");
    assertThat(us.log).hasSize(1);
  }

  @Test
  void changes_a_hostile_writer_signed_are_refused_the_same_on_both_sides_and_change_nothing() {
    ChangeEntry open = openIncident(us, 3);
    ChangeEntry propose =
        us.create(
            "commitment",
            "propose",
            Map.of("owed_by", "us", "what", "Share tracking data", "due", "2026-12-08T09:00:00Z"));
    cn.receiveAll();
    String unknown = "incident/" + link.nextId();
    cn.changeUnchecked(unknown, "severity", Map.of("severity", 5L));
    cn.changeUnchecked(open.object(), "accept-close", Map.of());
    cn.changeUnchecked(open.object(), "bogus", Map.of());
    us.changeUnchecked(propose.object(), "agree", Map.of()); // agreed by its own proposer
    cn.changeUnchecked("task/" + link.nextId(), "open", Map.of());

    assertSameOnBothSides();
    SharedState state = us.state();
    assertThat(state.refused()).hasSize(5);
    assertThat(state.refusedElsewhere())
        .extracting(TimelineItem::reason)
        .containsExactlyInAnyOrder("no " + unknown + " exists", "no object type 'task'");
    assertThat(incident(us, open).state()).isEqualTo(Incident.State.TRIAGE);
    assertThat(((Commitment) state.object(propose.object()).orElseThrow()).state())
        .isEqualTo(Commitment.State.PROPOSED);
  }

  @Test
  void a_change_claiming_to_have_seen_beyond_the_other_log_is_refused() {
    ChangeEntry open = openIncident(us, 3);
    cn.receiveAll();
    cn.received = 99; // a writer lying about what it had received
    cn.changeUnchecked(open.object(), "severity", Map.of("severity", 5L));
    cn.received = us.size;

    assertSameOnBothSides();
    assertThat(us.state().refusedElsewhere())
        .singleElement()
        .satisfies(item -> assertThat(item.reason()).contains("claims to have seen 99 entries"));
    assertThat(incident(us, open).severity()).isEqualTo(3);
  }

  @Test
  void a_change_its_author_had_not_seen_the_object_for_is_refused() {
    ChangeEntry open = openIncident(us, 3);
    // cn has not received the incident, yet signs a change to it (it could only guess the id).
    ChangeEntry guess = cn.changeUnchecked(open.object(), "severity", Map.of("severity", 5L));
    openIncident(cn, 1);
    ChangeEntry late = cn.changeUnchecked(open.object(), "severity", Map.of("severity", 5L));

    assertSameOnBothSides();
    SharedState state = us.state();
    assertThat(state.refused())
        .extracting(TimelineItem::id)
        .containsExactlyInAnyOrder(guess.id(), late.id());
    assertThat(incident(us, open).severity()).isEqualTo(3);
    assertThat(incident(us, open).timeline())
        .filteredOn(item -> item.outcome() == Outcome.REFUSED)
        .singleElement()
        .satisfies(item -> assertThat(item.reason()).contains("did not exist where"));
  }

  @Test
  void a_concern_keeps_its_history_and_only_its_owner_closes_it() {
    ChangeEntry raise =
        cn.create("concern", "raise", Map.of("title", "Precursor chemicals", "summary", "Export"));
    us.receiveAll();
    ChangeEntry open = openIncident(us, 2);
    us.change(raise.object(), "link", Map.of("incident", open.id().toString()));
    assertThatThrownBy(() -> us.change(raise.object(), "status", Map.of("status", "CLOSED")))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("only cn");
    us.change(raise.object(), "status", Map.of("status", "ADDRESSED"));

    assertSameOnBothSides();
    Concern concern = (Concern) cn.state().object(raise.object()).orElseThrow();
    assertThat(concern.status()).isEqualTo(Concern.Status.ADDRESSED);
    assertThat(concern.links()).extracting(Concern.Linked::id).containsExactly(open.id());
  }

  @Test
  void a_commitment_is_shown_on_the_incident_it_names() {
    ChangeEntry open = openIncident(us, 2);
    ChangeEntry propose =
        us.create(
            "commitment",
            "propose",
            Map.of(
                "owed_by",
                "us",
                "what",
                "Share tracking data within 24 h",
                "due",
                "2026-12-08T09:00:00Z",
                "incident",
                open.id().toString()));

    assertSameOnBothSides();
    assertThat(incident(cn, open).commitments()).containsExactly(propose.id());
  }

  @Test
  void a_channel_that_is_not_a_word_is_refused_as_a_bad_argument_naming_channel() {
    assertThatThrownBy(
            () ->
                us.create(
                    "incident",
                    "open",
                    Map.of("title", "Object", "severity", 1L, "channel", "Not a word")))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("channel");
    assertThat(us.log).isEmpty();
  }

  @Test
  void concurrent_concern_statuses_end_at_the_one_that_keeps_it_most_open() {
    ChangeEntry raise = cn.create("concern", "raise", Map.of("title", "Commercial flights"));
    deliverBoth();
    // The other party marks it addressed while the owner, after a note of its own, closes it;
    // neither has seen the other's change. The closing comes later in the merge order.
    us.change(raise.object(), "status", Map.of("status", "ADDRESSED"));
    cn.change(raise.object(), "note", Map.of("text", "Two airlines rerouted."));
    cn.change(raise.object(), "status", Map.of("status", "CLOSED"));

    assertSameOnBothSides();
    Concern concern = (Concern) us.state().object(raise.object()).orElseThrow();
    assertThat(concern.status()).isEqualTo(Concern.Status.ADDRESSED);
    assertThat(concern.timeline())
        .anySatisfy(item -> assertThat(item.outcome()).isEqualTo(Outcome.CROSSED));
  }

  @Test
  void a_change_its_author_admitted_is_not_refused_once_a_crossed_change_arrives() {
    ChangeEntry raise = us.create("concern", "raise", Map.of("title", "Flights"));
    cn.receiveAll();
    // cn marks it ADDRESSED; us, not having seen that, closes it: the closing crosses and the
    // concern stays ADDRESSED.
    ChangeEntry addressed = cn.change(raise.object(), "status", Map.of("status", "ADDRESSED"));
    us.change(raise.object(), "status", Map.of("status", "CLOSED"));
    // cn adds a note, not having seen the closing.
    cn.change(raise.object(), "note", Map.of("text", "Two airlines rerouted."));
    // us receives the ADDRESSED alone, sees the concern ADDRESSED and closes it.
    us.received = addressed.seq();
    assertThat(((Concern) us.state().object(raise.object()).orElseThrow()).status())
        .isEqualTo(Concern.Status.ADDRESSED);
    ChangeEntry close = us.change(raise.object(), "status", Map.of("status", "CLOSED"));

    assertSameOnBothSides();
    assertThat(cn.state().refused()).isEmpty();
    assertThat(((Concern) cn.state().object(raise.object()).orElseThrow()).timeline())
        .filteredOn(item -> item.id().equals(close.id()))
        .singleElement()
        .satisfies(item -> assertThat(item.outcome()).isNotEqualTo(Outcome.REFUSED));
  }

  @Test
  void an_incident_change_its_author_admitted_is_not_refused_once_a_crossed_change_arrives() {
    ChangeEntry open = openIncident(us, 3);
    cn.receiveAll();
    us.change(open.object(), "state", Map.of("state", "ACTIVE"));
    us.change(open.object(), "state", Map.of("state", "RESOLVED"));
    us.change(open.object(), "propose-close", Map.of());
    cn.receiveAll();
    ChangeEntry accept = cn.change(open.object(), "accept-close", Map.of());
    us.change(open.object(), "state", Map.of("state", "ACTIVE"));
    cn.change(open.object(), "note", Map.of("text", "Closed on our side."));
    us.received = accept.seq();
    us.change(open.object(), "state", Map.of("state", "RESOLVED"));

    assertSameOnBothSides();
    assertThat(cn.state().refused()).isEmpty();
  }

  @Test
  void a_peer_whose_changes_all_lag_behind_ours_costs_one_view_not_one_per_change() {
    ChangeEntry raise = cn.create("concern", "raise", Map.of("title", "Flights"));
    us.receiveAll();
    us.change(raise.object(), "note", Map.of("text", "ours"));
    // cn never receives our note: each of its later changes is concurrent with it.
    ChangeEntry last = cn.change(raise.object(), "note", Map.of("text", "n0"));
    for (int i = 1; i < 500; i++) {
      last =
          cn.changeUnchecked(
              raise.object(), "note", Map.of("text", "n" + i, "supersedes", last.id().toString()));
    }

    assertSameOnBothSides();
    SharedState state = us.state();
    assertThat(state.refused()).isEmpty();
    assertThat(state.viewsFolded()).isLessThanOrEqualTo(2);
  }
}
