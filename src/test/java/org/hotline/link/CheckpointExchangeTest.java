package org.hotline.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.Precedence;
import org.hotline.transcript.NoteSigner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both nodes' real {@link CheckpointExchange} over their real stores; us starts the exchange and
 * {@link LinkPair.Direct} hands it to cn's exchange as the federation port would. Records are
 * changed behind a node's back with plain SQL.
 */
class CheckpointExchangeTest {
  @TempDir Path dir;
  private LinkPair pair;
  private Peer cnOnUs;
  private Peer usOnCn;
  private final LogOrigin usToCn = LinkPair.usToCn();
  private final LogOrigin cnToUs = LinkPair.cnToUs();

  @BeforeEach
  void open() {
    pair = new LinkPair(dir);
    cnOnUs = pair.us.peer(LinkPair.CN);
    usOnCn = pair.cn.peer(LinkPair.US);
  }

  @AfterEach
  void close() {
    pair.close();
  }

  /** us delivers two messages to cn; cn sends one entry to us. */
  private void trafficBothWays() {
    pair.deliver(Precedence.ROUTINE, "a", "b");
    pair.deliverToUs("back");
  }

  private static NoteSigner forger(String keyName) {
    byte[] seed = new byte[32];
    seed[0] = 42;
    return NoteSigner.fromSeed(keyName, seed);
  }

  private String checkpointOf(LinkPair.Side side, LogOrigin log, long size) {
    return side.store.checkpoint(log, size).orElseThrow();
  }

  @Test
  void agreeing_records_show_no_divergence_and_need_one_request() {
    trafficBothWays();

    assertThat(pair.us.exchange.exchange(cnOnUs, pair.toCn)).isEmpty();

    assertThat(pair.toCn.reported).containsExactly(List.of());
    assertThat(pair.us.alarms).isEmpty();
    assertThat(pair.cn.alarms).isEmpty();
  }

  @Test
  void each_side_shows_its_latest_checkpoint_of_both_logs() {
    assertThat(pair.us.exchange.views(cnOnUs, new ArrayList<>())).isEmpty();
    trafficBothWays();
    List<String> problems = new ArrayList<>();
    List<CheckpointView> views = pair.us.exchange.views(cnOnUs, problems);
    assertThat(views)
        .containsExactly(
            new CheckpointView(usToCn.text(), 2, checkpointOf(pair.us, usToCn, 2)),
            new CheckpointView(cnToUs.text(), 1, checkpointOf(pair.us, cnToUs, 1)));
    assertThat(problems).isEmpty();
  }

  @Test
  void a_checkpoint_rewritten_in_our_record_is_raised_on_both_sides() {
    trafficBothWays();
    byte[] otherRoot = LinkPair.root(pair.messages(usToCn, 1, 2));
    pair.us.tamper(
        "UPDATE checkpoints SET note = ? WHERE log = ? AND size = 2",
        LinkPair.checkpoint(pair.us.signer, usToCn, 2, otherRoot),
        usToCn.text());

    List<String> found = pair.us.exchange.exchange(cnOnUs, pair.toCn);

    assertThat(found).anyMatch(d -> d.contains("does not give the root"));
    assertThat(found).anyMatch(d -> d.contains("two different signed checkpoints for size 2"));
    assertThat(pair.toCn.reported).hasSize(2);
    assertThat(pair.us.alarmKinds()).isNotEmpty().containsOnly(SecurityEvent.Kind.DIVERGENCE);
    assertThat(pair.cn.alarmKinds()).isNotEmpty().containsOnly(SecurityEvent.Kind.DIVERGENCE);
    assertThat(pair.cn.alarms).anyMatch(a -> a.detail().startsWith("us reports: "));
    assertThat(pair.us.alarms).anyMatch(a -> a.detail().startsWith("cn reports: "));
    assertThat(pair.us.alarms).anyMatch(a -> !a.detail().startsWith("cn reports: "));
  }

  @Test
  void a_checkpoint_forged_in_the_peers_record_is_raised_on_both_sides() {
    trafficBothWays();
    byte[] otherRoot = LinkPair.root(pair.messages(usToCn, 1, 2));
    pair.cn.tamper(
        "UPDATE checkpoints SET note = ? WHERE log = ? AND size = 2",
        LinkPair.checkpoint(forger("hotline/us"), usToCn, 2, otherRoot),
        usToCn.text());

    List<String> found = pair.us.exchange.exchange(cnOnUs, pair.toCn);

    assertThat(found).anyMatch(d -> d.contains("that is not signed by us"));
    assertThat(found).anyMatch(d -> d.contains("does not give the root"));
    assertThat(pair.toCn.reported).hasSize(2);
    assertThat(pair.toCn.reported.get(1)).anyMatch(d -> d.contains("not signed by us"));
    assertThat(pair.us.alarms).isNotEmpty();
    assertThat(pair.cn.alarms).anyMatch(a -> a.detail().startsWith("us reports: "));
  }

  @Test
  void a_malformed_stored_checkpoint_is_a_problem_of_our_own_record() {
    trafficBothWays();
    pair.us.tamper(
        "UPDATE checkpoints SET note = 'garbage' WHERE log = ? AND size = 2", usToCn.text());
    List<String> problems = new ArrayList<>();
    List<CheckpointView> views = pair.us.exchange.views(cnOnUs, problems);
    assertThat(problems).singleElement().asString().contains("is malformed").contains("garbage");
    assertThat(views).extracting(CheckpointView::log).containsExactly(cnToUs.text());
  }

  @Test
  void a_log_without_a_checkpoint_for_its_size_is_a_problem_of_our_own_record() {
    trafficBothWays();
    pair.us.tamper("DELETE FROM checkpoints WHERE log = ? AND size = 2", usToCn.text());
    List<String> problems = new ArrayList<>();
    pair.us.exchange.views(cnOnUs, problems);
    assertThat(problems)
        .containsExactly(usToCn + ": no checkpoint is stored for the log's own size 2");
  }

  @Test
  void a_checkpoint_beyond_the_logs_size_is_a_problem_of_our_own_record() {
    trafficBothWays();
    pair.us.tamper("UPDATE checkpoints SET size = 5 WHERE log = ? AND size = 2", usToCn.text());
    List<String> problems = new ArrayList<>();
    pair.us.exchange.views(cnOnUs, problems);
    assertThat(problems)
        .singleElement()
        .asString()
        .startsWith(usToCn + ": the log holds 2 entries but a checkpoint for size 5 is stored\n")
        .contains("hotline/us/cn\n2\n");
  }

  @Test
  void a_malformed_stored_tree_is_a_problem_of_our_own_record() {
    trafficBothWays();
    pair.us.tamper("UPDATE logs SET frontier = x'00' WHERE log = ?", usToCn.text());
    List<String> problems = new ArrayList<>();
    pair.us.exchange.views(cnOnUs, problems);
    assertThat(problems).singleElement().asString().contains("stored tree of size 2 is malformed");
  }

  // ------------------------------------------------------------------ checking a peer's views

  private List<String> cnChecks(CheckpointView view) {
    return pair.cn.exchange.check(usOnCn, List.of(view));
  }

  @Test
  void a_view_that_matches_the_record_is_no_divergence() {
    pair.deliver(Precedence.ROUTINE, "a", "b");
    assertThat(cnChecks(new CheckpointView(usToCn.text(), 2, checkpointOf(pair.us, usToCn, 2))))
        .isEmpty();
  }

  @Test
  void a_malformed_view_is_a_divergence() {
    assertThat(cnChecks(new CheckpointView(usToCn.text(), 1, "junk")))
        .singleElement()
        .asString()
        .startsWith(usToCn + ": us showed a malformed checkpoint");
  }

  @Test
  void a_view_of_a_log_not_between_us_is_a_divergence() {
    LogOrigin other = new LogOrigin(LinkPair.US, PartyId.of("xx"));
    String note = LinkPair.checkpoint(pair.us.signer, other, 1, new byte[32]);
    assertThat(cnChecks(new CheckpointView(other.text(), 1, note)))
        .containsExactly(other + ": us showed a log that is not between us");
    LogOrigin third = new LogOrigin(PartyId.of("xx"), LinkPair.CN);
    assertThat(cnChecks(new CheckpointView(third.text(), 1, note))).hasSize(1);
  }

  @Test
  void a_view_not_signed_by_the_logs_writer_or_not_for_its_size_is_a_divergence() {
    String forged = LinkPair.checkpoint(forger("hotline/us"), usToCn, 1, new byte[32]);
    String genuine = LinkPair.checkpoint(pair.us.signer, usToCn, 1, new byte[32]);
    LogOrigin other = new LogOrigin(LinkPair.CN, LinkPair.US);
    String ofOtherLog = LinkPair.checkpoint(pair.us.signer, other, 1, new byte[32]);
    for (CheckpointView view :
        List.of(
            new CheckpointView(usToCn.text(), 1, forged),
            new CheckpointView(usToCn.text(), 2, genuine),
            new CheckpointView(usToCn.text(), 1, ofOtherLog))) {
      assertThat(cnChecks(view)).singleElement().asString().contains("that is not signed by us");
    }
  }

  @Test
  void a_view_of_our_own_log_signed_by_us_is_checked_with_our_key() {
    pair.deliverToUs("back");
    String ours = checkpointOf(pair.us, cnToUs, 1);
    assertThat(cnChecks(new CheckpointView(cnToUs.text(), 1, ours))).isEmpty();
    String byUs = LinkPair.checkpoint(pair.us.signer, cnToUs, 1, new byte[32]);
    assertThat(cnChecks(new CheckpointView(cnToUs.text(), 1, byUs)))
        .singleElement()
        .asString()
        .contains("not signed by cn");
  }

  @Test
  void a_writers_checkpoint_for_a_size_our_record_passed_without_it_is_a_divergence() {
    pair.deliver(Precedence.ROUTINE, "a", "b");
    List<byte[]> firstOnly =
        pair.us.store.entries(usToCn, 1, 1).stream().map(LinkStore.StoredEntry::bytes).toList();
    String atOne = LinkPair.checkpoint(pair.us.signer, usToCn, 1, LinkPair.root(firstOnly));
    assertThat(cnChecks(new CheckpointView(usToCn.text(), 1, atOne)))
        .singleElement()
        .asString()
        .contains("for size 1 that our record of 2 entries lacks");
  }

  @Test
  void a_writers_checkpoint_beyond_what_we_received_is_no_divergence_yet() {
    pair.deliver(Precedence.ROUTINE, "a");
    String ahead = LinkPair.checkpoint(pair.us.signer, usToCn, 5, new byte[32]);
    assertThat(cnChecks(new CheckpointView(usToCn.text(), 5, ahead))).isEmpty();
  }

  @Test
  void our_signature_for_more_than_we_have_written_is_a_divergence() {
    String ahead = LinkPair.checkpoint(pair.cn.signer, cnToUs, 3, new byte[32]);
    assertThat(cnChecks(new CheckpointView(cnToUs.text(), 3, ahead)))
        .singleElement()
        .asString()
        .contains("us holds our signature for size 3 but we have written only 0 entries");
  }

  @Test
  void a_view_compared_with_a_malformed_stored_checkpoint_is_a_divergence() {
    pair.deliver(Precedence.ROUTINE, "a");
    String genuine = checkpointOf(pair.us, usToCn, 1);
    pair.cn.tamper("UPDATE checkpoints SET note = 'garbage' WHERE log = ?", usToCn.text());
    assertThat(cnChecks(new CheckpointView(usToCn.text(), 1, genuine)))
        .singleElement()
        .asString()
        .contains("our stored checkpoint for size 1 is malformed");
  }

  // ------------------------------------------------------------------ raising

  @Test
  void a_divergence_is_raised_once_with_its_first_line_and_the_full_evidence() {
    pair.cn.exchange.raise(usOnCn, "the line\nthe evidence", true);
    pair.cn.exchange.raise(usOnCn, "the line\nthe evidence", true);
    pair.cn.exchange.raise(usOnCn, "the line\nthe evidence", false);

    assertThat(pair.cn.alarms).hasSize(2);
    SecurityEvent reported = pair.cn.alarms.get(0);
    assertThat(reported.detail()).isEqualTo("us reports: the line");
    assertThat(reported.evidence()).isEqualTo("the line\nthe evidence");
    assertThat(reported.peer()).isEqualTo("us");
    assertThat(reported.at()).isEqualTo(pair.clock.instant());
    assertThat(pair.cn.alarms.get(1).detail()).isEqualTo("the line");
    assertThat(pair.cn.storedEventKinds()).hasSize(2);
  }

  @Test
  void an_answer_raises_what_the_peer_reports_and_what_is_found_in_its_views() {
    CheckpointExchange.Answer answer =
        pair.cn.exchange.answer(
            usOnCn, List.of(new CheckpointView(usToCn.text(), 1, "junk")), List.of("reported"));
    assertThat(answer.views()).isEmpty();
    assertThat(answer.divergences()).singleElement().asString().contains("malformed");
    assertThat(pair.cn.alarms)
        .extracting(SecurityEvent::detail)
        .containsExactly("us reports: reported", answer.divergences().get(0));
  }

  @Test
  void the_first_line_of_a_text_is_all_of_it_without_a_newline() {
    assertThat(CheckpointExchange.firstLine("one\ntwo")).isEqualTo("one");
    assertThat(CheckpointExchange.firstLine("one")).isEqualTo("one");
    assertThat(CheckpointExchange.firstLine("\ntwo")).isEmpty();
  }
}
