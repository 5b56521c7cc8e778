package org.hotline.crisis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.EntryCodec;
import org.hotline.link.entry.MessageId;
import org.hotline.text.TextPolicy;

/**
 * The translations of one message, shown back to its author (docs/protocol.md §20.10,
 * docs/notifications.md): the message's reader says how it read the message's free text, in its own
 * language ({@code translate}); the message's author may answer that a translation is wrong ({@code
 * dispute}). The original is always the authoritative text: a translation is a statement of how it
 * was read, never a replacement. Named by the message's id, created by no change: it exists once a
 * change names it, and only for a message in the link's logs ({@link SharedState} refuses a change
 * naming any other id before it reaches this object).
 */
public final class Translation extends SharedObject {
  /** A translation's text: what a change argument carries, 16 KiB of UTF-8 and more. */
  public static final int TEXT_CHARS_MAX = org.hotline.link.entry.ChangeEntry.STRING_CHARS_MAX;

  /** A dispute's note: a short paragraph saying what was misread. */
  public static final int NOTE_CHARS_MAX = 2000;

  /** A language tag: BCP 47 tags in use are short; this bounds the longest with subtags. */
  public static final int LANGUAGE_CHARS_MAX = 35;

  /** A JSON Pointer to a free-text field: a template's field names are short, one array level. */
  public static final int FIELD_CHARS_MAX = 200;

  /** Translations of one message: a few languages, a few corrections; beyond is not reading. */
  public static final int TRANSLATIONS_MAX = 50;

  /** Disputes of one translation: a disagreement that needs more belongs on a message. */
  public static final int DISPUTES_MAX = 20;

  /** A BCP 47 language tag, as a message's {@code language} (docs/protocol.md §3.1). */
  static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,4}");

  /**
   * A JSON Pointer (RFC 6901) of at least one token: {@code /description}, {@code /units/0/name}.
   */
  static final Pattern FIELD = Pattern.compile("(/([^~/]|~[01])*)+");

  /** A dispute of a translation by the message's author. */
  public record Dispute(MessageId id, PartyId party, String by, Instant at, String note) {
    Map<String, Object> canonical() {
      Map<String, Object> dispute = new LinkedHashMap<>();
      dispute.put("id", id.toString());
      dispute.put("party", party.value());
      dispute.put("by", by);
      dispute.put("at", EntryCodec.timestamp(at));
      dispute.put("note", note);
      return dispute;
    }
  }

  /**
   * One translation: how the reader read the message's text (or the free-text field {@code field}),
   * in {@code language}, with the disputes of it, oldest first.
   */
  public record Reading(
      MessageId id,
      PartyId party,
      String by,
      Instant at,
      String language,
      String text,
      Optional<String> field,
      List<Dispute> disputes) {
    public Reading {
      disputes = List.copyOf(disputes);
    }

    Reading disputed(Dispute dispute) {
      List<Dispute> more = new ArrayList<>(disputes);
      more.add(dispute);
      return new Reading(id, party, by, at, language, text, field, more);
    }

    Map<String, Object> canonical() {
      Map<String, Object> reading = new LinkedHashMap<>();
      reading.put("id", id.toString());
      reading.put("party", party.value());
      reading.put("by", by);
      reading.put("at", EntryCodec.timestamp(at));
      reading.put("language", language);
      reading.put("text", text);
      reading.put("field", field.orElse(null));
      reading.put("disputes", disputes.stream().map(Dispute::canonical).toList());
      return reading;
    }
  }

  private final MessageId message;
  private final MessagePlaces.Place place;
  private final Map<MessageId, Reading> readings = new LinkedHashMap<>();

  /** The translations of {@code message}, placed at {@code place}, before any change. */
  Translation(Parties parties, MessageId message, MessagePlaces.Place place) {
    super(parties, null);
    this.message = message;
    this.place = place;
  }

  @Override
  public ObjectType type() {
    return ObjectType.TRANSLATION;
  }

  /** The id of the message translated, which names the object. */
  @Override
  public MessageId id() {
    return message;
  }

  /** The message's author: the party that may dispute its translations. */
  @Override
  public PartyId createdBy() {
    return author();
  }

  /** The message's author, the writer of the log that holds it. */
  public PartyId author() {
    return place.log().writer();
  }

  /** The message's reader: the party that may translate it. */
  public PartyId reader() {
    return place.log().reader();
  }

  @Override
  SharedObject fresh() {
    return new Translation(parties, message, place);
  }

  @Override
  void check(Change change, Links links) {
    PartyId party = change.party();
    Map<String, Object> data = change.entry().data();
    switch (change.entry().op()) {
      case "translate" -> {
        Args args = Args.of(data, Set.of("language", "text", "field"));
        language(args);
        args.text("text", TEXT_CHARS_MAX, TextPolicy.Lines.MULTI);
        if (args.has("field")) {
          field(args);
        }
        if (!party.equals(reader())) {
          throw new Refused(
              "only " + reader() + ", who received message " + message + ", may translate it");
        }
        if (change.entry().seen() < place.seq()) {
          throw new Refused(
              "message " + message + " had not been received where the change was made");
        }
        if (readings.size() >= TRANSLATIONS_MAX) {
          throw new Refused("message " + message + " has " + TRANSLATIONS_MAX + " translations");
        }
      }
      case "dispute" -> {
        Args args = Args.of(data, Set.of("of", "note"));
        MessageId of = args.id("of");
        args.text("note", NOTE_CHARS_MAX, TextPolicy.Lines.MULTI);
        if (!party.equals(author())) {
          throw new Refused(
              "only "
                  + author()
                  + ", who wrote message "
                  + message
                  + ", may dispute a translation");
        }
        Reading disputed = readings.get(of);
        if (disputed == null) {
          throw new Refused("of", "of: " + of + " is not a translation of message " + message);
        }
        if (disputed.disputes().size() >= DISPUTES_MAX) {
          throw new Refused("translation " + of + " has " + DISPUTES_MAX + " disputes");
        }
      }
      default -> throw new Refused("a translation has no operation '" + change.entry().op() + "'");
    }
  }

  private static void language(Args args) {
    String language = args.text("language", LANGUAGE_CHARS_MAX, TextPolicy.Lines.ONE);
    if (!LANGUAGE.matcher(language).matches()) {
      throw new Refused("language", "language: a BCP 47 tag such as zh or zh-Hans");
    }
  }

  private static void field(Args args) {
    String field = args.text("field", FIELD_CHARS_MAX, TextPolicy.Lines.ONE);
    if (!FIELD.matcher(field).matches()) {
      throw new Refused(
          "field", "field: a JSON Pointer (RFC 6901) to a free-text field, such as /description");
    }
  }

  @Override
  void apply(Change change) {
    var entry = change.entry();
    Map<String, Object> data = entry.data();
    switch (entry.op()) {
      case "translate" ->
          readings.put(
              entry.id(),
              new Reading(
                  entry.id(),
                  change.party(),
                  entry.by(),
                  entry.created(),
                  (String) data.get("language"),
                  (String) data.get("text"),
                  Optional.ofNullable((String) data.get("field")),
                  List.of()));
      case "dispute" -> {
        MessageId of = MessageId.parse((String) data.get("of"));
        readings.put(
            of,
            readings
                .get(of)
                .disputed(
                    new Dispute(
                        entry.id(),
                        change.party(),
                        entry.by(),
                        entry.created(),
                        (String) data.get("note"))));
      }
      default -> throw new IllegalStateException("checked: " + entry.op());
    }
  }

  /** A translation or dispute beyond its limit, reached by concurrent changes: no effect. */
  @Override
  void cross(Change change) {
    // each party's statements are its own; only the limits can cross, and then nothing happens
  }

  /** A translation has no lifecycle: it is a list of statements. */
  @Override
  Object lifecycle() {
    return true;
  }

  @Override
  boolean changesLifecycle(String op) {
    return false;
  }

  @Override
  Map<String, Object> fields() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("log", place.log().text());
    fields.put("seq", place.seq());
    fields.put("translations", readings.values().stream().map(Reading::canonical).toList());
    return fields;
  }

  /** The whole state as it is hashed: type, message, its place, translations, timeline. */
  @Override
  public Map<String, Object> canonical() {
    return canonicalNamed("message", message.toString());
  }

  /** The id of the message translated. */
  public MessageId message() {
    return message;
  }

  /** The translations, in merge order, each with its disputes. */
  public List<Reading> readings() {
    return Collections.unmodifiableList(new ArrayList<>(readings.values()));
  }
}
