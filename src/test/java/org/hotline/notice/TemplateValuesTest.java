package org.hotline.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hotline.notice.TemplateExamples.at;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Stream;
import org.hotline.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TemplateValuesTest {
  private static final Template SMALL = Template.parse(TemplateExamples.SMALL);

  private static final String VALID =
      """
      {"altitude": 1200, "note": "A white balloon", "position": "24.5123,122.1045",
       "kind": "balloon", "seen_at": "2026-12-07T21:14:00Z", "crew": [{"name": "Li Wei"}]}
      """;

  @Test
  void valid_values_pass_and_the_least_that_is_required_passes() {
    assertThat(SMALL.check(VALID)).isEmpty();
    assertThat(SMALL.check("{\"altitude\": 0}")).isEmpty();
  }

  @Test
  void free_text_fields_are_those_the_values_fill_at_the_top_and_in_a_lists_rows_in_form_order() {
    com.fasterxml.jackson.databind.node.ObjectNode document = TemplateExamples.small();
    ((com.fasterxml.jackson.databind.node.ObjectNode)
            document.at("/properties/crew/items/properties/name"))
        .put("x-free-text", true);
    Template template = Template.parse(document.toString());

    List<Template.FreeText> found =
        template.freeText(
            "{\"altitude\": 5, \"note\": \"A balloon\", \"crew\": [{\"name\": \"Li\"},"
                + " {\"name\": \"Wang\"}]}");
    assertThat(found)
        .extracting(Template.FreeText::pointer)
        .containsExactly("/note", "/crew/0/name", "/crew/1/name");
    assertThat(found.get(2).label("zh")).isEqualTo("机组 2 · 姓名");
    assertThat(found.get(0).label("en")).isEqualTo(template.fields().get(1).label("en"));
    assertThat(template.freeText("{\"altitude\": 5}")).isEmpty();
    assertThat(template.freeText("not json")).isEmpty();
    assertThat(SMALL.freeText(VALID))
        .extracting(Template.FreeText::pointer)
        .containsExactly("/note");
  }

  static Stream<Arguments> invalid_values() {
    return Stream.of(
        Arguments.of("a required field missing", "{}", "/altitude", "required"),
        Arguments.of(
            "a field the template does not name",
            "{\"altitude\":1,\"ghost\":1}",
            "/ghost",
            "additionalProperties"),
        Arguments.of("text for an integer", "{\"altitude\":\"high\"}", "/altitude", "type"),
        Arguments.of("a fraction", "{\"altitude\":1.5}", "/altitude", "type"),
        Arguments.of("an exponent", "{\"altitude\":1e3}", "/altitude", "type"),
        Arguments.of(
            "an integer beyond 2^53 - 1",
            "{\"altitude\":9007199254740992}",
            "/altitude",
            TemplateLimits.RULE),
        Arguments.of(
            "an integer beyond a long",
            "{\"altitude\":123456789012345678901234567890}",
            "/altitude",
            TemplateLimits.RULE),
        Arguments.of("below the minimum", "{\"altitude\":-1}", "/altitude", "minimum"),
        Arguments.of("above the maximum", "{\"altitude\":100001}", "/altitude", "maximum"),
        Arguments.of(
            "a string too long",
            "{\"altitude\":1,\"note\":\"" + "x".repeat(101) + "\"}",
            "/note",
            "maxLength"),
        Arguments.of(
            "a value not in the enum", "{\"altitude\":1,\"kind\":\"kite\"}", "/kind", "enum"),
        Arguments.of(
            "a date-time that is not RFC 3339",
            "{\"altitude\":1,\"seen_at\":\"yesterday\"}",
            "/seen_at",
            "format"),
        Arguments.of(
            "a date-time on the 30th of February",
            "{\"altitude\":1,\"seen_at\":\"2026-02-30T10:00:00Z\"}",
            "/seen_at",
            "format"),
        Arguments.of(
            "a position that breaks its pattern (through $ref)",
            "{\"altitude\":1,\"position\":\"north\"}",
            "/position",
            "pattern"),
        Arguments.of("a boolean for a string", "{\"altitude\":1,\"note\":true}", "/note", "type"),
        Arguments.of("null", "{\"altitude\":1,\"note\":null}", "/note", "type"),
        Arguments.of("an object at the top", "{\"altitude\":1,\"note\":{}}", "/note", "type"),
        Arguments.of(
            "a list too long",
            "{\"altitude\":1,\"crew\":[{\"name\":\"a\"},{\"name\":\"b\"},{\"name\":\"c\"},"
                + "{\"name\":\"d\"}]}",
            "/crew",
            "maxItems"),
        Arguments.of(
            "a row missing its required field",
            "{\"altitude\":1,\"crew\":[{}]}",
            "/crew/0/name",
            "required"),
        Arguments.of(
            "a row with a field the template does not name",
            "{\"altitude\":1,\"crew\":[{\"name\":\"a\",\"rank\":\"b\"}]}",
            "/crew/0/rank",
            "additionalProperties"),
        Arguments.of(
            "a list in a row", "{\"altitude\":1,\"crew\":[{\"name\":[]}]}", "/crew/0/name", "type"),
        Arguments.of(
            "a row that is not an object", "{\"altitude\":1,\"crew\":[1]}", "/crew/0", "type"),
        Arguments.of("values that are a list", "[]", "", "type"),
        Arguments.of("values that are a string", "\"x\"", "", "type"),
        Arguments.of("text that is not JSON", "{", "", "json"),
        Arguments.of("text after the object", "{\"altitude\":1}\u000b", "", "json"),
        Arguments.of("a second object after the first", "{\"altitude\":1} {}", "", "json"),
        Arguments.of("no text", "", "", "json"),
        Arguments.of("a field given twice", "{\"altitude\":1,\"altitude\":2}", "", "json"),
        Arguments.of(
            "nesting beyond the parser's bound", "[".repeat(40) + "]".repeat(40), "", "json"),
        Arguments.of(
            "values longer than 64 KiB",
            "{\"note\":\"" + "x".repeat(TemplateLimits.VALUES_BYTES_MAX) + "\"}",
            "",
            TemplateLimits.RULE),
        Arguments.of(
            "values longer than 64 KiB in UTF-8 only",
            "{\"note\":\"" + "测".repeat(TemplateLimits.VALUES_BYTES_MAX / 3) + "\"}",
            "",
            TemplateLimits.RULE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid_values")
  void an_invalid_value_is_a_problem_at_its_pointer_naming_the_rule(
      String description, String values, String pointer, String rule) {
    assertThat(SMALL.check(values))
        .as(description)
        .anySatisfy(
            problem -> {
              assertThat(problem.pointer()).isEqualTo(pointer);
              assertThat(problem.rule()).isEqualTo(rule);
              assertThat(problem.message()).isNotBlank();
            });
  }

  @Test
  void every_problem_is_reported_not_only_the_first() {
    assertThat(SMALL.check("{\"note\":1.5,\"kind\":\"kite\",\"ghost\":true}"))
        .extracting(FieldProblem::pointer)
        .containsExactlyInAnyOrder("/note", "/kind", "/ghost", "/altitude");
  }

  @Test
  void a_string_longer_than_its_max_length_is_refused_without_running_its_pattern() {
    ObjectNode root = TemplateExamples.small();
    // java.util.regex matches a repeated group with alternation by recursing once per repetition:
    // on tens of thousands of characters that overflows a thread's stack.
    at(root, "/$defs/position").put("pattern", "^(a|b)*$").put("maxLength", 256);
    Template deep = Template.parse(root.toString());
    String value = "ab".repeat(30_000);
    assertThat(deep.check("{\"altitude\":1,\"position\":\"" + value + "\"}"))
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.pointer()).isEqualTo("/position");
              assertThat(problem.rule()).isEqualTo("maxLength");
              assertThat(problem.message())
                  .isEqualTo("60000 characters, more than the 256 allowed");
            });
  }

  @Test
  void a_list_of_thousands_of_empty_rows_is_one_problem_not_one_per_row() {
    String rows = String.join(",", java.util.Collections.nCopies(20_000, "{}"));
    assertThat(SMALL.check("{\"altitude\":1,\"crew\":[" + rows + "]}"))
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.pointer()).isEqualTo("/crew");
              assertThat(problem.rule()).isEqualTo("maxItems");
            });
  }

  @Test
  void a_check_names_at_most_fifty_problems_and_says_how_many_more() {
    StringBuilder values = new StringBuilder("{\"altitude\":1");
    for (int i = 0; i < 200; i++) {
      values.append(",\"ghost").append(i).append("\":true");
    }
    List<FieldProblem> problems = SMALL.check(values.append('}').toString());
    assertThat(problems).hasSize(Template.PROBLEMS_MAX);
    assertThat(problems.getLast())
        .isEqualTo(new FieldProblem("", TemplateLimits.RULE, "151 more problems, not listed"));
  }

  @Test
  void a_pattern_that_backtracks_catastrophically_gives_up_and_refuses_the_value() {
    ObjectNode root = TemplateExamples.small();
    // java.util.regex cuts the backtracking of (a+)+ short, but not of a counted group of .*
    at(root, "/$defs/position").put("pattern", "^(.*a){20}$").put("maxLength", 256);
    Template hostile = Template.parse(root.toString());
    String value = "a".repeat(64) + "!";
    assertThat(hostile.check("{\"altitude\":1,\"position\":\"" + value + "\"}"))
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.pointer()).isEqualTo("/position");
              assertThat(problem.rule()).isEqualTo("pattern");
              assertThat(problem.message())
                  .isEqualTo(
                      "the pattern gave up after "
                          + TemplateLimits.PATTERN_STEPS_MAX
                          + " steps on this value, which is refused");
            });
    assertThat(SMALL.check("{\"altitude\":1,\"position\":\"" + "1".repeat(32) + "\"}"))
        .singleElement()
        .satisfies(problem -> assertThat(problem.message()).startsWith("does not match"));
  }

  @Test
  void canonical_values_are_rfc_8785_and_refuse_what_no_template_could_hold() {
    assertThat(Template.canonicalValues("{ \"b\": 2, \"a\": \"x\" }"))
        .isEqualTo("{\"a\":\"x\",\"b\":2}");
    assertThatThrownBy(() -> Template.canonicalValues("{\"a\":1.5}"))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("fields/a"));
    assertThatThrownBy(() -> Template.canonicalValues("{\"a\":[[1]]}"))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("fields/a/0"));
    assertThatThrownBy(() -> Template.canonicalValues("{"))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("fields"));
  }
}
