package org.hotline.record;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.hotline.InvalidInputException;
import org.hotline.Json;
import org.hotline.crisis.StateHash;
import org.hotline.identity.IdentityCard;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.ChangeEntry;
import org.hotline.link.entry.Entry;
import org.hotline.link.entry.EntryCodec;
import org.hotline.link.entry.MessageEntry;
import org.hotline.link.entry.ResponseEntry;
import org.hotline.transcript.Checkpoint;
import org.hotline.transcript.Cosignature;
import org.hotline.transcript.MerkleHash;
import org.hotline.transcript.MerkleProofs;
import org.hotline.transcript.NoteVerifier;
import org.hotline.transcript.SignedNote;
import org.hotline.transcript.TranscriptFormatException;

/**
 * {@code hotline verify-sitrep}: checks a {@link SituationReport} bundle with its proofs appendix
 * against the two identity cards alone. Every entry the report shows (timeline item, message,
 * answer) must have a proof in the appendix that leads from its exact signed bytes to a checkpoint
 * signed by its writer (and, if the report says receipted, cosigned by its reader), and what the
 * report says of it must be what the entry says. Not thread-safe.
 */
public final class SitrepVerifier {
  /** Findings listed at most; a report broken throughout is evident long before. */
  public static final int FINDINGS_MAX = 1_000;

  /**
   * The outcome: {@code entries} checked, and every problem found.
   *
   * @param sha256 the SHA-256 of the bundle's bytes, hex
   */
  public record Result(String sha256, long entries, List<String> findings) {
    public boolean ok() {
      return findings.isEmpty();
    }
  }

  private final List<String> findings = new ArrayList<>();
  private final Map<String, Entry> proved = new HashMap<>();
  private final Map<String, Boolean> receipted = new HashMap<>();
  private long checked;

  /** The SHA-256 of {@code bundle}, hex, as a report embeds and an issued report records. */
  public static String sha256(byte[] bundle) {
    try {
      return HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bundle));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** Checks {@code bundle} against {@code cards}, one per party of the report. */
  public static Result verify(byte[] bundle, List<IdentityCard> cards) {
    return new SitrepVerifier().check(bundle, cards);
  }

  private Result check(byte[] bytes, List<IdentityCard> cards) {
    String sha256 = sha256(bytes);
    Map<String, Object> bundle;
    try {
      bundle = Json.mapper().readValue(bytes, new TypeReference<Map<String, Object>>() {});
    } catch (IOException e) {
      return new Result(sha256, 0, List.of("the bundle is not JSON: " + firstLine(e)));
    }
    try {
      if (!Arrays.equals(StateHash.canonicalJson(bundle), bytes)) {
        finding("the bundle is not in its canonical form (RFC 8785): it was edited or rewritten");
      }
    } catch (RuntimeException e) {
      finding("the bundle holds a value a report cannot hold: " + e.getMessage());
    }
    if (!SituationReport.FORMAT.equals(bundle.get("format"))
        || !Integer.valueOf(SituationReport.VERSION).equals(bundle.get("version"))) {
      finding("the file is not a situation report of version " + SituationReport.VERSION);
      return new Result(sha256, 0, List.copyOf(findings));
    }
    Map<PartyId, NoteVerifier> keys = new HashMap<>();
    for (IdentityCard card : cards) {
      keys.put(card.party(), card.verifier());
    }
    try {
      if (!(bundle.get("proofs") instanceof List<?> proofs)) {
        finding("the bundle has no proofs appendix (write it with --proofs)");
        return new Result(sha256, 0, List.copyOf(findings));
      }
      for (Object proof : proofs) {
        proof(map(proof), keys);
      }
      for (Object item : list(bundle.get("timeline"))) {
        change(map(item));
      }
      consistent("the incident", map(bundle.get("incident")), list(bundle.get("timeline")));
      for (Object commitment : list(bundle.get("commitments"))) {
        for (Object item : list(map(commitment).get("timeline"))) {
          change(map(item));
        }
        consistent(
            "commitment " + map(commitment).get("id"),
            map(commitment),
            list(map(commitment).get("timeline")));
      }
      for (Object message : list(bundle.get("messages"))) {
        message(map(message));
      }
    } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
      finding("the bundle is malformed: " + e.getMessage());
    }
    return new Result(sha256, checked, List.copyOf(findings));
  }

  /** Checks one proof of the appendix and records the entry it proves. */
  private void proof(Map<String, Object> proof, Map<PartyId, NoteVerifier> keys) {
    String logName = (String) proof.get("log");
    long seq = number(proof.get("seq"));
    long size = number(proof.get("size"));
    String where = logName + " #" + seq;
    LogOrigin log;
    try {
      log = LogOrigin.parse(logName);
    } catch (RuntimeException e) {
      finding(where + ": the log name is malformed");
      return;
    }
    NoteVerifier writer = keys.get(log.writer());
    NoteVerifier reader = keys.get(log.reader());
    if (writer == null || reader == null) {
      finding(
          where + ": no identity card given for " + (writer == null ? log.writer() : log.reader()));
      return;
    }
    SignedNote note;
    Checkpoint checkpoint;
    try {
      note = SignedNote.parse((String) proof.get("checkpoint"));
      checkpoint = Checkpoint.parse(note.text());
    } catch (TranscriptFormatException e) {
      finding(where + ": the checkpoint is malformed: " + e.getMessage());
      return;
    }
    if (!checkpoint.origin().equals(logName) || checkpoint.size() != size) {
      finding(
          where + ": the checkpoint is for " + checkpoint.origin() + " size " + checkpoint.size());
      return;
    }
    if (!note.verifiedBy(writer)) {
      finding(where + ": the checkpoint for size " + size + " is not signed by " + log.writer());
      return;
    }
    boolean cosigned = Boolean.TRUE.equals(proof.get("receipted"));
    if (cosigned
        && note.signatures().stream()
            .noneMatch(
                signature ->
                    signature.keyName().equals(reader.keyName())
                        && Cosignature.verify(checkpoint, signature, reader))) {
      finding(
          where
              + ": the receipt for size "
              + size
              + " has no valid cosignature by "
              + log.reader());
      return;
    }
    Base64.Decoder base64 = Base64.getDecoder();
    byte[] bytes = base64.decode((String) proof.get("entry"));
    List<byte[]> path =
        list(proof.get("inclusion_proof")).stream()
            .map(hash -> base64.decode((String) hash))
            .toList();
    if (seq < 1
        || seq > size
        || !MerkleProofs.verifyInclusion(
            seq - 1, size, MerkleHash.leaf(bytes), path, checkpoint.root())) {
      finding(where + ": the entry does not lead to the signed root of size " + size);
      return;
    }
    Entry entry;
    try {
      entry = EntryCodec.decode(bytes);
    } catch (InvalidInputException e) {
      finding(where + ": the entry does not decode: " + e.getMessage());
      return;
    }
    if (!entry.log().text().equals(logName) || entry.seq() != seq) {
      finding(where + ": the entry claims " + entry.log().text() + " #" + entry.seq());
      return;
    }
    proved.put(logName + "#" + seq, entry);
    receipted.put(logName + "#" + seq, cosigned);
  }

  /** The entry a shown item stands for, proved; null (with a finding) if it is not. */
  private Entry provedEntry(Map<String, Object> item, String what) {
    String log = (String) item.get("log");
    long seq = number(item.get("seq"));
    String key = log + "#" + seq;
    Map<String, Object> status = map(item.get("proof"));
    Entry entry = proved.get(key);
    if (entry == null) {
      finding(
          what + " at " + log + " #" + seq + " has no valid proof (" + status.get("status") + ")");
      return null;
    }
    boolean claimsReceipted =
        SituationReport.ProofStatus.RECEIPTED.name().equals(status.get("status"));
    if (claimsReceipted && !receipted.get(key)) {
      finding(what + " at " + log + " #" + seq + " is shown as receipted, but its proof is not");
    }
    checked++;
    return entry;
  }

  private void change(Map<String, Object> item) {
    String what = "change " + item.get("id");
    Entry entry = provedEntry(item, what);
    if (entry == null) {
      return;
    }
    List<String> differences = new ArrayList<>();
    if (!(entry instanceof ChangeEntry change)) {
      finding(what + ": the proved entry is not a change");
      return;
    }
    differ(differences, "id", item.get("id"), change.id().toString());
    differ(differences, "party", item.get("party"), change.log().writer().value());
    differ(differences, "by", item.get("by"), change.by());
    differ(differences, "at", item.get("at"), EntryCodec.timestamp(change.created()));
    differ(differences, "op", item.get("op"), change.op());
    Object data = item.get("data");
    if (!(data instanceof Map<?, ?>)
        || !Arrays.equals(
            StateHash.canonicalJson(Map.of("data", data)),
            StateHash.canonicalJson(Map.of("data", change.data())))) {
      differences.add("data");
    }
    report(what, differences);
  }

  /**
   * The object's fields and timeline as shown must give the state hash shown (protocol.md §20.5):
   * an entry left out of the timeline, or a field changed, is evident even where no entry proves
   * it.
   */
  private void consistent(String what, Map<String, Object> shown, List<?> timeline) {
    Map<String, Object> canonical = new java.util.LinkedHashMap<>(shown);
    Object stateHash = canonical.remove("state_hash");
    canonical.remove("overdue");
    List<Object> items = new ArrayList<>();
    for (Object item : timeline) {
      Map<String, Object> hashed = new java.util.LinkedHashMap<>(map(item));
      hashed.remove("reason");
      hashed.remove("proof");
      items.add(hashed);
    }
    canonical.put("timeline", items);
    if (!StateHash.of(canonical).equals(stateHash)) {
      finding(what + ": its fields and timeline as shown do not give its state hash " + stateHash);
    }
  }

  private void message(Map<String, Object> shown) {
    String what = "message " + shown.get("id");
    if (Boolean.TRUE.equals(shown.get("missing"))) {
      finding(what + " is linked but not in the report");
      return;
    }
    Entry entry = provedEntry(shown, what);
    if (entry instanceof MessageEntry message) {
      List<String> differences = new ArrayList<>();
      differ(differences, "id", shown.get("id"), message.id().toString());
      differ(differences, "from", shown.get("from"), message.from().value());
      differ(differences, "to", shown.get("to"), message.to().value());
      differ(differences, "created", shown.get("created"), EntryCodec.timestamp(message.created()));
      differ(differences, "subject", shown.get("subject"), message.draft().subject());
      differ(
          differences, "precedence", shown.get("precedence"), message.draft().precedence().name());
      differ(differences, "status", shown.get("status"), message.draft().status().name());
      report(what, differences);
    } else if (entry != null) {
      finding(what + ": the proved entry is not a message");
    }
    for (Object answer : list(shown.get("answers"))) {
      Map<String, Object> item = map(answer);
      String about = "answer " + item.get("id") + " to " + what;
      Entry answered = provedEntry(item, about);
      if (answered instanceof ResponseEntry response) {
        List<String> differences = new ArrayList<>();
        differ(differences, "id", item.get("id"), response.id().toString());
        differ(differences, "message", shown.get("id"), response.message().toString());
        differ(differences, "kind", item.get("kind"), response.kind().name());
        differ(differences, "by", item.get("by"), response.by());
        differ(differences, "note", item.get("note"), response.note());
        differ(differences, "at", item.get("at"), EntryCodec.timestamp(response.created()));
        report(about, differences);
      } else if (answered != null) {
        finding(about + ": the proved entry is not an answer");
      }
    }
    for (Object translation : list(shown.get("translations"))) {
      Map<String, Object> item = map(translation);
      String about = "translation " + item.get("id") + " of " + what;
      translationChange(item, about, "translate", shown.get("id"));
      for (Object dispute : list(item.get("disputes"))) {
        translationChange(
            map(dispute),
            "dispute " + map(dispute).get("id") + " of " + about,
            "dispute",
            shown.get("id"));
      }
    }
  }

  /**
   * A translation or a dispute shown in the report must be the change its proof leads to: a {@code
   * op} change on the message's translations, with the same arguments, author and time.
   */
  private void translationChange(
      Map<String, Object> item, String about, String op, Object message) {
    Entry proved = provedEntry(item, about);
    if (proved instanceof org.hotline.link.entry.ChangeEntry change) {
      List<String> differences = new ArrayList<>();
      differ(differences, "id", item.get("id"), change.id().toString());
      differ(differences, "message", "translation/" + message, change.object());
      differ(differences, "op", op, change.op());
      differ(differences, "by", item.get("by"), change.by());
      differ(differences, "at", item.get("at"), EntryCodec.timestamp(change.created()));
      for (String argument :
          op.equals("translate") ? List.of("language", "text") : List.of("note")) {
        differ(differences, argument, item.get(argument), change.data().get(argument));
      }
      if (op.equals("translate")) {
        differ(
            differences,
            "field",
            String.valueOf(item.get("field")),
            String.valueOf(change.data().get("field")));
      }
      report(about, differences);
    } else if (proved != null) {
      finding(about + ": the proved entry is not a change");
    }
  }

  private static void differ(List<String> differences, String field, Object shown, Object signed) {
    if (!signed.equals(shown)) {
      differences.add(field);
    }
  }

  private void report(String what, List<String> differences) {
    if (!differences.isEmpty()) {
      finding(what + " differs from its signed entry in " + String.join(", ", differences));
    }
  }

  private void finding(String text) {
    if (findings.size() < FINDINGS_MAX) {
      findings.add(text);
    }
  }

  @SuppressWarnings("unchecked") // JSON objects parse as maps with string keys
  private static Map<String, Object> map(Object value) {
    if (!(value instanceof Map<?, ?>)) {
      throw new IllegalArgumentException("expected an object, found " + value);
    }
    return (Map<String, Object>) value;
  }

  private static List<?> list(Object value) {
    if (!(value instanceof List<?> items)) {
      throw new IllegalArgumentException("expected a list, found " + value);
    }
    return items;
  }

  private static long number(Object value) {
    if (!(value instanceof Number number) || value instanceof Double || value instanceof Float) {
      throw new IllegalArgumentException("expected an integer, found " + value);
    }
    return number.longValue();
  }

  private static String firstLine(Exception e) {
    String message = String.valueOf(e.getMessage());
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }
}
