package org.hotline.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which code points are marked, and the mark each one gets. */
class CodePointsTest {
  static Stream<Arguments> code_points() {
    return Stream.of(
        Arguments.of("NUL", 0x00, CodePoints.Kind.C0_CONTROL, "\\x00"),
        Arguments.of("BEL, which ends an OSC title", 0x07, CodePoints.Kind.C0_CONTROL, "\\x07"),
        Arguments.of("backspace", 0x08, CodePoints.Kind.C0_CONTROL, "\\x08"),
        Arguments.of("TAB", 0x09, CodePoints.Kind.TAB, "\\t"),
        Arguments.of("LF", 0x0A, CodePoints.Kind.LINE_FEED, "\\n"),
        Arguments.of("CR, which rewrites the line", 0x0D, CodePoints.Kind.C0_CONTROL, "\\r"),
        Arguments.of("ESC", 0x1B, CodePoints.Kind.C0_CONTROL, "\\e"),
        Arguments.of("unit separator, the last C0", 0x1F, CodePoints.Kind.C0_CONTROL, "\\x1f"),
        Arguments.of("space, the first printable", 0x20, CodePoints.Kind.ORDINARY, " "),
        Arguments.of("tilde, the last printable ASCII", 0x7E, CodePoints.Kind.ORDINARY, "~"),
        Arguments.of("DEL", 0x7F, CodePoints.Kind.C0_CONTROL, "\\x7f"),
        Arguments.of("PAD, the first C1", 0x80, CodePoints.Kind.C1_CONTROL, "\\u0080"),
        Arguments.of("NEL", 0x85, CodePoints.Kind.C1_CONTROL, "\\u0085"),
        Arguments.of("CSI in one character", 0x9B, CodePoints.Kind.C1_CONTROL, "\\u009b"),
        Arguments.of("APC, the last C1", 0x9F, CodePoints.Kind.C1_CONTROL, "\\u009f"),
        Arguments.of("no-break space, after C1", 0xA0, CodePoints.Kind.ORDINARY, "\u00a0"),
        Arguments.of("Arabic letter mark", 0x061C, CodePoints.Kind.BIDI_CONTROL, "<U+061C>"),
        Arguments.of("left-to-right mark", 0x200E, CodePoints.Kind.BIDI_CONTROL, "<U+200E>"),
        Arguments.of("right-to-left mark", 0x200F, CodePoints.Kind.BIDI_CONTROL, "<U+200F>"),
        Arguments.of("LRE", 0x202A, CodePoints.Kind.BIDI_CONTROL, "<U+202A>"),
        Arguments.of("RLO", 0x202E, CodePoints.Kind.BIDI_CONTROL, "<U+202E>"),
        Arguments.of(
            "narrow no-break space, after RLO", 0x202F, CodePoints.Kind.ORDINARY, "\u202f"),
        Arguments.of("LRI", 0x2066, CodePoints.Kind.BIDI_CONTROL, "<U+2066>"),
        Arguments.of("PDI", 0x2069, CodePoints.Kind.BIDI_CONTROL, "<U+2069>"),
        Arguments.of(
            "inhibit symmetric swapping, after PDI", 0x206A, CodePoints.Kind.ORDINARY, "\u206a"),
        Arguments.of("high surrogate alone", 0xD800, CodePoints.Kind.LONE_SURROGATE, "\\ud800"),
        Arguments.of("low surrogate alone", 0xDFFF, CodePoints.Kind.LONE_SURROGATE, "\\udfff"),
        Arguments.of("a Chinese character", 0x4E2D, CodePoints.Kind.ORDINARY, "中"),
        Arguments.of("an Arabic letter", 0x0639, CodePoints.Kind.ORDINARY, "ع"),
        Arguments.of("an astral character", 0x1F600, CodePoints.Kind.ORDINARY, "😀"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("code_points")
  void each_code_point_has_its_kind_and_mark(
      String description, int codePoint, CodePoints.Kind kind, String mark) {
    assertThat(CodePoints.kind(codePoint)).isEqualTo(kind);
    assertThat(CodePoints.mark(codePoint)).isEqualTo(mark);
  }

  @Test
  void every_mark_is_printable_ascii_that_names_the_code_point_and_ordinary_ones_are_themselves() {
    IntStream.rangeClosed(0, Character.MAX_CODE_POINT)
        .forEach(
            codePoint -> {
              String mark = CodePoints.mark(codePoint);
              if (CodePoints.kind(codePoint) == CodePoints.Kind.ORDINARY) {
                assertThat(mark).isEqualTo(Character.toString(codePoint));
              } else {
                assertThat(mark)
                    .matches("\\\\[a-z]|\\\\x[0-9a-f]{2}|\\\\u[0-9a-f]{4}|<U\\+[0-9A-F]{4}>");
                assertThat(mark.codePoints())
                    .as("mark of U+%04X", codePoint)
                    .allMatch(c -> c >= 0x20 && c < 0x7F);
              }
            });
  }

  @Test
  void controls_and_bidi_controls_are_told_apart() {
    assertThat(IntStream.rangeClosed(0, 0xFFFF).filter(CodePoints::isControl).count())
        .as("C0 (32), DEL and C1 (32)")
        .isEqualTo(65);
    assertThat(IntStream.rangeClosed(0, 0xFFFF).filter(CodePoints::isBidiControl).count())
        .as("ALM, LRM, RLM, LRE..RLO, LRI..PDI")
        .isEqualTo(12);
    assertThat(CodePoints.needsMarks("Ordinary text, 中文, العربية, 😀")).isFalse();
    assertThat(CodePoints.needsMarks("one\ttab")).isTrue();
  }
}
