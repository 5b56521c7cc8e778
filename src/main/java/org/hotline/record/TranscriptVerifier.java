package org.hotline.record;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hotline.Json;
import org.hotline.identity.IdentityCard;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.ChangeEntry;
import org.hotline.link.entry.Entry;
import org.hotline.transcript.NoteVerifier;

/**
 * {@code hotline verify-export}: checks a {@link TranscriptFile} with no database and no running
 * node. The keys come from the identity cards in the file or, better, from cards obtained
 * independently: a reviewer who trusts neither party needs only the two cards. Not thread-safe.
 */
public final class TranscriptVerifier {
  /**
   * Entries kept in memory for the readable rendering; a larger transcript is checked but not
   * rendered.
   */
  public static final int RENDERED_ENTRIES_MAX = 100_000;

  private static final ObjectMapper JSON = Json.mapper();

  /** One entry as the reviewer sees it, with what the record proves about it. */
  public record CheckedEntry(
      String log, long seq, Entry entry, boolean signed, boolean receipted, String problem) {}

  /**
   * The outcome. {@code entries} is empty when the transcript is larger than {@link
   * #RENDERED_ENTRIES_MAX}. {@code witnessed}: per trusted witness and log, the largest checkpoint
   * it validly cosigned. {@code uninterpretable}: entries a signed checkpoint vouches for that
   * cannot be interpreted, findings that do not make the record broken (docs/record.md). {@code
   * shared}: per link whose logs hold changes, its shared objects as {@code hotline verify}
   * recomputes them, at the logs' sizes in the file; empty unless the file verifies, since a state
   * computed from entries no signature vouches for proves nothing.
   */
  public record Result(
      TranscriptFile.Header header,
      List<IdentityCard> cards,
      long entryCount,
      List<CheckedEntry> entries,
      List<Finding> findings,
      List<WitnessCheck.Witnessed> witnessed,
      List<Finding> uninterpretable,
      List<RecordVerifier.SharedObjects> shared) {
    public Result(
        TranscriptFile.Header header,
        List<IdentityCard> cards,
        long entryCount,
        List<CheckedEntry> entries,
        List<Finding> findings) {
      this(header, cards, entryCount, entries, findings, List.of(), List.of(), List.of());
    }

    public boolean ok() {
      return findings.isEmpty();
    }
  }

  /**
   * Checks the transcript read from {@code in}, each log's entries against its checkpoints and
   * receipts under the parties' keys; every problem found is a finding in the result.
   *
   * @param givenCards cards obtained independently; empty to use the ones in the file
   */
  public Result verify(InputStream in, List<IdentityCard> givenCards) throws IOException {
    return verify(in, givenCards, List.of());
  }

  /**
   * Checks the transcript as {@link #verify(InputStream, List)} does, and also the cosignatures of
   * the witnesses given.
   *
   * @param givenCards cards obtained independently; empty to use the ones in the file
   * @param witnessKeys keys of witnesses the reviewer trusts, obtained from their operators: each
   *     must have validly cosigned some checkpoint in the file; cosignatures by other keys are only
   *     checked for form
   */
  public Result verify(
      InputStream in, List<IdentityCard> givenCards, List<NoteVerifier> witnessKeys)
      throws IOException {
    List<Finding> findings = new ArrayList<>();
    List<Finding> uninterpretable = new ArrayList<>();
    List<CheckedEntry> rendered = new ArrayList<>();
    Map<String, LogVerifier> verifiers = new LinkedHashMap<>();
    Map<String, Map<Long, String>> checkpoints = new HashMap<>();
    Map<String, Map<Long, String>> receipts = new HashMap<>();
    Map<String, List<RecordStore.WitnessCosignature>> witnessCosignatures = new LinkedHashMap<>();
    // In the order of the log lines: a link is reported as seen from its first log in the file.
    Map<String, Long> claimedSizes = new LinkedHashMap<>();
    Map<LogOrigin, List<ChangeEntry>> changes = new HashMap<>();
    Map<org.hotline.link.entry.MessageId, org.hotline.crisis.MessagePlaces.Place> messages =
        new HashMap<>();
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    String first = reader.readLine();
    if (first == null) {
      return new Result(
          null, List.of(), 0, List.of(), List.of(new Finding("", 0, "the file is empty")));
    }
    TranscriptFile.Header header;
    try {
      header = JSON.readValue(first, TranscriptFile.Header.class);
    } catch (IOException | RuntimeException e) {
      return new Result(
          null,
          List.of(),
          0,
          List.of(),
          List.of(
              new Finding(
                  "", 0, "line 1 is not a transcript header: " + firstLine(e.getMessage()))));
    }
    if (!TranscriptFile.FORMAT.equals(header.format())
        || header.version() != TranscriptFile.VERSION) {
      return new Result(
          header,
          List.of(),
          0,
          List.of(),
          List.of(
              new Finding(
                  "",
                  0,
                  "not a "
                      + TranscriptFile.FORMAT
                      + " version "
                      + TranscriptFile.VERSION
                      + " file")));
    }
    Map<PartyId, IdentityCard> cards = cards(header, givenCards, findings);
    long lineNumber = 1;
    long entries = 0;
    boolean ended = false;
    Base64.Decoder base64 = Base64.getDecoder();
    for (String text = reader.readLine(); text != null; text = reader.readLine()) {
      lineNumber++;
      if (ended) {
        findings.add(new Finding("", 0, "line " + lineNumber + " follows the end line"));
        break;
      }
      TranscriptFile.Line line;
      try {
        line = JSON.readValue(text, TranscriptFile.Line.class);
      } catch (IOException | RuntimeException e) {
        findings.add(
            new Finding(
                "",
                0,
                "line " + lineNumber + " is not a transcript line: " + firstLine(e.getMessage())));
        continue;
      }
      String type = line.type() == null ? "" : line.type();
      switch (type) {
        case "log" -> claimedSizes.put(line.log(), line.size() == null ? -1 : line.size());
        case "checkpoint", "receipt" -> {
          if (verifiers.containsKey(line.log())) {
            findings.add(
                new Finding(
                    String.valueOf(line.log()),
                    0,
                    "line " + lineNumber + ": a " + type + " after the entries of its log"));
          } else if (line.size() == null || line.note() == null) {
            findings.add(
                new Finding(
                    String.valueOf(line.log()),
                    0,
                    "line " + lineNumber + ": a " + type + " without size or note"));
          } else {
            (type.equals("checkpoint") ? checkpoints : receipts)
                .computeIfAbsent(line.log(), k -> new TreeMap<>())
                .put(line.size(), line.note());
          }
        }
        case "witness-cosignature" -> {
          if (verifiers.containsKey(line.log())) {
            findings.add(
                new Finding(
                    String.valueOf(line.log()),
                    0,
                    "line " + lineNumber + ": a witness cosignature after the entries of its log"));
          } else if (line.size() == null || line.cosignature() == null) {
            findings.add(
                new Finding(
                    String.valueOf(line.log()),
                    0,
                    "line " + lineNumber + ": a witness cosignature without size or cosignature"));
          } else {
            witnessCosignatures
                .computeIfAbsent(line.log(), k -> new ArrayList<>())
                .add(
                    new RecordStore.WitnessCosignature(
                        line.size(), String.valueOf(line.witness()), line.cosignature()));
          }
        }
        case "entry" -> {
          LogVerifier verifier =
              verifiers.computeIfAbsent(
                  line.log(), log -> newVerifier(log, cards, checkpoints, receipts, findings));
          if (verifier == null) {
            continue;
          }
          byte[] bytes;
          try {
            bytes = base64.decode(line.entry());
          } catch (IllegalArgumentException | NullPointerException e) {
            findings.add(
                new Finding(
                    line.log(),
                    line.seq() == null ? 0 : line.seq(),
                    "entry on line " + lineNumber + " is not base64"));
            continue;
          }
          LogVerifier.Inspected inspected =
              LogVerifier.inspect(verifier.log(), line.seq() == null ? 0 : line.seq(), bytes, null);
          Entry entry = verifier.accept(inspected);
          if (entry != null) {
            RecordVerifier.collectChange(verifier.log(), inspected, changes, messages);
          }
          entries++;
          if (rendered.size() < RENDERED_ENTRIES_MAX) {
            rendered.add(new CheckedEntry(line.log(), line.seq(), entry, false, false, null));
          }
        }
        case "end" -> {
          ended = true;
          if (line.lines() == null || line.lines() != lineNumber - 1) {
            findings.add(
                new Finding(
                    "",
                    0,
                    "the end line counts "
                        + line.lines()
                        + " lines before it, the file has "
                        + (lineNumber - 1)));
          }
        }
        default ->
            findings.add(
                new Finding("", 0, "line " + lineNumber + " has unknown type '" + type + "'"));
      }
    }
    if (!ended) {
      findings.add(
          new Finding("", 0, "the file has no end line: it is truncated after line " + lineNumber));
    }
    for (Map.Entry<String, Long> claimed : claimedSizes.entrySet()) {
      LogVerifier verifier =
          verifiers.computeIfAbsent(
              claimed.getKey(), log -> newVerifier(log, cards, checkpoints, receipts, findings));
      if (verifier != null) {
        List<Finding> logFindings = verifier.finish(claimed.getValue(), null);
        findings.addAll(logFindings);
        uninterpretable.addAll(verifier.uninterpretable());
      }
    }
    for (String log : verifiers.keySet()) {
      if (!claimedSizes.containsKey(log)) {
        findings.add(new Finding(log, 0, "entries of this log appear without its log line"));
      }
    }
    List<WitnessCheck.Witnessed> witnessed = new ArrayList<>();
    for (Map.Entry<String, List<RecordStore.WitnessCosignature>> log :
        witnessCosignatures.entrySet()) {
      WitnessCheck.check(
          log.getKey(),
          checkpoints.getOrDefault(log.getKey(), Map.of()),
          log.getValue(),
          witnessKeys,
          findings,
          witnessed);
    }
    findings.addAll(WitnessCheck.absent(witnessKeys, witnessed));
    List<CheckedEntry> checked = new ArrayList<>(rendered.size());
    Map<String, Map<Long, String>> problemsBySeq = new HashMap<>();
    for (Finding finding : findings) {
      if (finding.seq() > 0) {
        problemsBySeq
            .computeIfAbsent(finding.log(), k -> new HashMap<>())
            .merge(finding.seq(), finding.reason(), (a, b) -> a + "; " + b);
      }
    }
    for (CheckedEntry entry : rendered) {
      LogVerifier verifier = verifiers.get(entry.log());
      boolean signed = verifier != null && entry.seq() <= verifier.signedSize();
      boolean receipted = verifier != null && entry.seq() <= verifier.receiptedSize();
      String problem = problemsBySeq.getOrDefault(entry.log(), Map.of()).get(entry.seq());
      checked.add(
          new CheckedEntry(entry.log(), entry.seq(), entry.entry(), signed, receipted, problem));
    }
    return new Result(
        header,
        List.copyOf(cards.values()),
        entries,
        rendered.size() < RENDERED_ENTRIES_MAX ? checked : List.of(),
        findings,
        witnessed,
        uninterpretable,
        findings.isEmpty() ? shared(verifiers, claimedSizes, changes, messages) : List.of());
  }

  /**
   * The shared objects of each link whose logs hold changes, recomputed from the change entries of
   * the file alone at the sizes its log lines give: what {@code hotline verify} prints on either
   * node holding the same sizes of both logs.
   */
  private static List<RecordVerifier.SharedObjects> shared(
      Map<String, LogVerifier> verifiers,
      Map<String, Long> claimedSizes,
      Map<LogOrigin, List<ChangeEntry>> changes,
      Map<org.hotline.link.entry.MessageId, org.hotline.crisis.MessagePlaces.Place> messages) {
    Map<LogOrigin, Long> sizes = new HashMap<>();
    List<LogOrigin> logs = new ArrayList<>();
    // Called only for a file without findings: every log line then has its verifier.
    for (Map.Entry<String, Long> claimed : claimedSizes.entrySet()) {
      LogOrigin log = verifiers.get(claimed.getKey()).log();
      logs.add(log);
      sizes.put(log, claimed.getValue());
    }
    return RecordVerifier.linksWithChanges(logs, changes, messages::get).stream()
        .map(link -> link.recompute(sizes))
        .toList();
  }

  private static Map<PartyId, IdentityCard> cards(
      TranscriptFile.Header header, List<IdentityCard> given, List<Finding> findings) {
    Map<PartyId, IdentityCard> cards = new LinkedHashMap<>();
    if (header.parties() != null) {
      header.parties().forEach(card -> cards.put(card.party(), card));
    }
    for (IdentityCard card : given) {
      IdentityCard inFile = cards.get(card.party());
      if (inFile != null && !inFile.signingKey().equals(card.signingKey())) {
        findings.add(
            new Finding(
                "",
                0,
                "line 1: the card of "
                    + card.party()
                    + " in the file has a different signing key than the card given; using the card given"));
      }
      cards.put(card.party(), card);
    }
    return cards;
  }

  private static LogVerifier newVerifier(
      String logText,
      Map<PartyId, IdentityCard> cards,
      Map<String, Map<Long, String>> checkpoints,
      Map<String, Map<Long, String>> receipts,
      List<Finding> findings) {
    LogOrigin log;
    try {
      log = LogOrigin.parse(logText);
    } catch (RuntimeException e) {
      findings.add(new Finding(String.valueOf(logText), 0, "not a log origin"));
      return null;
    }
    IdentityCard writer = cards.get(log.writer());
    IdentityCard reader = cards.get(log.reader());
    if (writer == null || reader == null) {
      findings.add(
          new Finding(
              logText,
              0,
              "no identity card for " + (writer == null ? log.writer() : log.reader())));
      return null;
    }
    return new LogVerifier(
        log,
        writer.verifier(),
        reader.verifier(),
        checkpoints.getOrDefault(logText, Map.of()),
        receipts.getOrDefault(logText, Map.of()));
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
