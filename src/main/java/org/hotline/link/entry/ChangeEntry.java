package org.hotline.link.entry;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.hotline.InvalidInputException;
import org.hotline.identity.LogOrigin;

/**
 * A change to a shared object of the link (an incident, a commitment, a concern): what its writer's
 * node accepted from one of its people, signed and on the record like a message. The link carries
 * it and checks only its form; what it means, and whether it is valid where its author stood, is
 * the {@code crisis} package's (docs/protocol.md §20). A change the crisis rules refuse is still an
 * entry of the log: it stays in the record as evidence and never stops the link.
 *
 * @param id this entry's own id (UUIDv7); for a change that creates an object, also the object's id
 * @param created when the writer's node accepted the change
 * @param object the object changed, {@code <type>/<uuid>}, for example {@code incident/0193…}, or
 *     {@code channel/<name>} for a channel, which is named by a word
 * @param op what the change does, a lower-case word such as {@code open}, {@code severity}
 * @param seen the size of the other direction's log (reader to writer) that the writer's node had
 *     received when it accepted the change
 * @param by who made the change, as the writing node names its user ({@code api} for a program)
 * @param data the change's arguments: names of lower-case ASCII, values a string, an integer or a
 *     list of strings; sorted by name
 */
public record ChangeEntry(
    LogOrigin log,
    long seq,
    MessageId id,
    Instant created,
    String object,
    String op,
    long seen,
    String by,
    SortedMap<String, Object> data)
    implements Entry {

  /** The kind of a change entry on the wire. */
  public static final String KIND = "change";

  /**
   * An object is named by its type and a UUID; types are short lower-case words. A channel, which
   * exists by its name on every link, is named by that word instead: {@code channel/military}.
   */
  private static final Pattern OBJECT =
      Pattern.compile(
          "(?!channel/)[a-z][a-z-]{0,31}/[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
              + "|channel/[a-z][a-z0-9-]{0,31}");

  /** The type of the objects named by a word ({@link #OBJECT}), not by a UUID. */
  public static final String CHANNEL_TYPE = "channel";

  /** An operation, and an argument's name: a short lower-case word. */
  private static final Pattern WORD = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

  /** A change has a handful of arguments. */
  public static final int DATA_FIELDS_MAX = 16;

  /** A list argument (linked messages) holds at most this many strings. */
  public static final int LIST_ITEMS_MAX = 1_000;

  /** A string argument: a note of 16 KiB of UTF-8 is at most 16,384 UTF-16 code units. */
  public static final int STRING_CHARS_MAX = 16 * 1024;

  /** A list item is an id or a short name. */
  public static final int ITEM_CHARS_MAX = 64;

  /**
   * Checks the form (never the meaning): throws {@link InvalidInputException} naming the field. The
   * data is copied into an unmodifiable sorted map; lists into unmodifiable lists.
   */
  public ChangeEntry {
    if (created == null) {
      throw new InvalidInputException("entry", "a change has a creation time");
    }
    if (object == null || !OBJECT.matcher(object).matches()) {
      throw new InvalidInputException(
          "entry", "change field 'object' must be <type>/<UUIDv7>, not " + quote(object));
    }
    if (op == null || !WORD.matcher(op).matches()) {
      throw new InvalidInputException(
          "entry", "change field 'op' must be a lower-case word, not " + quote(op));
    }
    if (seen < 0) {
      throw new InvalidInputException(
          "entry", "change field 'seen' must be an integer >= 0, not " + seen);
    }
    if (by == null
        || by.isBlank()
        || by.length() > ResponseEntry.BY_LENGTH_MAX
        || by.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidInputException(
          "by",
          "who made the change must be 1 to "
              + ResponseEntry.BY_LENGTH_MAX
              + " printable characters");
    }
    data = copy(data);
  }

  private static SortedMap<String, Object> copy(Map<String, Object> data) {
    if (data == null) {
      throw new InvalidInputException("entry", "change field 'data' is missing");
    }
    if (data.size() > DATA_FIELDS_MAX) {
      throw new InvalidInputException(
          "entry", "a change has at most " + DATA_FIELDS_MAX + " arguments, not " + data.size());
    }
    TreeMap<String, Object> copy = new TreeMap<>();
    for (Map.Entry<String, Object> field : data.entrySet()) {
      String name = field.getKey();
      if (name == null || !WORD.matcher(name).matches()) {
        throw new InvalidInputException(
            "entry", "a change argument's name must be a lower-case word, not " + quote(name));
      }
      copy.put(name, value(name, field.getValue()));
    }
    return Collections.unmodifiableSortedMap(copy);
  }

  private static Object value(String name, Object value) {
    return switch (value) {
      case String text -> {
        if (text.length() > STRING_CHARS_MAX) {
          throw new InvalidInputException(
              "entry",
              "change argument '"
                  + name
                  + "' is "
                  + text.length()
                  + " characters, the limit is "
                  + STRING_CHARS_MAX);
        }
        yield text;
      }
      case Long number -> number;
      case Integer number -> number.longValue();
      case List<?> list -> {
        if (list.size() > LIST_ITEMS_MAX) {
          throw new InvalidInputException(
              "entry",
              "change argument '" + name + "' lists more than " + LIST_ITEMS_MAX + " items");
        }
        for (Object item : list) {
          if (!(item instanceof String text) || text.length() > ITEM_CHARS_MAX) {
            throw new InvalidInputException(
                "entry",
                "change argument '"
                    + name
                    + "' must list strings of at most "
                    + ITEM_CHARS_MAX
                    + " characters");
          }
        }
        yield List.copyOf(list);
      }
      case null, default ->
          throw new InvalidInputException(
              "entry",
              "change argument '" + name + "' must be a string, an integer or a list of strings");
    };
  }

  private static String quote(String text) {
    return text == null ? "nothing" : "'" + Precedence.clip(text) + "'";
  }

  /** The object's type: {@code incident} of {@code incident/0193…}. */
  public String objectType() {
    return object.substring(0, object.indexOf('/'));
  }

  /**
   * The object's id: {@code 0193…} of {@code incident/0193…}. A channel has none: ask {@link
   * #objectType()} first.
   */
  public MessageId objectId() {
    return MessageId.parse(object.substring(object.indexOf('/') + 1));
  }

  /**
   * What the change says, for a reader of the record: {@code Change to incident/0193…: severity
   * {"severity":4} by duty officer (had seen 12 entries of hotline/cn/us)}. The crisis rules say
   * whether it was valid.
   */
  public String describe() {
    StringBuilder arguments = new StringBuilder();
    for (Map.Entry<String, Object> field : data.entrySet()) {
      arguments.append(arguments.isEmpty() ? "" : ", ").append(field.getKey()).append('=');
      Object value = field.getValue();
      String text = value instanceof List<?> list ? list.size() + " items" : String.valueOf(value);
      arguments.append(text.length() > 80 ? text.substring(0, 79) + "…" : text);
    }
    return "Change to "
        + object
        + ": "
        + op
        + (arguments.isEmpty() ? "" : " (" + arguments + ")")
        + " by "
        + by
        + ", having seen "
        + seen
        + " entries of "
        + log.reversed().text();
  }

  @Override
  public Entry withSeq(long newSeq) {
    return new ChangeEntry(log, newSeq, id, created, object, op, seen, by, data);
  }
}
