package org.hotline.link.receive;

import java.util.Optional;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.link.Batch;
import org.hotline.link.BatchRefusedException;
import org.hotline.link.LinkStore;
import org.hotline.link.Peer;
import org.hotline.link.PeerDirectory;
import org.hotline.link.PeerTransport;
import org.hotline.link.PeerUnreachableException;
import org.hotline.link.health.Backoff;
import org.hotline.link.health.LinkBlocks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pull mode, for a peer that cannot open connections to us: we fetch its log from its federation
 * port. Each request carries our receipt for what we already hold, so the peer learns of delivery
 * on the same connection, and asks for the next batch. Batches are checked and stored by the same
 * {@link Receiver} as pushed ones. Thread-safe; one thread per pulled peer.
 */
public final class Puller implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Puller.class);

  private final PartyId peerId;
  private final LogOrigin log;
  private final LinkStore store;
  private final PeerDirectory peers;
  private final PeerTransport transport;
  private final Receiver receiver;
  private final Backoff backoff;
  private final LinkBlocks blocks;
  private final Thread thread;
  private volatile boolean closed;

  public Puller(
      PartyId self,
      PartyId peerId,
      LinkStore store,
      PeerDirectory peers,
      PeerTransport transport,
      Receiver receiver,
      Backoff backoff,
      LinkBlocks blocks) {
    this.blocks = blocks;
    this.peerId = peerId;
    this.log = new LogOrigin(peerId, self);
    this.store = store;
    this.peers = peers;
    this.transport = transport;
    this.receiver = receiver;
    this.backoff = backoff;
    this.thread = Thread.ofPlatform().name("puller-" + peerId).daemon().unstarted(this::run);
  }

  public void start() {
    thread.start();
  }

  private void run() {
    int failures = 0;
    while (!closed) {
      try {
        Optional<Peer> peer = peers.peer(peerId);
        if (peer.isEmpty() || peer.get().mode() != Peer.Mode.PULL) {
          return;
        }
        pullOnce(peer.get());
        failures = 0;
      } catch (PeerUnreachableException | BatchRefusedException e) {
        failures++;
        LOG.info("pulling from {}: {}", peerId, e.getMessage());
        sleep(backoff.delay(failures).toMillis());
      } catch (RuntimeException e) {
        failures++;
        LOG.error("pulling from {} failed unexpectedly; retrying", peerId, e);
        sleep(backoff.delay(failures).toMillis());
      }
    }
  }

  /** One round: send our receipt, fetch and store the next batch if any. */
  void pullOnce(Peer peer) {
    long size = store.logHead(log).map(LinkStore.LogHead::size).orElse(0L);
    String receipt =
        size == 0
            ? null
            : store.latestReceipt(log).map(LinkStore.Receipt::cosignedNote).orElse(null);
    Batch batch = transport.pull(peer, log.text(), size, receipt);
    if (batch == null) {
      return;
    }
    try {
      receiver.accept(peer, batch);
    } catch (BatchRefusedException e) {
      blocks.refused(peerId, LinkBlocks.Direction.INCOMING, e);
      if (!e.isPositionMismatch()) {
        throw e;
      }
      return;
    }
    blocks.accepted(peerId, LinkBlocks.Direction.INCOMING);
  }

  private void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
