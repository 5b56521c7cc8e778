package org.hotline.witness;

import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.hotline.link.SecurityEvent;
import org.hotline.transcript.Checkpoint;
import org.hotline.transcript.Cosignature;
import org.hotline.transcript.MerkleHash;
import org.hotline.transcript.MerkleProofs;
import org.hotline.transcript.NoteSigner;
import org.hotline.transcript.NoteVerifier;
import org.hotline.transcript.SignedNote;
import org.hotline.transcript.TranscriptFormatException;

/**
 * The witness side of <a href="https://github.com/C2SP/C2SP/blob/main/tlog-witness.md">C2SP
 * tlog-witness</a> {@code add-checkpoint}: for each configured log, cosign a checkpoint only if it
 * is signed by the log's key and consistent with the last checkpoint cosigned for that log, then
 * remember it as the latest. The checks, in the spec's order: known origin (else 404), a valid
 * signature by the log's key (403), old size not above the new size (400), old size equal to the
 * size last cosigned (409, with that size), same root if the size did not change (409), a
 * consistency proof that verifies (422).
 *
 * <p>A checkpoint that is correctly signed but contradicts the last one cosigned is proof that the
 * log's key signed two histories; it is kept as evidence ({@link SecurityEvent} of kind {@link
 * SecurityEvent.Kind#WITNESS_INCONSISTENT_CHECKPOINT}) before the refusal.
 *
 * <p>Thread-safe: requests for one log are checked and stored one at a time, and the store's
 * compare-and-set guards against any other writer of the same database.
 */
public final class Witness {
  private final NoteSigner signer;
  private final Map<String, NoteVerifier> logs;
  private final WitnessStore store;
  private final Clock clock;
  private final Consumer<SecurityEvent> evidence;
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  /**
   * @param signer the witness's own cosigning key, never a party's signing key
   * @param evidence where inconsistent checkpoints are recorded (stored and raised by the caller)
   */
  public Witness(
      NoteSigner signer,
      List<WitnessedLog> logs,
      WitnessStore store,
      Clock clock,
      Consumer<SecurityEvent> evidence) {
    this.signer = signer;
    this.logs =
        logs.stream()
            .collect(Collectors.toUnmodifiableMap(WitnessedLog::origin, WitnessedLog::key));
    this.store = store;
    this.clock = clock;
    this.evidence = evidence;
  }

  /** The witness's verifier key, which clients configure to check its cosignatures. */
  public NoteVerifier key() {
    return signer.verifier();
  }

  /** The logs this witness is configured for, by origin. */
  public Map<String, NoteVerifier> logs() {
    return logs;
  }

  /**
   * Checks the request and, if it passes, cosigns its checkpoint and stores it as the latest for
   * its log before answering. Returns the response body: the cosignature line, newline-terminated.
   *
   * @throws WitnessRefusedException naming which check failed; nothing was cosigned or stored
   */
  public String addCheckpoint(AddCheckpointRequest request) {
    SignedNote note;
    Checkpoint checkpoint;
    try {
      note = SignedNote.parse(request.checkpoint());
      checkpoint = Checkpoint.parse(note.text());
    } catch (TranscriptFormatException e) {
      throw refused(
          WitnessRefusedException.Kind.BAD_REQUEST,
          "the checkpoint is malformed: " + e.getMessage());
    }
    NoteVerifier key = logs.get(checkpoint.origin());
    if (key == null) {
      throw refused(
          WitnessRefusedException.Kind.UNKNOWN_LOG,
          "this witness does not witness the log " + checkpoint.origin());
    }
    if (!note.verifiedBy(key)) {
      throw refused(
          WitnessRefusedException.Kind.BAD_SIGNATURE,
          "no signature on the checkpoint verifies against the key of "
              + checkpoint.origin()
              + " ("
              + key.keyName()
              + ")");
    }
    if (request.oldSize() > checkpoint.size()) {
      throw refused(
          WitnessRefusedException.Kind.BAD_REQUEST,
          "old size "
              + request.oldSize()
              + " is larger than the checkpoint's size "
              + checkpoint.size());
    }
    ReentrantLock lock = locks.computeIfAbsent(checkpoint.origin(), origin -> new ReentrantLock());
    lock.lock();
    try {
      return addLocked(request, checkpoint);
    } finally {
      lock.unlock();
    }
  }

  private String addLocked(AddCheckpointRequest request, Checkpoint checkpoint) {
    String origin = checkpoint.origin();
    Optional<WitnessStore.Witnessed> latest = store.witnessed(origin);
    long latestSize = latest.map(WitnessStore.Witnessed::size).orElse(0L);
    byte[] latestRoot = latest.map(WitnessStore.Witnessed::root).orElse(MerkleHash.emptyRoot());
    if (request.oldSize() != latestSize) {
      throw new WitnessRefusedException(
          WitnessRefusedException.Kind.OLD_SIZE_MISMATCH,
          "old size "
              + request.oldSize()
              + " is not the size this witness last cosigned for "
              + origin
              + ", which is "
              + latestSize,
          latestSize);
    }
    if (checkpoint.size() == latestSize && latest.isPresent()) {
      if (!MessageDigest.isEqual(latestRoot, checkpoint.root())) {
        keepEvidence(
            origin,
            "a second checkpoint of size " + latestSize + " with a different root",
            latest.get(),
            request);
        throw new WitnessRefusedException(
            WitnessRefusedException.Kind.ROOT_MISMATCH,
            "the checkpoint has size "
                + latestSize
                + ", as the one last cosigned for "
                + origin
                + ", but a different root hash",
            latestSize);
      }
    } else if (!MerkleProofs.verifyConsistency(
        request.oldSize(), checkpoint.size(), latestRoot, checkpoint.root(), request.proof())) {
      if (latest.isPresent()) {
        keepEvidence(
            origin,
            "a checkpoint of size "
                + checkpoint.size()
                + " not consistent with the cosigned size "
                + latestSize,
            latest.get(),
            request);
      }
      throw refused(
          WitnessRefusedException.Kind.INCONSISTENT,
          "the consistency proof from size "
              + request.oldSize()
              + " to "
              + checkpoint.size()
              + " of "
              + origin
              + " does not verify against the root this witness cosigned for size "
              + request.oldSize());
    }
    long now = clock.instant().getEpochSecond();
    String line = Cosignature.sign(checkpoint, signer, now).line() + "\n";
    boolean stored =
        store.advance(
            origin,
            latestSize,
            new WitnessStore.Witnessed(
                checkpoint.size(), checkpoint.root(), request.checkpoint(), clock.instant()));
    if (!stored) {
      long current = store.witnessed(origin).map(WitnessStore.Witnessed::size).orElse(0L);
      throw new WitnessRefusedException(
          WitnessRefusedException.Kind.OLD_SIZE_MISMATCH,
          "another request advanced " + origin + " to size " + current + " meanwhile",
          current);
    }
    return line;
  }

  private void keepEvidence(
      String origin, String what, WitnessStore.Witnessed latest, AddCheckpointRequest request) {
    StringBuilder proof = new StringBuilder();
    Base64.Encoder base64 = Base64.getEncoder();
    request.proof().forEach(hash -> proof.append(base64.encodeToString(hash)).append('\n'));
    String detail = origin + ": the log's key signed " + what;
    String text =
        "--- cosigned by this witness (size "
            + latest.size()
            + "):\n"
            + latest.checkpoint()
            + "--- submitted (old "
            + request.oldSize()
            + "), with its proof:\n"
            + proof
            + "\n"
            + request.checkpoint();
    evidence.accept(
        new SecurityEvent(
            clock.instant(),
            origin,
            SecurityEvent.Kind.WITNESS_INCONSISTENT_CHECKPOINT,
            detail,
            text));
  }

  private static WitnessRefusedException refused(WitnessRefusedException.Kind kind, String detail) {
    return new WitnessRefusedException(kind, detail, -1);
  }
}
