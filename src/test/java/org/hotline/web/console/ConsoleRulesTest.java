package org.hotline.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The console's small decisions, as tables. */
class ConsoleRulesTest {
  static Stream<Arguments> nextPaths() {
    return Stream.of(
        Arguments.of("a console path is kept", "/messages/01a2", "/messages/01a2"),
        Arguments.of("nothing goes to the inbox", null, "/inbox"),
        Arguments.of("another site is refused", "https://evil.example/", "/inbox"),
        Arguments.of("a scheme-relative URL is refused", "//evil.example/x", "/inbox"),
        Arguments.of("a backslash trick is refused", "/\\evil.example", "/inbox"),
        Arguments.of("the sign-in page itself is not a destination", "/signin", "/inbox"),
        Arguments.of("control characters are refused", "/inbox\r\nSet-Cookie: x=y", "/inbox"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nextPaths")
  void after_sign_in_only_a_path_on_this_console_is_followed(
      String description, String wanted, String followed) {
    assertThat(SignInPages.next(wanted)).isEqualTo(followed);
  }

  static Stream<Arguments> topics() {
    return Stream.of(
        Arguments.of("message.received", List.of("inbox", "alarm")),
        Arguments.of("message.answered", List.of("inbox", "outbox", "alarm")),
        Arguments.of("link.receipt", List.of("outbox")),
        Arguments.of("link.down", List.of("links")),
        Arguments.of("link.up", List.of("links")),
        Arguments.of("security.alarm", List.of("security", "links")),
        Arguments.of("deadline.missed", List.of("inbox", "outbox", "alarm")),
        Arguments.of(ConsoleEvents.RELEASE_EVENT, List.of("release", "outbox")),
        Arguments.of("link.test", List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topics")
  void each_node_event_refreshes_the_parts_of_the_page_it_changes(
      String type, List<String> refreshed) {
    assertThat(ConsoleEvents.topics(type)).isEqualTo(refreshed);
  }

  static Stream<Arguments> languages() {
    return Stream.of(
        Arguments.of("no header", null, "en"),
        Arguments.of("English", "en-GB,en;q=0.9", "en"),
        Arguments.of("a language without a bundle falls back to English", "fr-FR,fr;q=0.9", "en"),
        Arguments.of("a malformed header falls back to English", ";;;=", "en"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("languages")
  void pages_are_in_the_first_language_with_a_bundle(
      String description, String header, String language) {
    assertThat(Text.forLanguages(header).language()).isEqualTo(language);
  }

  @org.junit.jupiter.api.Test
  void every_key_the_templates_and_pages_use_is_in_the_english_bundle() throws Exception {
    java.util.Properties english = new java.util.Properties();
    try (var in = Text.class.getResourceAsStream("/i18n/console_en.properties")) {
      english.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
    }
    java.util.regex.Pattern use =
        java.util.regex.Pattern.compile(
            "t\\(\\)?\\.(?:get|format)\\(\"([A-Za-z0-9.]+)\"|\"((?:timeline|proof|error)\\.[A-Za-z]+)\"");
    java.util.Set<String> missing = new java.util.TreeSet<>();
    try (Stream<java.nio.file.Path> files =
        Stream.concat(
            java.nio.file.Files.walk(java.nio.file.Path.of("src/main/jte")),
            java.nio.file.Files.walk(
                java.nio.file.Path.of("src/main/java/org/hotline/web/console")))) {
      for (java.nio.file.Path file : files.filter(java.nio.file.Files::isRegularFile).toList()) {
        var matcher = use.matcher(java.nio.file.Files.readString(file));
        while (matcher.find()) {
          String key = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
          if (!key.endsWith(".") && !key.endsWith("jte") && !english.containsKey(key)) {
            missing.add(key + " (" + file.getFileName() + ")");
          }
        }
      }
    }
    assertThat(missing).isEmpty();
  }
}
