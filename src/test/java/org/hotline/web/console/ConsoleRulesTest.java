package org.hotline.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.hotline.event.Event;
import org.hotline.testing.SampleEvents;
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
        Arguments.of(SampleEvents.MESSAGE_RECEIVED, List.of("inbox", "alarm")),
        Arguments.of(SampleEvents.MESSAGE_ANSWERED, List.of("inbox", "outbox", "alarm")),
        Arguments.of(SampleEvents.LINK_RECEIPT, List.of("outbox")),
        Arguments.of(SampleEvents.LINK_DOWN, List.of("links")),
        Arguments.of(SampleEvents.LINK_UP, List.of("links")),
        Arguments.of(SampleEvents.LINK_BLOCKED, List.of("links", "alarm")),
        Arguments.of(SampleEvents.LINK_ESCALATED, List.of("links", "alarm")),
        Arguments.of(SampleEvents.COMMITMENT_OVERDUE, List.of("crisis", "alarm")),
        Arguments.of(SampleEvents.SECURITY_ALARM, List.of("security", "links")),
        Arguments.of(SampleEvents.DEADLINE_ALARM, List.of("inbox", "outbox", "alarm")),
        Arguments.of(SampleEvents.DEADLINE_MISS_RECORDED, List.of("inbox", "outbox", "alarm")),
        Arguments.of(SampleEvents.RELEASE_HELD, List.of("release", "outbox")),
        Arguments.of(SampleEvents.ALERT_POSTED, List.of("personal")),
        Arguments.of(SampleEvents.LINK_TEST, List.of()),
        Arguments.of(SampleEvents.NOTIFICATION_FAILED, List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topics")
  void each_node_event_refreshes_the_parts_of_the_page_it_changes(
      Event event, List<String> refreshed) {
    assertThat(ConsoleEvents.topics(event)).isEqualTo(refreshed);
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
