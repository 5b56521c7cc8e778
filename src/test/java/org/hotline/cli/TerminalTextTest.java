package org.hotline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.stream.Stream;
import org.hotline.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a terminal receives from the CLI for text that came from outside: the sequences a hostile
 * peer would send, and the ordinary text of every script that must pass unchanged.
 */
class TerminalTextTest {
  static Stream<Arguments> texts() {
    return Stream.of(
        Arguments.of("plain ASCII", "Two ships at 300 m.", "Two ships at 300 m."),
        Arguments.of("Chinese", "两艘船相距300米", "两艘船相距300米"),
        Arguments.of("Arabic", "سفينتان على بعد 300 متر", "سفينتان على بعد 300 متر"),
        Arguments.of("astral characters", "ok 😀 𝄞", "ok 😀 𝄞"),
        Arguments.of("a backslash is not a control", "C:\\new", "C:\\new"),
        Arguments.of("CSI clear screen", "\u001b[2Jgone", "\\e[2Jgone"),
        Arguments.of("OSC 0 window title", "\u001b]0;x\u0007", "\\e]0;x\\x07"),
        Arguments.of(
            "OSC 8 link",
            "\u001b]8;;https://evil.example\u001b\\click\u001b]8;;\u001b\\",
            "\\e]8;;https://evil.example\\e\\click\\e]8;;\\e\\"),
        Arguments.of("NUL", "a\u0000b", "a\\x00b"),
        Arguments.of("carriage return", "safe\rEVIL", "safe\\rEVIL"),
        Arguments.of("backspace", "ab\bc", "ab\\x08c"),
        Arguments.of("DEL", "a\u007fb", "a\\x7fb"),
        Arguments.of("C1 CSI", "\u009b2J", "\\u009b2J"),
        Arguments.of("C1 NEL", "a\u0085b", "a\\u0085b"),
        Arguments.of("right-to-left override", "abc\u202edef", "abc<U+202E>def"),
        Arguments.of("isolates", "\u2066x\u2069", "<U+2066>x<U+2069>"),
        Arguments.of("an Arabic letter mark", "\u061c", "<U+061C>"),
        Arguments.of("a lone high surrogate", "lone \ud800 surrogate", "lone \\ud800 surrogate"),
        Arguments.of("a lone low surrogate at the end", "x\udc00", "x\\udc00"),
        Arguments.of("a reversed pair is two lone halves", "\ude00\ud83d", "\\ude00\\ud83d"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("texts")
  void one_line_text_is_shown_with_every_control_and_bidi_control_marked(
      String description, String text, String shown) {
    assertThat(TerminalText.line(text)).isEqualTo(shown);
    assertThat(TerminalText.block(text)).isEqualTo(shown);
    assertSafe(TerminalText.line(text));
  }

  @Test
  void one_line_text_marks_tab_and_line_feed_so_a_row_stays_one_row() {
    assertThat(TerminalText.line("a\tb\nc")).isEqualTo("a\\tb\\nc");
    assertThat(TerminalText.line(null)).isEmpty();
  }

  @Test
  void a_body_keeps_its_lines_and_its_tabs_become_spaces_to_the_next_tab_stop() {
    assertThat(TerminalText.block("col\tnext\n\tindented\n中文\tx"))
        .isEqualTo("col     next\n        indented\n中文      x");
    assertThat(TerminalText.block("line one\r\nline two\u001b[2J"))
        .isEqualTo("line one\\r\nline two\\e[2J");
    assertThat(TerminalText.block(null)).isEmpty();
  }

  @Test
  void json_output_keeps_the_exact_text_and_escapes_what_a_terminal_would_obey() throws Exception {
    String hostile = "\u001b]0;x\u0007 \u0000 \u007f \u009b \u202e \ud800 中文 العربية 😀";

    String printed = Output.json(Map.of("subject", hostile));

    JsonNode read = Json.mapper().readTree(printed);
    assertThat(read.get("subject").asText()).as("the exact text").isEqualTo(hostile);
    assertSafe(printed.replace("\n", ""));
    assertThat(printed)
        .as("other scripts are not escaped")
        .contains("中文 العربية")
        .contains("\\u202E")
        .contains("\\uD800");
  }

  /** No C0 control, DEL, C1 control, bidi control or lone surrogate. */
  static void assertSafe(String shown) {
    assertThat(shown.codePoints())
        .as(shown)
        .noneMatch(c -> c < 0x20 || (c >= 0x7F && c <= 0x9F))
        .noneMatch(org.hotline.text.CodePoints::isBidiControl)
        .noneMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE);
  }
}
