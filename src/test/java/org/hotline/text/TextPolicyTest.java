package org.hotline.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.hotline.InvalidInputException;
import org.hotline.text.TextPolicy.Lines;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The text policy of docs/protocol.md §3.5, code point by code point. */
class TextPolicyTest {

  static Stream<Arguments> allowed_in_both_kinds_of_field() {
    return Stream.of(
        text("empty text", ""),
        text("printable ASCII", " !\"#$%&'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~"),
        text("Latin, Cyrillic, Arabic and Chinese", "Grüße Привет مرحبا 中文"),
        text("no-break space and the last BMP character before the surrogates", "\u00A0\uD7FF"),
        text("an astral character as a surrogate pair", "\uD83D\uDE00"),
        text("the last code point", "\uDBFF\uDFFF"),
        text("noncharacters", "\uFDD0\uFDEF\uFFFE\uFFFF"),
        text("a byte order mark", "\uFEFF"),
        text("bidi controls, shown neutralised", "\u061C\u200E\u200F\u202A\u202E\u2066\u2069"),
        text("the first character after the C1 controls", "\u00A0"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allowed_in_both_kinds_of_field")
  void text_that_keeps_the_policy_is_admitted_unchanged(String text) {
    assertThat(TextPolicy.admit("f", text, Lines.ONE)).isEqualTo(text);
    assertThat(TextPolicy.admit("f", text, Lines.MULTI)).isEqualTo(text);
  }

  static Stream<Arguments> refused_everywhere() {
    return Stream.of(
        refused("NUL", "a\u0000", 2, 0x0000, "a control character"),
        refused("U+0001, as in format 1's worked example", "\u0001", 1, 0x0001, "control"),
        refused("ESC of a CSI sequence", "x\u001B[2J", 2, 0x001B, "a control character"),
        refused("the last C0 control", "\u001F", 1, 0x001F, "a control character"),
        refused("DEL", "ab\u007F", 3, 0x007F, "a control character"),
        refused("the first C1 control", "\u0080", 1, 0x0080, "a control character"),
        refused("NEL", "\u0085", 1, 0x0085, "a control character"),
        refused("CSI as one C1 character", "\u009B2J", 1, 0x009B, "a control character"),
        refused("the last C1 control", "\u009F", 1, 0x009F, "a control character"),
        refused("a lone high surrogate", "a\uD800b", 2, 0xD800, "an unpaired surrogate"),
        refused("a high surrogate at the end", "ab\uDBFF", 3, 0xDBFF, "an unpaired surrogate"),
        refused("a lone low surrogate", "\uDC00", 1, 0xDC00, "an unpaired surrogate"),
        refused("a pair in the wrong order", "\uDE00\uD83D", 1, 0xDE00, "an unpaired surrogate"),
        refused("vertical tab and form feed", "\u000B\u000C", 1, 0x000B, "control"),
        refused(
            "a position counted in characters", "\uD83D\uDE00\uD83D\uDE00\u0007", 3, 7, "control"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused_everywhere")
  void text_that_breaks_the_policy_is_refused_naming_field_position_and_character(
      String text, int position, int codePoint, String what) {
    for (Lines lines : Lines.values()) {
      TextPolicy.Breach breach = TextPolicy.firstBreach(text, lines);
      assertThat(breach).isNotNull();
      assertThat(breach.position()).isEqualTo(position);
      assertThat(breach.codePoint()).isEqualTo(codePoint);
      assertThat(breach.what()).contains(what);
      assertThatThrownBy(() -> TextPolicy.admit("body", text, lines))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith("body: character " + position + " is ")
          .hasMessageContaining(String.format("(U+%04X)", codePoint))
          .extracting(e -> ((InvalidInputException) e).field())
          .isEqualTo("body");
    }
  }

  @Test
  void tab_and_line_feed_are_layout_in_free_text_and_refused_in_one_line() {
    assertThat(TextPolicy.admit("body", "a\tb\nc", Lines.MULTI)).isEqualTo("a\tb\nc");
    assertThat(TextPolicy.firstBreach("a\tb", Lines.ONE).what()).contains("a tab");
    assertThat(TextPolicy.firstBreach("a\nb", Lines.ONE).what()).contains("a line break");
    assertThat(TextPolicy.firstBreach("a\r\nb", Lines.ONE).what()).contains("a line break");
  }

  @Test
  void cr_lf_becomes_lf_in_free_text_and_a_lone_cr_is_refused() {
    assertThat(TextPolicy.admit("body", "one\r\ntwo\r\n", Lines.MULTI)).isEqualTo("one\ntwo\n");
    assertThatThrownBy(() -> TextPolicy.admit("body", "one\rtwo", Lines.MULTI))
        .hasMessageContaining("character 4 is a carriage return not followed by a line feed");
    assertThatThrownBy(() -> TextPolicy.admit("body", "one\r\n\r", Lines.MULTI))
        .hasMessageContaining("character 5");
    assertThat(TextPolicy.firstBreach("one\r\ntwo", Lines.MULTI))
        .as("text on the record is checked as it is: a CR there is refused")
        .isNotNull();
  }

  @Test
  void line_and_paragraph_separators_are_free_text_only() {
    assertThat(TextPolicy.allows("a\u2028b\u2029c", Lines.MULTI)).isTrue();
    assertThat(TextPolicy.firstBreach("a\u2028b", Lines.ONE).codePoint()).isEqualTo(0x2028);
    assertThat(TextPolicy.firstBreach("a\u2029b", Lines.ONE).codePoint()).isEqualTo(0x2029);
  }

  @Test
  void every_bmp_code_unit_alone_is_judged_by_the_stated_ranges() {
    for (int unit = 0; unit <= 0xFFFF; unit++) {
      String text = String.valueOf((char) unit);
      boolean control = unit < 0x20 || (unit >= 0x7F && unit <= 0x9F);
      boolean surrogate = unit >= 0xD800 && unit <= 0xDFFF;
      boolean layout = unit == '\t' || unit == '\n';
      boolean separator = unit == 0x2028 || unit == 0x2029;
      assertThat(TextPolicy.allows(text, Lines.MULTI))
          .as("U+%04X in free text", unit)
          .isEqualTo(layout || !(control || surrogate));
      assertThat(TextPolicy.allows(text, Lines.ONE))
          .as("U+%04X in one line", unit)
          .isEqualTo(!(control || surrogate || separator));
    }
  }

  @Test
  void null_stays_null_for_the_caller_to_judge() {
    assertThat(TextPolicy.admit("note", null, Lines.MULTI)).isNull();
  }

  private static Arguments text(String name, String text) {
    return Arguments.of(Named.of(name, text));
  }

  private static Arguments refused(
      String name, String text, int position, int codePoint, String what) {
    return Arguments.of(Named.of(name, text), position, codePoint, what);
  }
}
