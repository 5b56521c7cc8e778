package org.hotline.record;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.hotline.crisis.Commitment;
import org.hotline.crisis.Incident;
import org.hotline.crisis.Parties;
import org.hotline.crisis.SharedObject;
import org.hotline.crisis.SharedState;
import org.hotline.crisis.StateHash;
import org.hotline.crisis.TimelineItem;
import org.hotline.crisis.Translation;
import org.hotline.identity.LogOrigin;
import org.hotline.link.LinkStore;
import org.hotline.link.MessageRecord;
import org.hotline.link.Proofs;
import org.hotline.link.entry.EntryCodec;
import org.hotline.link.entry.MessageId;
import org.hotline.transcript.MerkleProofs;

/**
 * The situation report of one incident (fields after OASIS EDXL-SitRep), as one JSON bundle: the
 * report's header, the incident, its timeline, its linked messages with their answers and
 * translations, its commitments, and for every entry its log, place and proof status. With proofs,
 * an appendix holds each entry's bytes, its inclusion proof and the signed checkpoint (or receipt)
 * it leads to, so that {@link SitrepVerifier} checks the report with the two identity cards alone.
 * The bundle's bytes are its RFC 8785 canonical JSON ({@link StateHash#canonicalJson}): one
 * spelling, one hash.
 */
public final class SituationReport {
  public static final String FORMAT = "hotline-sitrep";
  public static final int VERSION = 1;

  /** A report's version, as EDXL-SitRep names them. */
  public enum Version {
    INITIAL,
    UPDATE,
    FINAL
  }

  /** What a proof covers an entry with, as of the report. */
  public enum ProofStatus {
    /** A checkpoint signed by the writer and cosigned by the reader (a receipt) covers it. */
    RECEIPTED,
    /** Only the writer's signed checkpoint covers it: the reader has not receipted it yet. */
    SIGNED,
    /** No signed checkpoint covers it yet. */
    NOT_YET
  }

  /**
   * The report's own fields.
   *
   * @param number the report's number in the series for this incident, from 1
   * @param preparedBy who prepared it; null if not given
   * @param authorizedBy who authorized it; null if not given
   * @param nextContact when or how the next contact is expected, as text; null if not given
   */
  public record Header(
      long number, Version version, String preparedBy, String authorizedBy, String nextContact) {
    /** A name or a time in a report's header is one line; 200 holds any name and any plan. */
    public static final int TEXT_MAX = 200;

    /**
     * @throws org.hotline.InvalidInputException naming the field: a number below 1, or a text
     *     longer than {@link #TEXT_MAX} or not one line of text the record admits
     */
    public Header {
      if (number < 1) {
        throw new org.hotline.InvalidInputException(
            "number", "the report number must be 1 or more");
      }
      java.util.Objects.requireNonNull(version, "version");
      text("prepared_by", preparedBy);
      text("authorized_by", authorizedBy);
      text("next_contact", nextContact);
    }

    private static void text(String field, String value) {
      if (value != null && value.length() > TEXT_MAX) {
        throw new org.hotline.InvalidInputException(
            field, field + ": at most " + TEXT_MAX + " characters, not " + value.length());
      }
      org.hotline.text.TextPolicy.admit(field, value, org.hotline.text.TextPolicy.Lines.ONE);
    }
  }

  private final LinkStore store;
  private final boolean withProofs;
  private final Map<String, Map<String, Object>> proofs = new TreeMap<>();

  private SituationReport(LinkStore store, boolean withProofs) {
    this.store = store;
    this.withProofs = withProofs;
  }

  /**
   * Finds {@code incident} among the shared objects of the link whose log from this node is {@code
   * ours}, as of the logs' stored sizes; empty if that link does not hold it.
   */
  public static Optional<SharedState> stateHolding(
      LinkStore store, LogOrigin ours, MessageId incident) {
    long ourSize = store.logHead(ours).map(LinkStore.LogHead::size).orElse(0L);
    long theirSize = store.logHead(ours.reversed()).map(LinkStore.LogHead::size).orElse(0L);
    SharedState state =
        SharedState.asOf(
            new Parties(ours.writer(), ours.reader()),
            store.changes(ours),
            ourSize,
            theirSize,
            org.hotline.crisis.MessagePlaces.of(store));
    return state.object(name(incident)).isPresent() ? Optional.of(state) : Optional.empty();
  }

  /**
   * The bundle of {@code incident}, which {@code state} holds, as a map for the canonical writer.
   */
  public static Map<String, Object> build(
      LinkStore store,
      SharedState state,
      MessageId incident,
      Header header,
      Instant now,
      boolean withProofs) {
    return new SituationReport(store, withProofs).bundle(state, incident, header, now);
  }

  /** The bundle's bytes: its RFC 8785 canonical JSON. */
  public static byte[] bytes(Map<String, Object> bundle) {
    return StateHash.canonicalJson(bundle);
  }

  static String name(MessageId incident) {
    return "incident/" + incident;
  }

  private Map<String, Object> bundle(SharedState state, MessageId id, Header header, Instant now) {
    Incident incident = (Incident) state.object(name(id)).orElseThrow();
    Map<String, Object> bundle = new LinkedHashMap<>();
    bundle.put("format", FORMAT);
    bundle.put("version", VERSION);
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("number", header.number());
    report.put("version", header.version().name());
    report.put("prepared_by", header.preparedBy());
    report.put("authorized_by", header.authorizedBy());
    report.put("next_contact", header.nextContact());
    report.put("time_of_report", EntryCodec.timestamp(now));
    report.put("prepared_at", state.parties().self().value());
    bundle.put("report", report);
    bundle.put("parties", List.of(state.parties().self().value(), state.parties().peer().value()));
    bundle.put("as_of", new LinkedHashMap<String, Object>(state.asOfShown()));
    bundle.put("incident", object(incident));
    bundle.put("timeline", timeline(incident));
    List<Object> messages = new ArrayList<>();
    for (MessageId message : incident.messages()) {
      messages.add(message(state, message));
    }
    bundle.put("messages", messages);
    List<Object> commitments = new ArrayList<>();
    for (MessageId commitmentId : incident.commitments()) {
      state
          .object("commitment/" + commitmentId)
          .ifPresent(
              object -> {
                Commitment commitment = (Commitment) object;
                Map<String, Object> shown = object(commitment);
                shown.put("overdue", commitment.overdueAt(now));
                shown.put("timeline", timeline(commitment));
                commitments.add(shown);
              });
    }
    bundle.put("commitments", commitments);
    if (withProofs) {
      bundle.put("proofs", new ArrayList<Object>(proofs.values()));
    }
    return bundle;
  }

  /** The object's canonical fields and state hash, without its timeline. */
  private static Map<String, Object> object(SharedObject object) {
    Map<String, Object> shown = new LinkedHashMap<>(object.canonical());
    shown.remove("timeline");
    shown.put("state_hash", object.stateHash());
    return shown;
  }

  private List<Object> timeline(SharedObject object) {
    List<Object> items = new ArrayList<>();
    for (TimelineItem item : object.timeline()) {
      Map<String, Object> shown = new LinkedHashMap<>(item.shown());
      shown.put("proof", proof(LogOrigin.parse(item.log()), item.seq()));
      items.add(shown);
    }
    return items;
  }

  private Map<String, Object> message(SharedState state, MessageId id) {
    Map<String, Object> shown = new LinkedHashMap<>();
    shown.put("id", id.toString());
    Optional<MessageRecord> stored = store.message(id);
    if (stored.isEmpty()) {
      shown.put("missing", true);
      return shown;
    }
    MessageRecord message = stored.get();
    LogOrigin log = new LogOrigin(message.from(), message.to());
    shown.put("from", message.from().value());
    shown.put("to", message.to().value());
    shown.put("created", EntryCodec.timestamp(message.created()));
    shown.put("subject", message.draft().subject());
    shown.put("precedence", message.draft().precedence().name());
    shown.put("status", message.draft().status().name());
    shown.put("state", message.state().name());
    shown.put("log", log.text());
    shown.put("seq", message.seq());
    shown.put("proof", proof(log, message.seq()));
    List<Object> answers = new ArrayList<>();
    for (LinkStore.ResponseRecord response : store.responses(id)) {
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("id", response.entryId().toString());
      answer.put("kind", response.kind().name());
      answer.put("by", response.by());
      answer.put("note", response.note());
      answer.put("at", EntryCodec.timestamp(response.at()));
      answer.put("log", response.log());
      long seq = response.seq() == null ? 0 : response.seq();
      answer.put("seq", seq);
      answer.put("proof", proof(LogOrigin.parse(response.log()), seq));
      answers.add(answer);
    }
    shown.put("answers", answers);
    shown.put("translations", translations(state, id));
    return shown;
  }

  /**
   * How the message's reader read it (docs/notifications.md, translations): each translation with
   * its disputes, each a change with its place and proof, so that the report's reader checks who
   * said what against the signed entries.
   */
  private List<Object> translations(SharedState state, MessageId message) {
    List<Object> shown = new ArrayList<>();
    Optional<Translation> translation = state.translations(message);
    if (translation.isEmpty()) {
      return shown;
    }
    Map<MessageId, TimelineItem> changes = new java.util.HashMap<>();
    translation.get().timeline().forEach(item -> changes.put(item.id(), item));
    for (Translation.Reading reading : translation.get().readings()) {
      Map<String, Object> item = placed(changes.get(reading.id()));
      item.put("language", reading.language());
      item.put("text", reading.text());
      item.put("field", reading.field().orElse(null));
      item.put("by", reading.by());
      item.put("party", reading.party().value());
      item.put("at", EntryCodec.timestamp(reading.at()));
      List<Object> disputes = new ArrayList<>();
      for (Translation.Dispute dispute : reading.disputes()) {
        Map<String, Object> disputed = placed(changes.get(dispute.id()));
        disputed.put("note", dispute.note());
        disputed.put("by", dispute.by());
        disputed.put("party", dispute.party().value());
        disputed.put("at", EntryCodec.timestamp(dispute.at()));
        disputes.add(disputed);
      }
      item.put("disputes", disputes);
      shown.add(item);
    }
    return shown;
  }

  /** A change's id, place and proof, to which its fields are added. */
  private Map<String, Object> placed(TimelineItem change) {
    Map<String, Object> shown = new LinkedHashMap<>();
    shown.put("id", change.id().toString());
    shown.put("log", change.log());
    shown.put("seq", change.seq());
    shown.put("proof", proof(LogOrigin.parse(change.log()), change.seq()));
    return shown;
  }

  /**
   * The proof status of entry {@code seq} of {@code log}, and with proofs its proof in the
   * appendix: against the receipt covering it, or the writer's checkpoint while none does.
   */
  private Map<String, Object> proof(LogOrigin log, long seq) {
    Map<String, Object> status = new LinkedHashMap<>();
    if (seq < 1) {
      status.put("status", ProofStatus.NOT_YET.name());
      return status;
    }
    Optional<LinkStore.Receipt> receipt = store.receiptCovering(log, seq);
    long size;
    String note;
    if (receipt.isPresent()) {
      size = receipt.get().size();
      note = receipt.get().cosignedNote();
    } else {
      var next = store.nextCheckpointSize(log, seq - 1);
      if (next.isEmpty()) {
        status.put("status", ProofStatus.NOT_YET.name());
        return status;
      }
      size = next.getAsLong();
      note = store.checkpoint(log, size).orElseThrow();
    }
    status.put("status", (receipt.isPresent() ? ProofStatus.RECEIPTED : ProofStatus.SIGNED).name());
    status.put("checkpoint_size", size);
    if (withProofs) {
      String key = log.text() + "#" + String.format("%020d", seq);
      if (!proofs.containsKey(key)) {
        byte[] entry = store.entries(log, seq, seq).get(0).bytes();
        Base64.Encoder base64 = Base64.getEncoder();
        Map<String, Object> proof = new LinkedHashMap<>();
        proof.put("log", log.text());
        proof.put("seq", seq);
        proof.put("entry", base64.encodeToString(entry));
        proof.put("size", size);
        proof.put(
            "inclusion_proof",
            MerkleProofs.inclusionProof(seq - 1, size, Proofs.storedTree(store, log)).stream()
                .map(base64::encodeToString)
                .toList());
        proof.put("checkpoint", note);
        proof.put("receipted", receipt.isPresent());
        proofs.put(key, proof);
      }
    }
    return status;
  }
}
