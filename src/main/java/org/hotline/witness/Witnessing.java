package org.hotline.witness;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.link.LinkStore;
import org.hotline.link.Peer;
import org.hotline.link.PeerDirectory;
import org.hotline.link.Proofs;
import org.hotline.link.SecurityEvent;
import org.hotline.transcript.Checkpoint;
import org.hotline.transcript.Cosignature;
import org.hotline.transcript.MerkleProofs;
import org.hotline.transcript.SignedNote;
import org.hotline.transcript.TranscriptFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits this node's outgoing logs to one witness. For each log, once the peer has receipted a
 * checkpoint the witness has not cosigned, it sends that checkpoint with the consistency proof from
 * the size the witness last cosigned, verifies the witness's cosignature against the witness's
 * configured key, and stores it beside the receipt. So the checkpoint that proves delivery also
 * carries a neutral party's statement that the log never showed it a different history.
 *
 * <p>The witness's size comes from what is stored here; if the witness knows a different one (it
 * answers 409 with its size), the proof is rebuilt from that size and sent once more. A witness
 * that holds a size this node never wrote, or refuses our checkpoint as inconsistent with one it
 * cosigned, has seen a checkpoint signed with our key that contradicts our record: that is raised
 * as a security event.
 *
 * <p>One thread per witness ({@link #start}); {@link #submitOnce} is the whole of one round, for
 * tests. Thread-safe.
 */
public final class Witnessing implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Witnessing.class);

  /**
   * How often each log's receipted size is compared with what the witness cosigned: the lag between
   * a receipt and its witness cosignature. A round costs one small read per peer when nothing
   * changed, and at most one request per log when something did, however many receipts came in
   * between.
   */
  public static final Duration ROUND_INTERVAL = Duration.ofSeconds(1);

  /** Longest wait between rounds while the witness does not answer. */
  static final Duration FAILURE_DELAY_MAX = Duration.ofMinutes(1);

  /** Requests per log per round: one, and one more after the witness told us its size. */
  static final int ATTEMPTS_MAX = 2;

  /** Alarms remembered, so the same finding is raised once, not at every round. */
  static final int ALARMS_REMEMBERED_MAX = 1_000;

  private final PartyId self;
  private final WitnessEndpoint witness;
  private final PeerDirectory peers;
  private final LinkStore store;
  private final WitnessCosignatures cosignatures;
  private final WitnessTransport transport;
  private final Clock clock;
  private final Consumer<SecurityEvent> alarms;
  private final Map<LogOrigin, Long> witnessSizes = new ConcurrentHashMap<>();
  private final Map<String, Boolean> raised = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean closed;
  private volatile String lastError = "";

  /**
   * @param alarms stores and raises a security event (the caller wires storage and the event
   *     stream)
   */
  public Witnessing(
      PartyId self,
      WitnessEndpoint witness,
      PeerDirectory peers,
      LinkStore store,
      WitnessCosignatures cosignatures,
      WitnessTransport transport,
      Clock clock,
      Consumer<SecurityEvent> alarms) {
    this.self = self;
    this.witness = witness;
    this.peers = peers;
    this.store = store;
    this.cosignatures = cosignatures;
    this.transport = transport;
    this.clock = clock;
    this.alarms = alarms;
    this.thread =
        Thread.ofPlatform()
            .name("witnessing-" + witness.key().keyName())
            .daemon()
            .unstarted(this::run);
  }

  public WitnessEndpoint witness() {
    return witness;
  }

  /** Why the last round failed, or empty if it did not. */
  public String lastError() {
    return lastError;
  }

  public void start() {
    thread.start();
  }

  private void run() {
    int failures = 0;
    while (!closed) {
      try {
        submitOnce();
        failures = 0;
      } catch (WitnessUnreachableException e) {
        if (closed) {
          return;
        }
        failures++;
        if (failures == 1) {
          LOG.warn("witness {} at {}: {}", witness.key().keyName(), witness.url(), e.getMessage());
        }
        lastError = e.getMessage();
      } catch (RuntimeException e) {
        failures++;
        LOG.error(
            "submitting to witness {} failed unexpectedly; retrying", witness.key().keyName(), e);
        lastError = String.valueOf(e.getMessage());
      }
      try {
        Thread.sleep(delay(failures));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * {@link #ROUND_INTERVAL} while all is well, doubling per failed round up to {@link
   * #FAILURE_DELAY_MAX}.
   */
  static Duration delay(int failures) {
    Duration delay = ROUND_INTERVAL.multipliedBy(1L << Math.min(failures, 6));
    return delay.compareTo(FAILURE_DELAY_MAX) > 0 ? FAILURE_DELAY_MAX : delay;
  }

  /**
   * One round over every outgoing log; returns how many new witness cosignatures were stored.
   *
   * @throws WitnessUnreachableException if the witness does not answer
   */
  public int submitOnce() {
    int stored = 0;
    for (Peer peer : peers.peers()) {
      if (submit(new LogOrigin(self, peer.id()))) {
        stored++;
      }
    }
    return stored;
  }

  private boolean submit(LogOrigin log) {
    LinkStore.LogHead head = store.logHead(log).orElse(LinkStore.LogHead.EMPTY);
    long target = head.receiptedSize();
    String witnessKey = witness.key().vkey();
    long cosigned = cosignatures.witnessedSize(log, witnessKey);
    if (target <= cosigned) {
      return false;
    }
    long old = witnessSizes.getOrDefault(log, cosigned);
    for (int attempt = 0; attempt < ATTEMPTS_MAX; attempt++) {
      if (old > target) {
        if (old > head.size()) {
          alarm(
              log,
              SecurityEvent.Kind.WITNESS_AHEAD,
              "witness "
                  + witness.key().keyName()
                  + " has cosigned size "
                  + old
                  + " of "
                  + log
                  + ", which holds only "
                  + head.size()
                  + " entries: a checkpoint signed with our key that we never wrote",
              "");
        }
        return false; // the witness is ahead of our receipts; wait for them to catch up
      }
      String note =
          store
              .checkpoint(log, target)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "no checkpoint stored for receipted size " + target + " of " + log));
      List<byte[]> proof =
          MerkleProofs.consistencyProof(old, target, Proofs.storedTree(store, log));
      WitnessTransport.Answer answer =
          transport.addCheckpoint(witness, new AddCheckpointRequest(old, proof, note));
      switch (answer) {
        case WitnessTransport.Cosigned cosignedAnswer -> {
          lastError = "";
          return keep(log, target, note, cosignedAnswer.signatureLines());
        }
        case WitnessTransport.Conflict conflict -> {
          if (conflict.witnessSize() == old) {
            lastError = "witness answered 409 for the size it reports itself";
            return false;
          }
          old = conflict.witnessSize();
          witnessSizes.put(log, old);
        }
        case WitnessTransport.Refused refused -> {
          refusedBy(log, old, target, refused, note);
          return false;
        }
      }
    }
    return false;
  }

  private boolean keep(LogOrigin log, long size, String note, String lines) {
    try {
      SignedNote signed = SignedNote.parse(note + lines);
      Checkpoint checkpoint = Checkpoint.parse(signed.text());
      for (SignedNote.NoteSignature signature : signed.signatures()) {
        if (signature.keyName().equals(witness.key().keyName())
            && Cosignature.verify(checkpoint, signature, witness.key())) {
          cosignatures.putWitnessCosignature(
              log, size, witness.key().vkey(), signature.line(), clock.instant());
          witnessSizes.put(log, size);
          return true;
        }
      }
      lastError = "the witness's answer holds no valid cosignature by " + witness.key().vkey();
    } catch (TranscriptFormatException e) {
      lastError = "the witness's answer is not a cosignature: " + e.getMessage();
    }
    LOG.warn("witness {} for {} size {}: {}", witness.key().keyName(), log, size, lastError);
    return false;
  }

  private void refusedBy(
      LogOrigin log, long old, long target, WitnessTransport.Refused refused, String note) {
    lastError =
        "witness refused "
            + log
            + " size "
            + target
            + " (HTTP "
            + refused.status()
            + "): "
            + refused.detail();
    if (refused.status() == 422 || refused.status() == 409) {
      alarm(
          log,
          SecurityEvent.Kind.WITNESS_INCONSISTENT,
          "witness "
              + witness.key().keyName()
              + " refuses checkpoint "
              + target
              + " of "
              + log
              + " as inconsistent with size "
              + old
              + " it cosigned: it holds a checkpoint signed with our key that our record contradicts ("
              + refused.detail()
              + ")",
          note);
    } else {
      LOG.warn("{}", lastError);
    }
  }

  private void alarm(LogOrigin log, SecurityEvent.Kind kind, String detail, String evidence) {
    if (raised.size() >= ALARMS_REMEMBERED_MAX) {
      raised.clear();
    }
    if (raised.putIfAbsent(kind + " " + detail, Boolean.TRUE) != null) {
      return;
    }
    LOG.error("SECURITY {} {}: {}", kind, log, detail);
    alarms.accept(new SecurityEvent(clock.instant(), log.reader().value(), kind, detail, evidence));
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
