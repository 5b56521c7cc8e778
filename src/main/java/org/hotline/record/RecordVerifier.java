package org.hotline.record;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.link.Entry;
import org.hotline.link.LinkStore;
import org.hotline.link.MessageEntry;
import org.hotline.link.MessageRecord;
import org.hotline.transcript.NoteVerifier;

/**
 * {@code hotline verify}: re-checks everything a node stores. Every direction log is rebuilt from
 * its entries and compared with every signed checkpoint and cosigned receipt; every message row the
 * API would show is compared with the signed entry it claims to be. Each log is read as of one
 * moment, so the node may keep running. Thread-safe.
 */
public final class RecordVerifier {
  private final RecordStore store;
  private final Function<PartyId, NoteVerifier> keys;

  /**
   * @param keys the verifier key of a party (ours or a pinned peer's), or null if unknown
   */
  public RecordVerifier(RecordStore store, Function<PartyId, NoteVerifier> keys) {
    this.store = store;
    this.keys = keys;
  }

  /** The outcome: what was checked and what is wrong. */
  public record Report(
      long logs, long entries, long checkpoints, long receipts, List<Finding> findings) {
    public boolean ok() {
      return findings.isEmpty();
    }
  }

  public Report verify() {
    List<Finding> findings = new ArrayList<>();
    long entries = 0;
    long checkpoints = 0;
    long receipts = 0;
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
                view.entries(
                    log,
                    recorded -> {
                      Entry entry =
                          logVerifier.entry(recorded.seq(), recorded.bytes(), recorded.leafHash());
                      compare(logVerifier, recorded, entry);
                    });
                LinkStore.LogHead head = view.head(log);
                findings.addAll(logVerifier.finish(head.size(), head.frontier()));
                checkWitnesses(view, log, findings);
                return logVerifier;
              });
      entries += verifier.size();
      checkpoints += verifier.checkpointCount();
      receipts += verifier.receiptCount();
    }
    for (MessageRecord orphan : store.messagesWithoutEntries()) {
      findings.add(
          new Finding(
              "hotline/" + orphan.from() + "/" + orphan.to(),
              orphan.seq(),
              "message " + orphan.id() + " claims this place but the log holds no entry there"));
    }
    return new Report(logs.size(), entries, checkpoints, receipts, findings);
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
    for (String key : cosignatures.stream().map(RecordStore.WitnessCosignature::witness).distinct().toList()) {
      try {
        witnesses.add(NoteVerifier.parse(key));
      } catch (IllegalArgumentException e) {
        findings.add(new Finding(log.text(), 0, "a witness cosignature is stored with a key that is not a verifier key: " + key));
      }
    }
    WitnessCheck.check(log.text(), view.checkpoints(log), cosignatures, witnesses, findings, new ArrayList<>());
  }

  /** What the API would show must be exactly what was signed. */
  static void compare(LogVerifier verifier, RecordStore.RecordedEntry recorded, Entry entry) {
    if (!(entry instanceof MessageEntry signed)) {
      return;
    }
    MessageRecord shown = recorded.message();
    if (shown == null) {
      verifier.find(
          recorded.seq(),
          recorded.messageProblem() != null
              ? "message "
                  + signed.id()
                  + " as stored for display is unreadable: "
                  + recorded.messageProblem()
              : "message " + signed.id() + " is in the log but has no message row");
      return;
    }
    List<String> differences = shown.differencesFrom(signed);
    if (!differences.isEmpty()) {
      verifier.find(
          recorded.seq(),
          "message "
              + signed.id()
              + " as stored for display differs from the signed entry in "
              + String.join(", ", differences));
    }
  }
}
