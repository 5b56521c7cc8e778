package org.hotline.record;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.hotline.InvalidInputException;
import org.hotline.identity.LogOrigin;
import org.hotline.link.entry.Entry;
import org.hotline.link.entry.EntryCodec;
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
 * every entry is covered by such a checkpoint, every checkpoint is signed by the writer's key, and
 * every receipt is the reader's valid cosignature over exactly such a checkpoint. Entries are fed
 * in order with {@link #entry}; {@link #finish} reports what is left over.
 *
 * <p>A missing entry is reported once, at its own sequence number. The tree cannot be rebuilt past
 * a gap, so the checkpoints after it are not compared (each would only repeat the gap), but the
 * entries after it are still decoded and checked one by one. Not thread-safe: one verifier per log.
 */
public final class LogVerifier {
  /**
   * Past this many findings for one log, the rest are counted, not listed: the log is clearly
   * broken.
   */
  public static final int FINDINGS_PER_LOG_MAX = 1_000;

  private final LogOrigin log;
  private final NoteVerifier writer;
  private final NoteVerifier reader;
  private final SortedMap<Long, Checkpoint> checkpoints = new TreeMap<>();
  private final SortedMap<Long, String> checkpointTexts = new TreeMap<>();
  private final SortedMap<Long, SignedNote> receipts = new TreeMap<>();

  /** The root each receipt cosigned, by size: parsed once, compared as the tree reaches it. */
  private final Map<Long, byte[]> receiptRoots = new java.util.HashMap<>();

  private final Frontier frontier = Frontier.empty();

  /**
   * The sizes at which a checkpoint or receipt is to be compared with the tree, in order, and the
   * next of them: most entries have neither, and are passed with one comparison.
   */
  private final long[] marks;

  private int nextMark;

  private final List<Finding> findings = new ArrayList<>();

  /**
   * Entries that cannot be interpreted, in order, not yet vouched for: each becomes a finding that
   * breaks nothing once a signed checkpoint over it matches the tree, or a problem if none does.
   */
  private final java.util.ArrayDeque<Finding> unvouched = new java.util.ArrayDeque<>();

  private final List<Finding> uninterpretable = new ArrayList<>();
  private long suppressed;
  private long signedSize;
  private long receiptedSize;

  /** The sequence number of the last entry fed, and how many distinct entries were fed. */
  private long lastSeq;

  private long held;

  /** The first missing sequence number once a gap broke the tree; 0 while the tree is whole. */
  private long gapAt;

  /**
   * @param checkpointNotes the writer's signed notes by size
   * @param receiptNotes the cosigned checkpoints by size
   */
  public LogVerifier(
      LogOrigin log,
      NoteVerifier writer,
      NoteVerifier reader,
      Map<Long, String> checkpointNotes,
      Map<Long, String> receiptNotes) {
    this.log = log;
    this.writer = writer;
    this.reader = reader;
    // Signatures are the costly part (an Ed25519 verification each, one log may hold a checkpoint
    // per entry); they are checked on every core, and the results taken in order of size.
    parallel(checkpointNotes, this::checkCheckpoint).forEach(this::take);
    parallel(receiptNotes, this::checkReceipt).forEach(this::take);
    marks =
        java.util.stream.LongStream.concat(
                checkpoints.keySet().stream().mapToLong(Long::longValue),
                receiptRoots.keySet().stream().mapToLong(Long::longValue))
            .sorted()
            .distinct()
            .toArray();
  }

  /** A checked note: what to keep, or why not. */
  private record CheckedNote(
      long size, Checkpoint checkpoint, SignedNote note, boolean receipt, String problem) {}

  private static List<CheckedNote> parallel(
      Map<Long, String> notes, java.util.function.BiFunction<Long, String, CheckedNote> check) {
    return new TreeMap<>(notes)
        .entrySet().parallelStream()
            .map(note -> check.apply(note.getKey(), note.getValue()))
            .toList();
  }

  private void take(CheckedNote checked) {
    if (checked.problem() != null) {
      find(0, checked.problem());
    } else if (checked.receipt()) {
      receipts.put(checked.size(), checked.note());
      receiptRoots.put(checked.size(), checked.checkpoint().root());
    } else {
      checkpoints.put(checked.size(), checked.checkpoint());
      checkpointTexts.put(checked.size(), checked.note().text());
    }
  }

  private CheckedNote checkCheckpoint(long size, String note) {
    try {
      SignedNote signed = SignedNote.parse(note);
      Checkpoint checkpoint = Checkpoint.parse(signed.text());
      if (checkpoint.size() != size || !checkpoint.origin().equals(log.text())) {
        return problem(
            size,
            "checkpoint stored for size "
                + size
                + " is for "
                + checkpoint.origin()
                + " size "
                + checkpoint.size());
      }
      if (!signed.verifiedBy(writer)) {
        return problem(
            size, "checkpoint for size " + size + " is not signed by " + log.writer() + "'s key");
      }
      return new CheckedNote(size, checkpoint, signed, false, null);
    } catch (TranscriptFormatException e) {
      return problem(size, "checkpoint for size " + size + " is malformed: " + e.getMessage());
    }
  }

  private CheckedNote checkReceipt(long size, String note) {
    try {
      SignedNote signed = SignedNote.parse(note);
      Checkpoint checkpoint = Checkpoint.parse(signed.text());
      if (checkpoint.size() != size || !checkpoint.origin().equals(log.text())) {
        return problem(
            size,
            "receipt stored for size "
                + size
                + " is over "
                + checkpoint.origin()
                + " size "
                + checkpoint.size());
      }
      // The writer's signature was checked already if the receipt is over the very checkpoint
      // stored.
      if (!signed.text().equals(checkpointTexts.get(size)) && !signed.verifiedBy(writer)) {
        return problem(
            size,
            "receipt for size " + size + " is over a checkpoint not signed by " + log.writer());
      }
      boolean cosigned =
          signed.signatures().stream()
              .anyMatch(
                  s ->
                      s.keyName().equals(reader.keyName())
                          && Cosignature.verify(checkpoint, s, reader));
      if (!cosigned) {
        return problem(
            size, "receipt for size " + size + " has no valid cosignature by " + log.reader());
      }
      return new CheckedNote(size, checkpoint, signed, true, null);
    } catch (TranscriptFormatException e) {
      return problem(size, "receipt for size " + size + " is malformed: " + e.getMessage());
    }
  }

  private static CheckedNote problem(long size, String problem) {
    return new CheckedNote(size, null, null, false, problem);
  }

  /** The next entry, with the leaf hash storage holds for it (or null if it holds none). */
  public Entry entry(long seq, byte[] bytes, byte[] storedLeafHash) {
    return accept(inspect(log, seq, bytes, storedLeafHash));
  }

  /**
   * What can be checked of one entry on its own, in any order and on any thread: it decodes in
   * canonical form and claims this log and this place (else it is uninterpretable), and its leaf
   * hash is the one storage holds. {@link #accept} then takes the results in sequence order.
   */
  public static Inspected inspect(LogOrigin log, long seq, byte[] bytes, byte[] storedLeafHash) {
    List<String> problems = new ArrayList<>(0);
    Entry entry = null;
    String uninterpretable = null;
    try {
      entry = EntryCodec.decode(bytes, log);
      if (!entry.log().equals(log) || entry.seq() != seq) {
        uninterpretable = "entry claims " + entry.log() + " #" + entry.seq();
      }
    } catch (InvalidInputException e) {
      uninterpretable = "entry does not decode: " + e.getMessage();
    }
    byte[] leaf = MerkleHash.leaf(bytes);
    if (storedLeafHash != null && !Arrays.equals(leaf, storedLeafHash)) {
      problems.add("stored leaf hash does not match the entry bytes");
    }
    return new Inspected(seq, leaf, entry, problems, uninterpretable);
  }

  /**
   * One entry as {@link #inspect} found it.
   *
   * @param entry the decoded entry, or null if it does not decode
   * @param problems what is wrong with the entry on its own; callers may add their own
   * @param uninterpretable why the entry cannot be interpreted, or null if it can: a finding, not a
   *     problem, as long as a signed checkpoint vouches for its bytes
   */
  @SuppressWarnings(
      "ArrayRecordComponent") // a value passed from a worker to the verifier once; never compared
  public record Inspected(
      long seq, byte[] leafHash, Entry entry, List<String> problems, String uninterpretable) {
    /** The same entry, recorded by the reader as uninterpretable for {@code reason}. */
    public Inspected uninterpretable(String reason) {
      return new Inspected(seq, leafHash, entry, problems, reason);
    }
  }

  /**
   * The next inspected entry, in sequence order: it must follow the entry before it, and while no
   * entry is missing it extends the tree, whose root must then match any signed checkpoint and
   * receipt of that size. Returns the decoded entry, or null if it does not decode or is out of
   * place.
   */
  public Entry accept(Inspected inspected) {
    long seq = inspected.seq();
    if (seq <= lastSeq) {
      find(seq, "entry " + seq + " repeated or out of order (it follows entry " + lastSeq + ")");
      return null;
    }
    if (seq > lastSeq + 1) {
      find(
          lastSeq + 1,
          seq == lastSeq + 2
              ? "entry " + (lastSeq + 1) + " is missing"
              : "entries " + (lastSeq + 1) + ".." + (seq - 1) + " are missing");
      if (gapAt == 0) {
        gapAt = lastSeq + 1;
      }
    }
    lastSeq = seq;
    held++;
    for (String problem : inspected.problems()) {
      find(seq, problem);
    }
    if (inspected.uninterpretable() != null) {
      unvouched.add(new Finding(log.text(), seq, inspected.uninterpretable()));
    }
    if (gapAt == 0) {
      appendToTree(seq, inspected.leafHash());
    }
    return inspected.entry();
  }

  private void appendToTree(long seq, byte[] leaf) {
    frontier.append(leaf, Frontier.NodeSink.NONE);
    while (nextMark < marks.length && marks[nextMark] < seq) {
      nextMark++;
    }
    if (nextMark == marks.length || marks[nextMark] != seq) {
      return;
    }
    Checkpoint checkpoint = checkpoints.get(seq);
    if (checkpoint != null) {
      boolean matches = Arrays.equals(checkpoint.root(), frontier.root());
      vouch(seq, matches);
      if (matches) {
        signedSize = seq;
      } else {
        find(
            seq,
            "entries 1.."
                + seq
                + " do not give the root of the signed checkpoint for size "
                + seq
                + " (entries "
                + (signedSize + 1)
                + ".."
                + seq
                + " or this checkpoint were changed)");
      }
    }
    byte[] receiptRoot = receiptRoots.get(seq);
    if (receiptRoot != null) {
      if (Arrays.equals(receiptRoot, frontier.root())) {
        receiptedSize = seq;
      } else {
        find(
            seq,
            "entries 1.."
                + seq
                + " do not give the root that "
                + log.reader()
                + " receipted for size "
                + seq);
      }
    }
  }

  /**
   * Ends the stream: every entry must be covered by a signed checkpoint, and the log must hold
   * every checkpointed and receipted size and match the size and tree edge storage claims (pass
   * {@code claimedSize < 0} to skip that check).
   */
  public List<Finding> finish(long claimedSize, byte[] claimedFrontier) {
    vouch(Long.MAX_VALUE, false);
    if (claimedSize >= 0 && claimedSize != held) {
      find(0, "log claims " + claimedSize + " entries but holds " + held);
    }
    if (claimedFrontier != null
        && gapAt == 0
        && claimedSize == frontier.size()
        && !Arrays.equals(claimedFrontier, frontier.encode())) {
      find(0, "stored tree edge for size " + claimedSize + " does not match the entries");
    }
    long covered = checkpoints.isEmpty() ? 0 : checkpoints.lastKey();
    if (lastSeq > covered) {
      find(
          covered + 1,
          (lastSeq == covered + 1
                  ? "entry " + lastSeq + " is"
                  : "entries " + (covered + 1) + ".." + lastSeq + " are")
              + " covered by no signed checkpoint");
    }
    if (covered > lastSeq) {
      find(
          covered,
          "a signed checkpoint covers size " + covered + " but the log ends at entry " + lastSeq);
    }
    if (!receipts.isEmpty() && receipts.lastKey() > lastSeq) {
      find(
          receipts.lastKey(),
          "a receipt covers size " + receipts.lastKey() + " but the log ends at entry " + lastSeq);
    }
    for (Map.Entry<Long, SignedNote> receipt : receipts.entrySet()) {
      String ours = checkpointTexts.get(receipt.getKey());
      if (ours != null && !ours.equals(receipt.getValue().text())) {
        find(
            receipt.getKey(),
            "receipt for size "
                + receipt.getKey()
                + " is over a different checkpoint than the one stored");
      }
    }
    if (suppressed > 0) {
      findings.add(new Finding(log.text(), 0, suppressed + " more findings not listed"));
    }
    return List.copyOf(findings);
  }

  /**
   * Settles the uninterpretable entries up to {@code size}: if a signed checkpoint of that size
   * matched the tree, their bytes are the ones the writer signed, and each is a finding that breaks
   * nothing; otherwise nothing vouches for them, and each is a problem.
   */
  private void vouch(long size, boolean signed) {
    while (!unvouched.isEmpty() && unvouched.peekFirst().seq() <= size) {
      Finding entry = unvouched.pollFirst();
      if (signed) {
        uninterpretable.add(entry);
      } else {
        find(
            entry.seq(),
            entry.reason()
                + ", and no signed checkpoint vouches for its bytes (the entry or the log was"
                + " changed)");
      }
    }
  }

  /**
   * The entries that cannot be interpreted but whose bytes a signed checkpoint vouches for: what
   * the writer signed and the reader received, stored as it arrived (docs/protocol.md §14). Valid
   * after {@link #finish}.
   */
  public List<Finding> uninterpretable() {
    return List.copyOf(uninterpretable);
  }

  /** The log this verifier checks. */
  LogOrigin log() {
    return log;
  }

  /** How many distinct entries were fed. */
  public long size() {
    return held;
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
