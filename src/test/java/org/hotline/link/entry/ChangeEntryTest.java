package org.hotline.link.entry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.hotline.InvalidInputException;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The change entry (docs/protocol.md §3.7): thirteen fields in a fixed order, its arguments in one
 * canonical form (names sorted, values a string, an integer or a list of strings, each within its
 * limit), the text policy on every text of it in format 2, and a precise refusal for everything
 * else.
 */
class ChangeEntryTest {
  private static final LogOrigin US_TO_CN = new LogOrigin(PartyId.of("us"), PartyId.of("cn"));
  private static final MessageId ID = MessageId.parse("01930000-0000-7000-8000-000000000010");
  private static final Instant CREATED = Instant.parse("2026-11-28T09:40:00.125Z");
  private static final String OBJECT = "incident/" + ID;
  private static final String LINKED = "01930000-0000-7000-8000-000000000001";

  /** An incident opened, with an argument of each kind: a list, an integer and a string. */
  static final ChangeEntry ENTRY =
      with(Map.of("title", "Object over the border", "severity", 3L, "messages", List.of(LINKED)));

  /**
   * The canonical bytes of {@link #ENTRY}, the example of docs/protocol.md §3.7: the arguments'
   * names sorted, nothing between tokens.
   */
  static final String CANONICAL =
      "{\"v\":2,\"kind\":\"change\",\"log\":\"hotline/us/cn\",\"seq\":4,\"from\":\"us\",\"to\":\"cn\","
          + "\"id\":\"01930000-0000-7000-8000-000000000010\",\"created\":\"2026-11-28T09:40:00.125Z\","
          + "\"object\":\"incident/01930000-0000-7000-8000-000000000010\",\"op\":\"open\",\"seen\":2,"
          + "\"by\":\"duty officer\",\"data\":{\"messages\":[\""
          + LINKED
          + "\"],\"severity\":3,\"title\":\"Object over the border\"}}";

  private static byte[] inFormat(String text, int format) {
    return text.replace("{\"v\":2,", "{\"v\":" + format + ",").getBytes(UTF_8);
  }

  private static ChangeEntry with(Map<String, Object> data) {
    return change("duty officer", data);
  }

  /** A change to open {@link #OBJECT}, as {@link #ENTRY} but for who made it and its arguments. */
  private static ChangeEntry change(String by, Map<String, Object> data) {
    return new ChangeEntry(
        US_TO_CN, 4, ID, CREATED, OBJECT, "open", 2, by, data == null ? null : new TreeMap<>(data));
  }

  private static ChangeEntry withText(String by, String title, String item) {
    return change(by, Map.of("title", title, "messages", List.of(LINKED, item)));
  }

  /** {@link #CANONICAL} with its arguments replaced by {@code data}, a JSON object as written. */
  private static String withData(String data) {
    return CANONICAL.substring(0, CANONICAL.indexOf("\"data\":") + "\"data\":".length())
        + data
        + "}";
  }

  @Test
  void a_change_in_format_1_is_refused_since_its_text_must_keep_the_policy() {
    byte[] format1 = inFormat(CANONICAL, EntryCodec.FORMAT_1);
    assertThatThrownBy(() -> EntryCodec.decode(format1))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("a change entry is written in format 2 or later, not 1");
    assertThatThrownBy(() -> EntryCodec.checkSignable(ENTRY.withSeq(0), EntryCodec.FORMAT_1))
        .as("and no node queues one")
        .isInstanceOf(InvalidInputException.class);
  }

  @ParameterizedTest(name = "format {0}")
  @ValueSource(ints = {EntryCodec.FORMAT_2})
  void encodes_its_thirteen_fields_in_a_fixed_order_and_decodes_to_the_same_entry(int format) {
    byte[] canonical = inFormat(CANONICAL, format);
    assertThat(EntryCodec.encode(ENTRY, format)).isEqualTo(canonical);
    assertThat(EntryCodec.decode(canonical)).isEqualTo(ENTRY);
    assertThat(EntryCodec.decode(canonical, US_TO_CN)).isEqualTo(ENTRY);
    assertThat(CanonicalReader.read(canonical, null))
        .as("the fast reader leaves a change to the general one")
        .isNull();
    assertThat(CanonicalForm.matches(ENTRY, canonical, format)).isTrue();
    assertThat(EntryCodec.signable(ENTRY, format)).isEqualTo(canonical);
  }

  @Test
  void a_change_without_arguments_round_trips_with_an_empty_object() {
    ChangeEntry entry = with(Map.of());
    byte[] bytes = EntryCodec.signable(entry, EntryCodec.FORMAT_2);
    assertThat(new String(bytes, UTF_8)).isEqualTo(withData("{}"));
    assertThat(EntryCodec.decode(bytes)).isEqualTo(entry);
  }

  @Test
  void a_change_to_be_queued_is_checked_as_it_will_be_signed() {
    EntryCodec.checkSignable(ENTRY.withSeq(0), EntryCodec.FORMAT_2);
    assertThatThrownBy(
            () ->
                EntryCodec.checkSignable(
                    withText("duty officer", "a\u0001", LINKED).withSeq(0), EntryCodec.FORMAT_2))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("data.title: character 2 is a control character (U+0001)");
    assertThatThrownBy(
            () ->
                EntryCodec.checkSignable(
                    withText("duty officer", "lone \uD800", LINKED).withSeq(0),
                    EntryCodec.FORMAT_2))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("data.title: character 6 is an unpaired surrogate");
    assertThatThrownBy(() -> EntryCodec.checkSignable(ENTRY, EntryCodec.FORMAT_2))
        .as("a change is queued without its place")
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void its_arguments_are_kept_sorted_with_integers_as_longs_and_lists_unmodifiable() {
    Map<String, Object> data = new java.util.LinkedHashMap<>();
    data.put("title", "t");
    data.put("severity", 3);
    data.put("messages", new java.util.ArrayList<>(List.of(LINKED)));
    ChangeEntry entry = with(data);
    assertThat(entry.data().keySet()).containsExactly("messages", "severity", "title");
    assertThat(entry.data().get("severity")).isEqualTo(3L);
    assertThat(entry)
        .isEqualTo(
            with(new TreeMap<>(Map.of("title", "t", "severity", 3L, "messages", List.of(LINKED)))));
    assertThatThrownBy(() -> entry.data().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(entry.objectType()).isEqualTo("incident");
    assertThat(entry.objectId()).isEqualTo(ID);
  }

  @Test
  void arguments_at_their_limits_are_an_entry() {
    Map<String, Object> data = new TreeMap<>();
    for (int i = 0; i < ChangeEntry.DATA_FIELDS_MAX - 2; i++) {
      data.put("a" + i, (long) i);
    }
    data.put("note", "n".repeat(ChangeEntry.STRING_CHARS_MAX));
    data.put(
        "messages",
        Collections.nCopies(ChangeEntry.LIST_ITEMS_MAX, "m".repeat(ChangeEntry.ITEM_CHARS_MAX)));
    ChangeEntry entry = with(data);
    assertThat(EntryCodec.decode(EntryCodec.signable(entry, EntryCodec.FORMAT_2))).isEqualTo(entry);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedEntries")
  void decode_refuses_a_change_out_of_its_form_and_says_why(String json, String message) {
    assertThatThrownBy(() -> EntryCodec.decode(json.getBytes(UTF_8)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(message);
  }

  static Stream<Arguments> refusedEntries() {
    String seventeen =
        IntStream.range(0, ChangeEntry.DATA_FIELDS_MAX + 1)
            .mapToObj(i -> "\"a" + (char) ('a' + i) + "\":1")
            .collect(Collectors.joining(",", "{", "}"));
    String longList =
        IntStream.range(0, ChangeEntry.LIST_ITEMS_MAX + 1)
            .mapToObj(i -> "\"m\"")
            .collect(Collectors.joining(",", "{\"messages\":[", "]}"));
    return Stream.of(
        refused(
            "argument names out of order",
            withData("{\"title\":\"t\",\"severity\":3}"),
            "entry 4 is not in canonical form"),
        refused(
            "an argument named twice",
            withData("{\"severity\":3,\"severity\":4}"),
            "field 'severity' appears twice"),
        refused(
            "a fraction",
            withData("{\"severity\":3.5}"),
            "change argument 'severity' must be a string, an integer or a list of strings"),
        refused(
            "an integer written as a fraction",
            withData("{\"severity\":3.0}"),
            "change argument 'severity' must be a string, an integer or a list of strings"),
        refused(
            "a boolean",
            withData("{\"urgent\":true}"),
            "change argument 'urgent' must be a string, an integer or a list of strings"),
        refused(
            "null",
            withData("{\"lead\":null}"),
            "change argument 'lead' must be a string, an integer or a list of strings"),
        refused(
            "a nested object",
            withData("{\"lead\":{\"name\":\"x\"}}"),
            "change argument 'lead' must be a string, an integer or a list of strings"),
        refused(
            "an integer beyond 64 bits",
            withData("{\"severity\":92233720368547758070}"),
            "change argument 'severity' must be a string, an integer or a list of strings"),
        refused(
            "a list holding a number",
            withData("{\"messages\":[\"a\",1]}"),
            "change argument 'messages' must list strings"),
        refused(
            "a list holding a list",
            withData("{\"messages\":[[\"a\"]]}"),
            "change argument 'messages' must list strings"),
        refused(
            "an argument named in upper case",
            withData("{\"Title\":\"t\"}"),
            "a change argument's name must be a lower-case word, not 'Title'"),
        refused("data as a list", withData("[]"), "change field 'data' must be a JSON object"),
        refused(
            "seventeen arguments",
            withData(seventeen),
            "a change has at most 16 arguments, not 17"),
        refused(
            "a string over its limit",
            withData("{\"note\":\"" + "n".repeat(ChangeEntry.STRING_CHARS_MAX + 1) + "\"}"),
            "change argument 'note' is 16385 characters, the limit is 16384"),
        refused(
            "a list over its limit", withData(longList), "'messages' lists more than 1000 items"),
        refused(
            "a list item over its limit",
            withData("{\"messages\":[\"" + "m".repeat(ChangeEntry.ITEM_CHARS_MAX + 1) + "\"]}"),
            "change argument 'messages' must list strings of at most 64 characters"),
        refused(
            "an object that is not a UUID",
            CANONICAL.replace(OBJECT, "incident/not-a-uuid"),
            "change field 'object' must be <type>/<UUIDv7>, not 'incident/not-a-uuid'"),
        refused(
            "an object type in upper case",
            CANONICAL.replace(OBJECT, "Incident/" + ID),
            "change field 'object' must be <type>/<UUIDv7>, not 'Incident/"),
        refused(
            "an object id of UUID version 4",
            CANONICAL.replace(OBJECT, "incident/01930000-0000-4000-8000-000000000010"),
            "change field 'object' must be <type>/<UUIDv7>"),
        refused(
            "an object without a type",
            CANONICAL.replace(OBJECT, ID.toString()),
            "change field 'object' must be <type>/<UUIDv7>"),
        refused(
            "an op in upper case",
            CANONICAL.replace("\"op\":\"open\"", "\"op\":\"Open\""),
            "change field 'op' must be a lower-case word, not 'Open'"),
        refused(
            "an empty op",
            CANONICAL.replace("\"op\":\"open\"", "\"op\":\"\""),
            "change field 'op' must be a lower-case word, not ''"),
        refused(
            "a negative seen",
            CANONICAL.replace("\"seen\":2", "\"seen\":-1"),
            "change field 'seen' must be an integer >= 0"),
        refused(
            "seen as a fraction",
            CANONICAL.replace("\"seen\":2", "\"seen\":2.5"),
            "change field 'seen' must be an integer >= 0"),
        refused(
            "seen as text",
            CANONICAL.replace("\"seen\":2", "\"seen\":\"2\""),
            "change field 'seen' must be an integer >= 0"),
        refused(
            "no seen",
            CANONICAL.replace("\"seen\":2,", ""),
            "change field 'seen' must be an integer >= 0"),
        refused(
            "no data",
            CANONICAL.substring(0, CANONICAL.indexOf(",\"data\":")) + "}",
            "change field 'data' must be a JSON object"),
        refused(
            "no op",
            CANONICAL.replace("\"op\":\"open\",", ""),
            "entry field 'op' is missing or not a string"),
        refused(
            "no object",
            CANONICAL.replace("\"object\":\"" + OBJECT + "\",", ""),
            "entry field 'object' is missing or not a string"),
        refused(
            "no by",
            CANONICAL.replace("\"by\":\"duty officer\",", ""),
            "entry field 'by' is missing or not a string"),
        refused(
            "an extra field",
            CANONICAL.replace("\"data\"", "\"note\":\"x\",\"data\""),
            "unexpected field 'note' in change entry"),
        refused(
            "by empty",
            CANONICAL.replace("\"by\":\"duty officer\"", "\"by\":\"\""),
            "who made the change must be 1 to 64 printable characters"),
        refused(
            "by blank",
            CANONICAL.replace("\"by\":\"duty officer\"", "\"by\":\"   \""),
            "who made the change must be 1 to 64 printable characters"),
        refused(
            "by over its limit",
            CANONICAL.replace("\"by\":\"duty officer\"", "\"by\":\"" + "b".repeat(65) + "\""),
            "who made the change must be 1 to 64 printable characters"));
  }

  private static Arguments refused(String name, String json, String message) {
    return Arguments.of(Named.of(name, json), message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("textOutsideThePolicy")
  void a_change_whose_text_breaks_the_policy_is_refused_naming_where(
      ChangeEntry entry, String problem) {
    assertThatThrownBy(() -> EntryCodec.decode(EntryCodec.encode(entry, EntryCodec.FORMAT_2)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("entry 4: " + problem);
    assertThatThrownBy(() -> EntryCodec.checkSignable(entry.withSeq(0), EntryCodec.FORMAT_2))
        .as("and no node queues it in format 2")
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(problem);
  }

  static Stream<Arguments> textOutsideThePolicy() {
    return Stream.of(
        Arguments.of(
            Named.of("a line separator in by", withText("duty\u2028officer", "t", "m")),
            "by: character 5 is a line or paragraph separator in a one-line field"),
        Arguments.of(
            Named.of("a control character in a string argument", withText("d", "ti\u0007", "m")),
            "data.title: character 3 is a control character (U+0007)"),
        Arguments.of(
            Named.of("a lone carriage return in a string argument", withText("d", "a\rb", "m")),
            "data.title: character 2 is a carriage return not followed by a line feed"),
        Arguments.of(
            Named.of("a line break in a list item", withText("d", "t", "ab\n")),
            "data.messages[1]: character 3 is a line break in a one-line field"),
        Arguments.of(
            Named.of("a tab in a list item", withText("d", "t", "\tm")),
            "data.messages[1]: character 1 is a tab in a one-line field"));
  }

  @Test
  void a_string_argument_may_hold_lines_and_tabs_in_format_2() {
    ChangeEntry entry = withText("duty officer", "line one\n\tline two", LINKED);
    assertThat(EntryCodec.decode(EntryCodec.signable(entry, EntryCodec.FORMAT_2))).isEqualTo(entry);
  }

  @Test
  void the_constructor_refuses_what_the_codec_could_not_write() {
    assertThatThrownBy(() -> with(Map.of("urgent", true)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("change argument 'urgent' must be a string, an integer or a list");
    assertThatThrownBy(() -> with(Map.of("severity", 3.5)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("change argument 'severity' must be");
    assertThatThrownBy(() -> with(null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("change field 'data' is missing");
    assertThatThrownBy(
            () ->
                new ChangeEntry(US_TO_CN, 4, ID, CREATED, OBJECT, "open", -1, "d", new TreeMap<>()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("change field 'seen' must be an integer >= 0, not -1");
  }
}
