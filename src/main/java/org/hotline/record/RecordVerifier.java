package org.hotline.record;

import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.hotline.crisis.Parties;
import org.hotline.crisis.SharedState;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.link.LinkStore;
import org.hotline.link.MessageRecord;
import org.hotline.link.entry.ChangeEntry;
import org.hotline.link.entry.Draft;
import org.hotline.link.entry.Entry;
import org.hotline.link.entry.EntryCodec;
import org.hotline.link.entry.MessageEntry;
import org.hotline.transcript.NoteVerifier;

/**
 * {@code hotline verify}: re-checks everything a node stores. Every direction log is rebuilt from
 * its entries and compared with every signed checkpoint and cosigned receipt; every message row the
 * API would show is compared with the signed entry it claims to be. Each log is read as of one
 * moment, so the node may keep running.
 *
 * <p>Each log is read in ranges of consecutive entries by one worker per core, and each entry is
 * checked on its own there (decoded, hashed, compared with its message row); the calling thread
 * extends the tree with the results in sequence order ({@link OrderedPipeline}), so every core
 * works and the checks that need the order still see every entry in place. Signatures are checked
 * once per checkpoint and receipt, not per entry. Thread-safe.
 */
public final class RecordVerifier {
  /**
   * Threads that read, decode, hash and compare entries: one per core. The calling thread extends
   * the tree with their results; it does far less per entry.
   */
  static final int THREADS = Runtime.getRuntime().availableProcessors();

  /**
   * Entries a worker reads in one query: large enough that the query's start costs nothing, small
   * enough to spread the log evenly over the workers.
   */
  static final int RANGE_ENTRIES = 2_048;

  /** Ranges read ahead of the tree: bounds memory to tens of MB whatever the size of the log. */
  static final int RANGES_IN_FLIGHT_MAX = 2 * THREADS;

  private final RecordStore store;
  private final Function<PartyId, NoteVerifier> keys;

  /**
   * @param keys the verifier key of a party (ours or a pinned peer's), or null if unknown
   */
  public RecordVerifier(RecordStore store, Function<PartyId, NoteVerifier> keys) {
    this.store = store;
    this.keys = keys;
  }

  /**
   * The outcome: what was checked, what is wrong ({@code findings}), and the entries stored as
   * their writer signed them that cannot be interpreted ({@code uninterpretable}): findings that do
   * not make the record broken.
   */
  public record Report(
      long logs,
      long entries,
      long checkpoints,
      long receipts,
      List<Finding> findings,
      List<Finding> uninterpretable,
      List<SharedObjects> shared) {
    public boolean ok() {
      return findings.isEmpty();
    }
  }

  /**
   * The shared objects of one link as the signed change entries of its two logs make them
   * (docs/protocol.md §20), recomputed by {@code verify}: how many of each kind, how many changes
   * were refused, and the link's state hash at the logs' sizes, which both parties can compare.
   */
  public record SharedObjects(
      String link,
      Map<String, Long> sizes,
      long incidents,
      long commitments,
      long concerns,
      long refused,
      String stateHash) {}

  public Report verify() {
    List<Finding> findings = new ArrayList<>();
    Map<LogOrigin, List<ChangeEntry>> signedChanges = new java.util.HashMap<>();
    Map<LogOrigin, Long> sizes = new java.util.HashMap<>();
    List<Finding> uninterpretable = new ArrayList<>();
    long entries = 0;
    long checkpoints = 0;
    long receipts = 0;
    LongAdder withMessageRows = new LongAdder();
    List<LogOrigin> logs = store.logs();
    for (LogOrigin log : logs) {
      NoteVerifier writer = keys.apply(log.writer());
      NoteVerifier reader = keys.apply(log.reader());
      if (writer == null || reader == null) {
        findings.add(
            new Finding(
                log.text(),
                0,
                "no key known for "
                    + (writer == null ? log.writer() : log.reader())
                    + "; cannot check this log"));
        continue;
      }
      LogVerifier verifier =
          store.snapshot(
              view -> {
                LogVerifier logVerifier =
                    new LogVerifier(log, writer, reader, view.checkpoints(log), view.receipts(log));
                LinkStore.LogHead head = view.head(log);
                Map<Long, String> recorded = view.uninterpretable(log);
                // Entries up to the size of this moment are written once and never change: workers
                // read them on connections of their own. What lies beyond is read in this snapshot.
                try (OrderedPipeline<SeqRange, List<LogVerifier.Inspected>> pipeline =
                    new OrderedPipeline<>(
                        THREADS,
                        1,
                        RANGES_IN_FLIGHT_MAX,
                        range -> read(store, log, range, recorded, withMessageRows),
                        inspected ->
                            inspected.forEach(
                                one -> {
                                  logVerifier.accept(one);
                                  collectChange(log, one, signedChanges);
                                }))) {
                  ranges(head.size()).forEach(pipeline::add);
                  pipeline.finish();
                }
                read(
                        view,
                        log,
                        new SeqRange(Math.max(1, head.size() + 1), Long.MAX_VALUE),
                        recorded,
                        withMessageRows)
                    .forEach(
                        one -> {
                          logVerifier.accept(one);
                          collectChange(log, one, signedChanges);
                        });
                sizes.put(log, head.size());
                findings.addAll(logVerifier.finish(head.size(), head.frontier()));
                uninterpretable.addAll(logVerifier.uninterpretable());
                checkWitnesses(view, log, findings);
                return logVerifier;
              });
      entries += verifier.size();
      checkpoints += verifier.checkpointCount();
      receipts += verifier.receiptCount();
    }
    // Every message row streamed with its entry was counted; only if some were not is the
    // costlier search for rows without entries needed.
    List<MessageRecord> orphans =
        store.placedMessageCount() == withMessageRows.sum()
            ? List.of()
            : store.messagesWithoutEntries();
    for (MessageRecord orphan : orphans) {
      findings.add(
          new Finding(
              "hotline/" + orphan.from() + "/" + orphan.to(),
              orphan.seq(),
              "message " + orphan.id() + " claims this place but the log holds no entry there"));
    }
    List<SharedObjects> shared = shared(logs, signedChanges, sizes, findings);
    return new Report(
        logs.size(), entries, checkpoints, receipts, findings, uninterpretable, shared);
  }

  /**
   * Keeps the entry if it is a change that can be interpreted and has no problem of its own: only
   * such changes make the shared state.
   */
  static void collectChange(
      LogOrigin log, LogVerifier.Inspected inspected, Map<LogOrigin, List<ChangeEntry>> changes) {
    if (inspected.entry() instanceof ChangeEntry change
        && inspected.uninterpretable() == null
        && inspected.problems().isEmpty()) {
      changes.computeIfAbsent(log, ignored -> new ArrayList<>()).add(change);
    }
  }

  /**
   * For each link whose logs hold changes: the shared state recomputed from the signed entries
   * alone, and a finding for every change the node stores otherwise than its entry says (what the
   * node shows would then differ from what was signed).
   */
  private List<SharedObjects> shared(
      List<LogOrigin> logs,
      Map<LogOrigin, List<ChangeEntry>> signedChanges,
      Map<LogOrigin, Long> sizes,
      List<Finding> findings) {
    List<SharedObjects> shared = new ArrayList<>();
    for (LinkChanges link : linksWithChanges(logs, signedChanges)) {
      compareStored(link.ours(), link.mine(), link.theirs(), findings);
      shared.add(link.recompute(sizes));
    }
    return shared;
  }

  /**
   * The signed changes of one link: {@code mine} in the log {@code ours}, {@code theirs} in its
   * reverse, each in log order.
   */
  record LinkChanges(LogOrigin ours, List<ChangeEntry> mine, List<ChangeEntry> theirs) {
    /**
     * The link's shared state as these changes make it at the logs' {@code sizes} (a log not in
     * {@code sizes} is empty), with {@link #ours} as this side: what {@code verify} and {@code
     * verify-export} report.
     */
    SharedObjects recompute(Map<LogOrigin, Long> sizes) {
      List<LinkStore.ChangeRecord> records = new ArrayList<>();
      for (int i = 0; i < mine.size(); i++) {
        records.add(new LinkStore.ChangeRecord(mine.get(i), false, i + 1L));
      }
      for (int i = 0; i < theirs.size(); i++) {
        records.add(new LinkStore.ChangeRecord(theirs.get(i), true, i + 1L));
      }
      long ourSize = sizes.getOrDefault(ours, 0L);
      long theirSize = sizes.getOrDefault(ours.reversed(), 0L);
      SharedState state =
          SharedState.asOf(new Parties(ours.writer(), ours.reader()), records, ourSize, theirSize);
      Map<String, Long> shownSizes = new java.util.LinkedHashMap<>();
      shownSizes.put(ours.text(), ourSize);
      shownSizes.put(ours.reversed().text(), theirSize);
      return new SharedObjects(
          ours.writer() + "/" + ours.reader(),
          shownSizes,
          state.all(org.hotline.crisis.Incident.class).size(),
          state.all(org.hotline.crisis.Commitment.class).size(),
          state.all(org.hotline.crisis.Concern.class).size(),
          state.refused().size(),
          state.stateHash());
    }
  }

  /**
   * The links among {@code logs} whose logs hold changes, each once, as seen from the first of its
   * two logs in {@code logs}.
   */
  static List<LinkChanges> linksWithChanges(
      List<LogOrigin> logs, Map<LogOrigin, List<ChangeEntry>> signedChanges) {
    List<LinkChanges> links = new ArrayList<>();
    java.util.Set<LogOrigin> done = new java.util.HashSet<>();
    for (LogOrigin ours : logs) {
      if (done.contains(ours) || done.contains(ours.reversed())) {
        continue;
      }
      done.add(ours);
      List<ChangeEntry> mine = signedChanges.getOrDefault(ours, List.of());
      List<ChangeEntry> theirs = signedChanges.getOrDefault(ours.reversed(), List.of());
      if (!mine.isEmpty() || !theirs.isEmpty()) {
        links.add(new LinkChanges(ours, mine, theirs));
      }
    }
    return links;
  }

  /** Every placed change the node stores must be exactly the signed entry at its place. */
  private void compareStored(
      LogOrigin ours, List<ChangeEntry> mine, List<ChangeEntry> theirs, List<Finding> findings) {
    Map<org.hotline.link.entry.MessageId, ChangeEntry> signed = new java.util.HashMap<>();
    mine.forEach(change -> signed.put(change.id(), change));
    theirs.forEach(change -> signed.put(change.id(), change));
    // The store keeps each link's changes under its peer: whichever direction is this node's.
    List<LinkStore.ChangeRecord> kept = new ArrayList<>(store.changes(ours));
    kept.addAll(store.changes(ours.reversed()));
    for (LinkStore.ChangeRecord stored : kept) {
      if (!stored.placed()) {
        continue;
      }
      ChangeEntry entry = signed.get(stored.entry().id());
      if (entry == null || !entry.equals(stored.entry())) {
        findings.add(
            new Finding(
                stored.entry().log().text(),
                stored.entry().seq(),
                "change "
                    + stored.entry().id()
                    + (entry == null
                        ? " is stored as placed here, but the log holds no such change"
                        : " is stored otherwise than its signed entry says")));
      }
    }
  }

  /**
   * Witness cosignatures this node stored over its own checkpoints must still verify, against the
   * witness key each was verified with when it was stored.
   */
  private static void checkWitnesses(RecordStore view, LogOrigin log, List<Finding> findings) {
    List<RecordStore.WitnessCosignature> cosignatures = view.witnessCosignatures(log);
    if (cosignatures.isEmpty()) {
      return;
    }
    List<NoteVerifier> witnesses = new ArrayList<>();
    for (String key :
        cosignatures.stream().map(RecordStore.WitnessCosignature::witness).distinct().toList()) {
      try {
        witnesses.add(NoteVerifier.parse(key));
      } catch (IllegalArgumentException e) {
        findings.add(
            new Finding(
                log.text(),
                0,
                "a witness cosignature is stored with a key that is not a verifier key: " + key));
      }
    }
    WitnessCheck.check(
        log.text(), view.checkpoints(log), cosignatures, witnesses, findings, new ArrayList<>());
  }

  /** Entries {@code [from, to)}. */
  record SeqRange(long from, long to) {}

  /**
   * Ranges of at most {@link #RANGE_ENTRIES} covering every stored entry up to {@code size},
   * including any stored below 1; what lies beyond {@code size} is for the caller.
   */
  static List<SeqRange> ranges(long size) {
    List<SeqRange> ranges = new ArrayList<>();
    long from = Long.MIN_VALUE;
    for (long next = 1 + RANGE_ENTRIES; next <= size; next += RANGE_ENTRIES) {
      ranges.add(new SeqRange(from, next));
      from = next;
    }
    ranges.add(new SeqRange(from, size + 1));
    return ranges;
  }

  /** Reads and inspects one range, on a worker thread. */
  private static List<LogVerifier.Inspected> read(
      RecordStore from,
      LogOrigin log,
      SeqRange range,
      Map<Long, String> recorded,
      LongAdder withMessageRows) {
    List<LogVerifier.Inspected> inspected = new ArrayList<>();
    from.entries(
        log,
        range.from(),
        range.to(),
        entry -> {
          if (entry.message() != null || entry.messageProblem() != null) {
            withMessageRows.increment();
          }
          inspected.add(inspect(from, log, entry, recorded.get(entry.seq())));
        });
    return inspected;
  }

  /**
   * Everything about one stored entry that needs no other entry: run on the worker threads. An
   * entry recorded as uninterpretable ({@code recordedReason} not null) with no message row at its
   * place is one this node received and could not interpret: there is no row to compare. (A row
   * there is one of our own messages that the peer could not read: compared as any other.)
   */
  private static LogVerifier.Inspected inspect(
      RecordStore from, LogOrigin log, RecordStore.RecordedEntry recorded, String recordedReason) {
    LogVerifier.Inspected inspected =
        LogVerifier.inspect(log, recorded.seq(), recorded.bytes(), recorded.leafHash());
    // A recorded reason counts only where this node's own reader also cannot take the entry as
    // it stands: it does not decode, or it is a message that has no row. An answer, link test
    // or deadline-missed entry that decodes is compared as any other, whoever recorded it.
    if (recordedReason != null
        && recorded.message() == null
        && recorded.messageProblem() == null
        && (inspected.uninterpretable() != null
            || inspected.entry() instanceof org.hotline.link.entry.MessageEntry)) {
      return inspected.uninterpretable(
          inspected.uninterpretable() != null ? inspected.uninterpretable() : recordedReason);
    }
    String problem = compare(from, recorded, inspected.entry());
    if (problem != null) {
      inspected.problems().add(problem);
    }
    return inspected;
  }

  /**
   * What the API would show must be exactly what was signed; returns what differs, or null. A row
   * that holds exactly the signed values is not parsed: the API would show them as they are. Any
   * other row is read as the API reads it, which names the fields that differ.
   */
  static String compare(RecordStore from, RecordStore.RecordedEntry recorded, Entry entry) {
    if (!(entry instanceof MessageEntry signed)) {
      return null;
    }
    RecordStore.MessageRow row = recorded.message();
    if (row == null) {
      return recorded.messageProblem() != null
          ? unreadable(signed, recorded.messageProblem())
          : "message " + signed.id() + " is in the log but has no message row";
    }
    if (holdsSigned(row, signed, recorded.bytes())) {
      return null;
    }
    MessageRecord shown;
    try {
      shown = from.message(row.cursor());
    } catch (RuntimeException e) {
      return unreadable(signed, e.getMessage());
    }
    List<String> differences = shown.differencesFrom(signed);
    return differences.isEmpty()
        ? null
        : "message "
            + signed.id()
            + " as stored for display differs from the signed entry in "
            + String.join(", ", differences);
  }

  private static String unreadable(MessageEntry signed, String why) {
    return "message " + signed.id() + " as stored for display is unreadable: " + why;
  }

  /**
   * Whether the row's columns are the signed values themselves, as {@link
   * MessageRecord#differencesFrom} compares them ({@code created} to the millisecond). The API only
   * parses these columns, so it then shows exactly what was signed. The body is compared as bytes
   * with the signed entry's where the entry holds it as plain ASCII, else as the text the API
   * decodes.
   *
   * @param entry the signed entry's bytes, which {@code signed} was decoded from
   */
  static boolean holdsSigned(RecordStore.MessageRow row, MessageEntry signed, byte[] entry) {
    Draft draft = signed.draft();
    if (row.body() == null) {
      return false;
    }
    return row.seq() == signed.seq()
        && row.precedenceRank() == draft.precedence().rank()
        && signed.from().value().equals(row.from())
        && signed.to().value().equals(row.to())
        && draft.status().name().equals(row.status())
        && draft.language().equals(row.language())
        && draft.subject().equals(row.subject())
        && (EntryCodec.endsWithBody(entry, draft.body(), row.body())
            || draft.body().equals(new String(row.body(), StandardCharsets.UTF_8)))
        && draft.channel().equals(row.channel())
        && signed.seen() == row.seen()
        && Objects.equals(draft.template(), row.template())
        && signed.created().equals(row.created().truncatedTo(ChronoUnit.MILLIS))
        && signed.id().toString().equals(row.id())
        && Objects.equals(
            draft.inReplyTo() == null ? null : draft.inReplyTo().toString(), row.inReplyTo());
  }
}
