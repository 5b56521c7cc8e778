package org.hotline.record;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.hotline.InvalidInputException;
import org.hotline.identity.LogOrigin;
import org.hotline.link.Entry;
import org.hotline.link.EntryCodec;
import org.hotline.transcript.Checkpoint;
import org.hotline.transcript.Cosignature;
import org.hotline.transcript.Frontier;
import org.hotline.transcript.MerkleHash;
import org.hotline.transcript.NoteVerifier;
import org.hotline.transcript.SignedNote;
import org.hotline.transcript.TranscriptFormatException;

/**
 * Re-checks one direction log as a stream: every entry decodes in canonical form and stands at its
 * sequence number, the tree rebuilt from the entries gives the root of every signed checkpoint,
 * every checkpoint is signed by the writer's key, and every receipt is the reader's valid
 * cosignature over exactly such a checkpoint. Entries are fed in order with {@link #entry}; {@link
 * #finish} reports what is left over. Not thread-safe: one verifier per log.
 */
public final class LogVerifier {
  /** Past this many findings for one log, the rest are counted, not listed: the log is clearly broken. */
  public static final int FINDINGS_PER_LOG_MAX = 1_000;

  private final LogOrigin log;
  private final NoteVerifier writer;
  private final NoteVerifier reader;
  private final SortedMap<Long, Checkpoint> checkpoints = new TreeMap<>();
  private final SortedMap<Long, String> checkpointTexts = new TreeMap<>();
  private final SortedMap<Long, SignedNote> receipts = new TreeMap<>();
  private final Frontier frontier = Frontier.empty();
  private final List<Finding> findings = new ArrayList<>();
  private long suppressed;
  private long signedSize;
  private long receiptedSize;

  /**
   * @param checkpointNotes the writer's signed notes by size
   * @param receiptNotes the cosigned checkpoints by size
   */
  public LogVerifier(LogOrigin log, NoteVerifier writer, NoteVerifier reader, Map<Long, String> checkpointNotes, Map<Long, String> receiptNotes) {
    this.log = log;
    this.writer = writer;
    this.reader = reader;
    checkpointNotes.forEach(this::addCheckpoint);
    receiptNotes.forEach(this::addReceipt);
  }

  private void addCheckpoint(long size, String note) {
    try {
      SignedNote signed = SignedNote.parse(note);
      Checkpoint checkpoint = Checkpoint.parse(signed.text());
      if (checkpoint.size() != size || !checkpoint.origin().equals(log.text())) {
        find(0, "checkpoint stored for size " + size + " is for " + checkpoint.origin() + " size " + checkpoint.size());
        return;
      }
      if (!signed.verifiedBy(writer)) {
        find(0, "checkpoint for size " + size + " is not signed by " + log.writer() + "'s key");
        return;
      }
      checkpoints.put(size, checkpoint);
      checkpointTexts.put(size, signed.text());
    } catch (TranscriptFormatException e) {
      find(0, "checkpoint for size " + size + " is malformed: " + e.getMessage());
    }
  }

  private void addReceipt(long size, String note) {
    try {
      SignedNote signed = SignedNote.parse(note);
      Checkpoint checkpoint = Checkpoint.parse(signed.text());
      if (checkpoint.size() != size || !checkpoint.origin().equals(log.text())) {
        find(0, "receipt stored for size " + size + " is over " + checkpoint.origin() + " size " + checkpoint.size());
        return;
      }
      if (!signed.verifiedBy(writer)) {
        find(0, "receipt for size " + size + " is over a checkpoint not signed by " + log.writer());
        return;
      }
      boolean cosigned = signed.signatures().stream().anyMatch(s -> s.keyName().equals(reader.keyName()) && Cosignature.verify(checkpoint, s, reader));
      if (!cosigned) {
        find(0, "receipt for size " + size + " has no valid cosignature by " + log.reader());
        return;
      }
      receipts.put(size, signed);
    } catch (TranscriptFormatException e) {
      find(0, "receipt for size " + size + " is malformed: " + e.getMessage());
    }
  }

  /** The next entry, with the leaf hash storage holds for it (or null if it holds none). */
  public Entry entry(long seq, byte[] bytes, byte[] storedLeafHash) {
    long expected = frontier.size() + 1;
    if (seq != expected) {
      find(seq, seq < expected ? "entry repeated or out of order (expected " + expected + ")" : "entries " + expected + ".." + (seq - 1) + " are missing");
      return null;
    }
    Entry entry = null;
    try {
      entry = EntryCodec.decode(bytes);
      if (!entry.log().equals(log) || entry.seq() != seq) {
        find(seq, "entry claims " + entry.log() + " #" + entry.seq());
      }
    } catch (InvalidInputException e) {
      find(seq, "entry does not decode: " + e.getMessage());
    }
    byte[] leaf = MerkleHash.leaf(bytes);
    if (storedLeafHash != null && !Arrays.equals(leaf, storedLeafHash)) {
      find(seq, "stored leaf hash does not match the entry bytes");
    }
    frontier.append(leaf, Frontier.NodeSink.NONE);
    Checkpoint checkpoint = checkpoints.get(seq);
    if (checkpoint != null) {
      if (Arrays.equals(checkpoint.root(), frontier.root())) {
        signedSize = seq;
      } else {
        find(seq, "entries 1.." + seq + " do not give the root of the signed checkpoint for size " + seq + firstSuspect(seq));
      }
    }
    SignedNote receipt = receipts.get(seq);
    if (receipt != null) {
      if (Arrays.equals(Checkpoint.parse(receipt.text()).root(), frontier.root())) {
        receiptedSize = seq;
      } else {
        find(seq, "entries 1.." + seq + " do not give the root that " + log.reader() + " receipted for size " + seq);
      }
    }
    return entry;
  }

  private String firstSuspect(long seq) {
    long previous = checkpoints.headMap(seq).isEmpty() ? 0 : checkpoints.headMap(seq).lastKey();
    return " (the change is in entries " + (previous + 1) + ".." + seq + ")";
  }

  /**
   * Ends the stream: the log must hold at least every checkpointed and receipted size, and match
   * the size and frontier storage claims (pass {@code claimedSize < 0} to skip that check).
   */
  public List<Finding> finish(long claimedSize, byte[] claimedFrontier) {
    long size = frontier.size();
    if (claimedSize >= 0 && claimedSize != size) {
      find(0, "log claims " + claimedSize + " entries but holds " + size);
    }
    if (claimedFrontier != null && claimedSize == size && !Arrays.equals(claimedFrontier, frontier.encode())) {
      find(0, "stored tree edge does not match the entries");
    }
    if (!checkpoints.isEmpty() && checkpoints.lastKey() > size) {
      find(checkpoints.lastKey(), "a signed checkpoint covers size " + checkpoints.lastKey() + " but only " + size + " entries are stored");
    }
    if (!receipts.isEmpty() && receipts.lastKey() > size) {
      find(receipts.lastKey(), "a receipt covers size " + receipts.lastKey() + " but only " + size + " entries are stored");
    }
    for (Map.Entry<Long, SignedNote> receipt : receipts.entrySet()) {
      String ours = checkpointTexts.get(receipt.getKey());
      if (ours != null && !ours.equals(receipt.getValue().text())) {
        find(receipt.getKey(), "receipt for size " + receipt.getKey() + " is over a different checkpoint than the one stored");
      }
    }
    if (suppressed > 0) {
      findings.add(new Finding(log.text(), 0, suppressed + " more findings not listed"));
    }
    return List.copyOf(findings);
  }

  public long size() {
    return frontier.size();
  }

  public byte[] root() {
    return frontier.root();
  }

  /**
   * The largest size whose signed checkpoint matched the entries so far: every entry up to it is
   * exactly what the writer signed.
   */
  public long signedSize() {
    return signedSize;
  }

  /** The largest size whose receipt matched: every entry up to it is proved delivered. */
  public long receiptedSize() {
    return receiptedSize;
  }

  public long checkpointCount() {
    return checkpoints.size();
  }

  public long receiptCount() {
    return receipts.size();
  }

  void find(long seq, String reason) {
    if (findings.size() < FINDINGS_PER_LOG_MAX) {
      findings.add(new Finding(log.text(), seq, reason));
    } else {
      suppressed++;
    }
  }
}
