package org.hotline.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every word a template shows comes from the bundle: what is left of a template once its code
 * ({@code ${…}}, {@code !{…}}, {@code @if(…)}, {@code @template…(…)}) and its tags are taken out
 * holds no word, and no attribute a person reads or hears (aria-label, title, placeholder, alt)
 * holds one either.
 */
class TemplateWordsTest {
  private static final Path TEMPLATES = Path.of("src/main/jte");

  /** Attributes shown on hover or read aloud: their values are text like any other. */
  private static final Pattern SHOWN_ATTRIBUTE =
      Pattern.compile("(?:aria-label|title|placeholder|alt)=\"([^\"]*)\"");

  private static final Pattern TAG = Pattern.compile("<[^>]*>");

  /** Two letters or more in a row, in any script: a word. */
  private static final Pattern WORD = Pattern.compile("\\p{L}{2,}");

  static Stream<Arguments> lines() {
    return Stream.of(
        Arguments.of("text from the bundle", "<h1>${t.get(\"inbox.title\")}</h1>", List.of()),
        Arguments.of("a word between tags", "<h1>Inbox</h1>", List.of("Inbox")),
        Arguments.of(
            "a word after a directive", "@if(page.error() != null)Error:@endif", List.of("Error")),
        Arguments.of(
            "a call with text in its arguments",
            "@template.tags.rows(t = t, caption = t.get(\"outbox.sent\"), inbox = false)",
            List.of()),
        Arguments.of("a hard-coded aria-label", "<nav aria-label=\"Main\"><ul>", List.of("Main")),
        Arguments.of(
            "an attribute from the bundle",
            "<input placeholder=\"${t.get(\"admin.newPassword\")}\">",
            List.of()),
        Arguments.of(
            "class names and ids are not shown", "<p class=\"hint muted\" id=\"x\">", List.of()),
        Arguments.of(
            "braces and quotes inside code",
            "<svg viewBox=\"${\"-56 -10 \" + (W + 66)}\">${c.n() > 0 ? \"}\" : t.get(\"a.b\")}</svg>",
            List.of()),
        Arguments.of("an import", "@import org.hotline.web.console.Shown", List.of()),
        Arguments.of(
            "a template with an underscore", "@template.inbox_rows(page = page)", List.of()),
        Arguments.of("a word in Chinese", "<p>收件箱</p>", List.of("收件箱")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lines")
  void what_is_left_of_a_template_line_is_its_shown_words(
      String description, String line, List<String> words) {
    assertThat(shownWords(line)).containsExactlyElementsOf(words);
  }

  @Test
  void no_template_shows_a_word_that_is_not_in_the_bundle() throws IOException {
    Set<String> found = new TreeSet<>();
    try (Stream<Path> files = Files.walk(TEMPLATES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".jte")).toList()) {
        for (String word : shownWords(Files.readString(file))) {
          found.add(TEMPLATES.relativize(file) + ": " + word);
        }
      }
    }
    assertThat(found).isEmpty();
  }

  /** The words a template (or a line of one) shows that no code put there. */
  static List<String> shownWords(String template) {
    StringBuilder text = new StringBuilder();
    for (String line : template.split("\n", -1)) {
      text.append(withoutCode(line)).append('\n');
    }
    List<String> words = new ArrayList<>();
    Matcher attributes = SHOWN_ATTRIBUTE.matcher(text);
    while (attributes.find()) {
      words.addAll(words(attributes.group(1)));
    }
    words.addAll(words(TAG.matcher(text).replaceAll(" ")));
    return words;
  }

  private static List<String> words(String text) {
    return WORD.matcher(text).results().map(MatchResult::group).toList();
  }

  /**
   * One line without {@code ${…}}, {@code !{…}} and {@code @directive(…)}; an {@code @import} or
   * {@code @param} line is all code, and a call left open on its line (a layout's content block)
   * ends there.
   */
  static String withoutCode(String line) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      if ((c == '$' || c == '!') && i + 1 < line.length() && line.charAt(i + 1) == '{') {
        i = afterBalanced(line, i + 1, '{', '}');
      } else if (c == '@' && i + 1 < line.length() && Character.isLetter(line.charAt(i + 1))) {
        int end = i + 1;
        while (end < line.length()
            && (Character.isLetterOrDigit(line.charAt(end))
                || line.charAt(end) == '.'
                || line.charAt(end) == '_')) {
          end++;
        }
        String directive = line.substring(i + 1, end);
        if (directive.equals("import") || directive.equals("param")) {
          return out.toString();
        }
        i =
            end < line.length() && line.charAt(end) == '('
                ? afterBalanced(line, end, '(', ')')
                : end;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** The index after the bracket that closes the one at {@code open}, past Java strings. */
  private static int afterBalanced(String line, int open, char opening, char closing) {
    int depth = 0;
    boolean quoted = false;
    for (int i = open; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          quoted = false;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == opening) {
        depth++;
      } else if (c == closing && --depth == 0) {
        return i + 1;
      }
    }
    return line.length();
  }
}
