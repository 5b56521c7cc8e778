package org.hotline.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hotline.notice.TemplateExamples.at;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hotline.InvalidInputException;
import org.hotline.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TemplateTest {

  @Test
  void a_string_with_a_pattern_states_a_short_max_length() {
    ObjectNode root = TemplateExamples.small();
    at(root, "/$defs/position").put("maxLength", 257);
    assertThatThrownBy(() -> Template.parse(root.toString()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(
            "a string field with a pattern or a format states a maxLength of at most 256");
  }

  @Test
  void a_pattern_of_thousands_of_nested_groups_is_refused_before_anything_compiles_it() {
    ObjectNode root = TemplateExamples.small();
    at(root, "/$defs/position").put("pattern", "(".repeat(8_000) + ")".repeat(8_000));
    assertThatThrownBy(() -> Template.parse(root.toString()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("longer than 256 characters")
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("/$defs/position/pattern");
    ObjectNode named = TemplateExamples.small();
    named.putObject("patternProperties").putObject("(".repeat(300) + ")".repeat(300));
    assertThatThrownBy(() -> Template.parse(named.toString()))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("/patternProperties");
  }

  @Test
  void a_text_read_again_gives_the_same_template_and_a_refused_one_the_same_refusal() {
    // Every fold of a link reads its adoptions again: the second reading is the remembered one.
    assertThat(Template.parse(TemplateExamples.SMALL))
        .isSameAs(Template.parse(TemplateExamples.SMALL));
    String refused = TemplateExamples.SMALL.replace("\"x-order\"", "\"x-orders\"");
    for (int reading = 0; reading < 2; reading++) {
      assertThatThrownBy(() -> Template.parse(refused))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("x-orders");
    }
  }

  @Test
  void a_small_template_reads_its_name_titles_and_fields_in_form_order() {
    Template template = Template.parse(TemplateExamples.SMALL);
    assertThat(template.id()).isEqualTo("test-sighting");
    assertThat(template.version()).isEqualTo(1);
    assertThat(template.title("zh")).isEqualTo("测试目击");
    assertThat(template.title("fr")).isEqualTo("Test sighting");
    assertThat(template.fields())
        .extracting(TemplateField::name)
        .containsExactly("altitude", "note", "position", "kind", "seen_at", "crew");
    TemplateField altitude = template.fields().get(0);
    assertThat(altitude.type()).isEqualTo("integer");
    assertThat(altitude.required()).isTrue();
    assertThat(altitude.unit()).isEqualTo("m");
    assertThat(template.fields().get(1).freeText()).isTrue();
    assertThat(template.fields().get(1).help()).containsEntry("zh", "所见情况");
    TemplateField position = template.fields().get(2);
    assertThat(position.type()).isEqualTo("string");
    assertThat(position.maxLength()).isEqualTo(32);
    assertThat(position.pattern()).startsWith("^-?[0-9]");
    assertThat(template.fields().get(3).choices())
        .extracting(TemplateField.Choice::value)
        .containsExactly("balloon", "drone");
    assertThat(template.fields().get(3).choices().get(1).labels()).containsEntry("zh", "无人机");
    assertThat(template.fields().get(4).format()).isEqualTo("date-time");
    TemplateField crew = template.fields().get(5);
    assertThat(crew.type()).isEqualTo("array");
    assertThat(crew.maxItems()).isEqualTo(3);
    assertThat(crew.items()).extracting(TemplateField::name).containsExactly("name");
  }

  @Test
  void the_canonical_form_is_rfc_8785_and_the_same_for_any_layout_of_the_same_document() {
    Template indented = Template.parse(TemplateExamples.SMALL);
    Template compact = Template.parse(TemplateExamples.small().toString());
    assertThat(compact.canonical()).isEqualTo(indented.canonical());
    assertThat(compact.sha256()).isEqualTo(indented.sha256());
    assertThat(indented.canonical()).startsWith("{\"$defs\":{\"position\":");
    assertThat(Template.parse(indented.canonical())).isEqualTo(indented);
  }

  static Stream<Arguments> bad_templates() {
    return Stream.of(
        bad(
            "an unknown keyword at the top",
            root -> root.put("foo", 1),
            "/foo",
            "unknown keyword \"foo\": a template uses only the keywords docs/notifications.md"
                + " lists"),
        bad(
            "an unknown keyword in a field",
            root -> at(root, "/properties/altitude").put("x-colour", "red"),
            "/properties/altitude/x-colour",
            "unknown keyword \"x-colour\": a template uses only the keywords"
                + " docs/notifications.md lists"),
        bad(
            "a keyword the validator knows but templates do not use",
            root -> at(root, "/properties/note").put("contentMediaType", "text/html"),
            "/properties/note/contentMediaType",
            "unknown keyword \"contentMediaType\": a template uses only the keywords"
                + " docs/notifications.md lists"),
        bad(
            "a $ref to a remote address",
            root -> at(root, "/properties/position").put("$ref", "https://example.org/p.json"),
            "/properties/position/$ref",
            "refers outside the template: only \"#/$defs/NAME\" is allowed, nothing is fetched"),
        bad(
            "a $ref to the whole document (recursion)",
            root -> at(root, "/properties/position").put("$ref", "#"),
            "/properties/position/$ref",
            "refers outside the template: only \"#/$defs/NAME\" is allowed, nothing is fetched"),
        bad(
            "a $ref to a definition that is not there",
            root -> at(root, "/properties/position").put("$ref", "#/$defs/nowhere"),
            "/properties/position/$ref",
            "names no definition in /$defs: \"#/$defs/nowhere\""),
        bad(
            "a $ref into a definition's insides",
            root -> at(root, "/properties/position").put("$ref", "#/$defs/position/pattern"),
            "/properties/position/$ref",
            "names no definition in /$defs: \"#/$defs/position/pattern\""),
        bad(
            "a definition referring to itself (recursion)",
            root -> at(root, "/$defs/position").put("$ref", "#/$defs/position"),
            "/$defs/position/$ref",
            "a definition may not refer to another: no chains, no recursion"),
        bad(
            "a $id, which would move where references point",
            root -> root.put("$id", "https://example.org/t"),
            "/$id",
            "unknown keyword \"$id\": a template uses only the keywords docs/notifications.md"
                + " lists"),
        bad(
            "an enum of 257 values",
            root -> {
              ArrayNode values = at(root, "/properties/kind").putArray("enum");
              ObjectNode labels = at(root, "/properties/kind").putObject("x-enum-labels");
              for (int i = 0; i < 257; i++) {
                values.add("v" + i);
                labels.putObject("v" + i).put("en", "V").put("zh", "值");
              }
            },
            "/properties/kind/enum",
            "lists from 1 to 256 values"),
        bad(
            "an enum value without labels",
            root -> at(root, "/properties/kind").withArray("enum").add("kite"),
            "/properties/kind/x-enum-labels",
            "has no labels for the value \"kite\""),
        bad(
            "a string without maxLength",
            root -> at(root, "/properties/note").remove("maxLength"),
            "/properties/note",
            "a string field states its maxLength (at most 16384), an enum or a const"),
        bad(
            "a maxLength beyond the limit",
            root -> at(root, "/properties/note").put("maxLength", 16_385),
            "/properties/note/maxLength",
            "is at least 1 and at most 16384"),
        bad(
            "a maxLength on an integer",
            root -> at(root, "/properties/altitude").put("maxLength", 5),
            "/properties/altitude/maxLength",
            "maxLength applies to strings only"),
        bad(
            "an array without maxItems",
            root -> at(root, "/properties/crew").remove("maxItems"),
            "/properties/crew/maxItems",
            "an array states its maxItems, from 1 to 100"),
        bad(
            "an array of 101 items",
            root -> at(root, "/properties/crew").put("maxItems", 101),
            "/properties/crew/maxItems",
            "an array states its maxItems, from 1 to 100"),
        bad(
            "an array in an array",
            root -> {
              ObjectNode items = at(root, "/properties/crew/items");
              items.withArray("x-order").add("tags");
              at(root, "/properties/crew/items/properties")
                  .putObject("tags")
                  .put("type", "array")
                  .put("maxItems", 2);
            },
            "/properties/crew/items/properties/tags/type",
            "arrays do not nest: one level of arrays of flat objects"),
        bad(
            "an object field",
            root -> at(root, "/properties/altitude").put("type", "object"),
            "/properties/altitude/type",
            "an object is allowed only as the items of an array"),
        bad(
            "a field of two types",
            root -> at(root, "/properties/altitude").putArray("type").add("integer").add("null"),
            "/properties/altitude/type",
            "a field names one type: string, integer, boolean or array"),
        bad(
            "a field of type number",
            root -> at(root, "/properties/altitude").put("type", "number"),
            "/properties/altitude/type",
            "a field's type is string, integer, boolean or array"),
        bad(
            "a label without Chinese",
            root -> at(root, "/properties/altitude/x-labels").remove("zh"),
            "/properties/altitude/x-labels",
            "has no \"zh\" text"),
        bad(
            "a label in a third language",
            root -> at(root, "/properties/altitude/x-labels").put("fr", "Altitude"),
            "/properties/altitude/x-labels/fr",
            "unknown language: a template speaks en and zh"),
        bad(
            "a field without labels",
            root -> at(root, "/properties/crew/items/properties/name").remove("x-labels"),
            "/properties/crew/items/properties/name/x-labels",
            "missing: gives the text in en and zh"),
        bad(
            "a blank label",
            root -> at(root, "/properties/note/x-labels").put("en", " "),
            "/properties/note/x-labels/en",
            "is a non-empty string"),
        bad(
            "no titles",
            root -> root.remove("x-titles"),
            "/x-titles",
            "missing: gives the text in en and zh"),
        bad(
            "an x-order that leaves a field out",
            root -> root.withArray("x-order").remove(5),
            "/x-order",
            "leaves out the field \"crew\""),
        bad(
            "an x-order naming a field twice",
            root -> root.withArray("x-order").add("note"),
            "/x-order/6",
            "names \"note\" twice"),
        bad(
            "an x-order naming no field",
            root -> root.withArray("x-order").add("ghost"),
            "/x-order/6",
            "names no field: \"ghost\""),
        bad(
            "required naming no field",
            root -> root.withArray("required").add("ghost"),
            "/required/1",
            "names no field: \"ghost\""),
        bad(
            "an id that is not a lower-case word",
            root -> at(root, "/x-template").put("id", "Test Sighting"),
            "/x-template/id",
            "an id is a lower-case word matching [a-z][a-z0-9-]{0,63}"),
        bad(
            "version 0",
            root -> at(root, "/x-template").put("version", 0),
            "/x-template/version",
            "a version is an integer from 1 to 1000000"),
        bad(
            "a fraction",
            root -> at(root, "/properties/altitude").put("maximum", 1.5),
            "/properties/altitude/maximum",
            "a number with a fraction or exponent: a template holds integers only"),
        bad(
            "an integer beyond 2^53 - 1",
            root -> at(root, "/properties/altitude").put("maximum", 9_007_199_254_740_992L),
            "/properties/altitude/maximum",
            "beyond ±9007199254740991: no exact canonical form"),
        bad(
            "a maximum that is not a number (the meta-schema)",
            root -> at(root, "/properties/altitude").put("maximum", "high"),
            "/properties/altitude/maximum",
            "not a JSON Schema 2020-12 document: string found, number expected"),
        bad(
            "a negative minLength (the meta-schema)",
            root -> at(root, "/properties/note").put("minLength", -1),
            "/properties/note/minLength",
            "not a JSON Schema 2020-12 document: must have a minimum value of 0"),
        bad(
            "required naming a field twice (the meta-schema)",
            root -> root.withArray("required").add("altitude"),
            "/required",
            "not a JSON Schema 2020-12 document: must have only unique items in the array"),
        bad(
            "a pattern of 257 characters",
            root -> at(root, "/$defs/position").put("pattern", "a".repeat(257)),
            "/$defs/position/pattern",
            "longer than 256 characters"),
        bad(
            "a pattern that is not a regular expression (the meta-schema)",
            root -> at(root, "/$defs/position").put("pattern", "(unclosed"),
            "/$defs/position/pattern",
            "not a JSON Schema 2020-12 document: does not match the regex pattern must be a"
                + " valid ECMA-262 regular expression"),
        bad(
            "an unknown format",
            root -> at(root, "/properties/seen_at").put("format", "hostname"),
            "/properties/seen_at/format",
            "unknown format; known: [date, date-time, duration, email, time, uuid]"),
        bad(
            "free text on an integer",
            root -> at(root, "/properties/altitude").put("x-free-text", true),
            "/properties/altitude/x-free-text",
            "only a string field without an enum is free text"),
        bad(
            "another dialect",
            root -> root.put("$schema", "http://json-schema.org/draft-07/schema#"),
            "/$schema",
            "must be \"https://json-schema.org/draft/2020-12/schema\""),
        bad(
            "additional properties allowed",
            root -> root.put("additionalProperties", true),
            "/additionalProperties",
            "must be false: a value no field names is refused"),
        bad(
            "65 fields (7, then 58 more)",
            root -> {
              for (int i = 0; i < 60; i++) {
                root.withArray("x-order").add("f" + i);
                ObjectNode field = at(root, "/properties").putObject("f" + i);
                field.put("type", "boolean").putObject("x-labels").put("en", "F").put("zh", "字");
              }
            },
            "/properties/f57",
            "more than 64 fields in one template"),
        bad(
            "a canonical form longer than one change argument",
            root -> root.put("description", "x".repeat(16_384)),
            "",
            null));
  }

  private static Arguments bad(
      String description, Consumer<ObjectNode> change, String pointer, String message) {
    return Arguments.of(description, change, pointer, message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bad_templates")
  void a_bad_template_is_refused_naming_the_place_and_the_rule(
      String description, Consumer<ObjectNode> change, String pointer, String message) {
    ObjectNode root = TemplateExamples.small();
    change.accept(root);
    InvalidInputException refused = refusal(root.toString());
    assertThat(refused.field()).as(description).isEqualTo(pointer);
    if (message != null) {
      assertThat(refused.getMessage()).as(description).isEqualTo(message);
    } else {
      assertThat(refused.getMessage())
          .matches("its canonical form has \\d+ characters, more than 16384");
    }
  }

  @Test
  void text_that_is_not_a_template_is_refused_as_a_whole() {
    assertThat(refusal("").getMessage()).isEqualTo("empty: a template is a JSON object");
    assertThat(refusal("{").getMessage()).startsWith("not JSON: ");
    assertThat(refusal(TemplateExamples.SMALL + "x").getMessage()).startsWith("not JSON: ");
    assertThat(refusal("[]").getMessage()).startsWith("not a JSON Schema 2020-12 document");
    assertThat(refusal("{\"type\":\"object\",\"type\":\"object\"}").getMessage())
        .isEqualTo("names \"type\" twice");
    assertThat(refusal(" ".repeat(TemplateLimits.TEXT_CHARS_MAX + 1)).getMessage())
        .isEqualTo("longer than 65536 characters: not a template");
    assertThat(refusal("[".repeat(100) + "]".repeat(100)).getMessage()).startsWith("not JSON: ");
  }

  @Test
  void a_remote_ref_is_refused_without_a_connection_to_its_address() throws IOException {
    try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String address = "http://127.0.0.1:" + listener.getLocalPort() + "/schema.json";
      ObjectNode root = TemplateExamples.small();
      at(root, "/properties/position").put("$ref", address);
      InvalidInputException refused = refusal(root.toString());
      assertThat(refused.field()).isEqualTo("/properties/position/$ref");
      assertThat(firstConnectionIsOurOwnProbe(listener)).isTrue();
    }
  }

  @Test
  void the_validator_itself_loads_no_remote_schema_even_past_the_rules() throws IOException {
    try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String address = "http://127.0.0.1:" + listener.getLocalPort() + "/schema.json";
      var document =
          Json.mapper()
              .readTree(
                  "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"$ref\":\""
                      + address
                      + "\"}");
      assertThatThrownBy(() -> Schemas.compile(document).validate(Json.mapper().readTree("1")))
          .hasMessageContaining("is not allowed to be loaded");
      assertThat(firstConnectionIsOurOwnProbe(listener)).isTrue();
    }
  }

  /**
   * Whether the first connection waiting on {@code listener} is one this test makes now: a
   * connection made earlier (by the code under test) would be queued ahead of it, so no wait is
   * needed to see that none was made.
   */
  private static boolean firstConnectionIsOurOwnProbe(ServerSocket listener) throws IOException {
    try (Socket probe = new Socket()) {
      probe.connect(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()));
      try (Socket first = listener.accept()) {
        return first.getPort() == probe.getLocalPort();
      }
    }
  }

  @Test
  void two_templates_with_a_definition_of_the_same_name_each_check_by_their_own() {
    ObjectNode other = TemplateExamples.small();
    at(other, "/x-template").put("id", "other");
    at(other, "/$defs/position").put("pattern", "^[A-Z]+$");
    Template first = Template.parse(TemplateExamples.SMALL);
    Template second = Template.parse(other.toString());
    String values = "{\"altitude\":1,\"position\":\"NORTH\"}";
    assertThat(second.check(values)).isEmpty();
    assertThat(first.check(values)).extracting(FieldProblem::pointer).containsExactly("/position");
  }

  @Test
  void the_example_in_docs_notifications_is_a_template_and_its_example_values_pass()
      throws IOException {
    String doc = Files.readString(Path.of("docs/notifications.md"));
    Matcher block = Pattern.compile("```json\n(.*?)```", Pattern.DOTALL).matcher(doc);
    assertThat(block.find()).isTrue();
    Template example = Template.parse(block.group(1));
    assertThat(example.id()).isEqualTo("airspace-closure");
    Matcher values = Pattern.compile("Values for it: `(.*?)`", Pattern.DOTALL).matcher(doc);
    assertThat(values.find()).isTrue();
    assertThat(example.check(values.group(1).replace("\n", " "))).isEmpty();
  }

  private static InvalidInputException refusal(String text) {
    try {
      Template template = Template.parse(text);
      throw new AssertionError("accepted: " + template);
    } catch (InvalidInputException refused) {
      return refused;
    }
  }
}
