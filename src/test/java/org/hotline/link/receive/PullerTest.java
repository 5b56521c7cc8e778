package org.hotline.link.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.hotline.identity.LogOrigin;
import org.hotline.link.Batch;
import org.hotline.link.BatchRefusedException;
import org.hotline.link.LinkPair;
import org.hotline.link.MessageState;
import org.hotline.link.Peer;
import org.hotline.link.UnusedTransport;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.link.health.Backoff;
import org.hotline.link.send.Dispatcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pull mode: cn cannot be reached by us, so cn's real {@link Puller} fetches us's log through a
 * transport that asks us's real dispatcher for the next batch, as us's federation port would
 * ({@code Links.pull}), and hands the batch to cn's real receiver.
 */
class PullerTest {
  @TempDir Path dir;
  private LinkPair pair;
  private Dispatcher usDispatcher;
  private Puller puller;
  private final LogOrigin log = LinkPair.usToCn();
  private final List<String> receiptsHandedBack = new ArrayList<>();
  private final List<Long> afters = new ArrayList<>();
  private volatile UnaryOperator<Batch> onTheWay = UnaryOperator.identity();

  /** us's federation port minus the network: pull requests go to us's dispatcher. */
  private final class FromUs extends UnusedTransport {
    @Override
    public Batch pull(Peer peer, String logText, long after, String receipt) {
      assertThat(logText).isEqualTo(log.text());
      receiptsHandedBack.add(receipt);
      afters.add(after);
      if (receipt != null && after > 0) {
        usDispatcher.acceptPulledReceipt(pair.us.peer(LinkPair.CN), after, receipt);
      }
      Batch batch = usDispatcher.batchAfter(after);
      return batch == null ? null : onTheWay.apply(batch);
    }
  }

  @BeforeEach
  void open() {
    pair = new LinkPair(dir);
    Peer cn = pair.us.peer(LinkPair.CN);
    pair.us.store.remove(LinkPair.CN);
    pair.us.store.add(new Peer(cn.card(), cn.endpoints(), Peer.Mode.PULLED));
    Peer us = pair.cn.peer(LinkPair.US);
    pair.cn.store.remove(LinkPair.US);
    pair.cn.store.add(new Peer(us.card(), us.endpoints(), Peer.Mode.PULL));
    usDispatcher = pair.dispatcher(Backoff.standard(new Random(1)));
    puller =
        new Puller(
            LinkPair.CN,
            LinkPair.US,
            pair.cn.store,
            pair.cn.store,
            new FromUs(),
            pair.cn.receiver,
            Backoff.standard(new Random(1)),
            pair.cn.blocks);
  }

  @AfterEach
  void close() {
    puller.close();
    pair.close();
  }

  private Peer usOnCn() {
    return pair.cn.peer(LinkPair.US);
  }

  @Test
  void each_pull_fetches_the_next_batch_and_hands_back_the_receipt_for_what_is_held() {
    List<MessageId> ids = pair.submit(Precedence.ROUTINE, "a", "b");
    usDispatcher.round();

    puller.pullOnce(usOnCn());
    assertThat(pair.cn.head(log).size()).isEqualTo(2);
    assertThat(receiptsHandedBack).containsExactly((String) null);
    assertThat(afters).containsExactly(0L);

    puller.pullOnce(usOnCn());
    assertThat(afters).containsExactly(0L, 2L);
    assertThat(receiptsHandedBack.get(1))
        .isEqualTo(pair.cn.store.latestReceipt(log).orElseThrow().cosignedNote());
    assertThat(pair.us.head(log).receiptedSize()).isEqualTo(2);
    assertThat(pair.us.store.message(ids.get(1)).orElseThrow().state())
        .isEqualTo(MessageState.DELIVERED);
  }

  @Test
  void a_pull_with_nothing_new_stores_nothing() {
    puller.pullOnce(usOnCn());
    assertThat(pair.cn.head(log).size()).isZero();
    assertThat(afters).containsExactly(0L);
  }

  @Test
  void a_batch_already_held_is_no_failure() {
    pair.submit(Precedence.ROUTINE, "a");
    usDispatcher.round();
    Batch first = usDispatcher.batchAfter(0);
    puller.pullOnce(usOnCn());
    onTheWay = batch -> first;
    pair.submit(Precedence.ROUTINE, "b");
    usDispatcher.round();

    puller.pullOnce(usOnCn());

    assertThat(pair.cn.head(log).size()).isEqualTo(1);
  }

  @Test
  void a_batch_refused_for_its_content_is_a_failure() {
    pair.submit(Precedence.ROUTINE, "a");
    usDispatcher.round();
    onTheWay =
        batch ->
            new Batch(
                batch.log(),
                batch.firstSeq(),
                List.of(pair.message(log, 1, "swapped")),
                batch.checkpoint());
    assertThatThrownBy(() -> puller.pullOnce(usOnCn()))
        .isInstanceOf(BatchRefusedException.class)
        .extracting(e -> ((BatchRefusedException) e).kind())
        .isEqualTo(BatchRefusedException.Kind.ROOT_MISMATCH);
  }

  @Test
  void the_pulling_thread_fetches_on_its_own_until_closed() throws Exception {
    pair.submit(Precedence.ROUTINE, "a");
    usDispatcher.round();
    puller.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (pair.cn.head(log).size() < 1 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(pair.cn.head(log).size()).isEqualTo(1);
  }

  @Test
  void the_pulling_thread_stops_when_the_peer_is_no_longer_pulled() throws Exception {
    Peer us = usOnCn();
    pair.cn.store.remove(LinkPair.US);
    pair.cn.store.add(new Peer(us.card(), us.endpoints(), Peer.Mode.PUSH));
    pair.submit(Precedence.ROUTINE, "a");
    usDispatcher.round();
    puller.start();
    assertThat(pullingThread().join(Duration.ofSeconds(10)))
        .as("the pulling thread ends by itself")
        .isTrue();
    assertThat(afters).isEmpty();
  }

  /**
   * The puller's thread ("puller-us"), or, if it has already ended, a thread that has: started
   * synchronously by {@code start()}, it is alive or finished by the time this looks.
   */
  private static Thread pullingThread() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().equals("puller-" + LinkPair.US))
        .findFirst()
        .orElseGet(
            () -> {
              Thread ended = new Thread(() -> {});
              ended.start();
              return ended;
            });
  }
}
