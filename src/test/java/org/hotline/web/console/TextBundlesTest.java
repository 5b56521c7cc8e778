package org.hotline.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hotline.console.User;
import org.junit.jupiter.api.Test;

/**
 * The console's bundles, one per language the console speaks: each has every key of the others,
 * each text takes the same arguments as the English one, and each is a valid MessageFormat.
 */
class TextBundlesTest {
  private static final Pattern ARGUMENT = Pattern.compile("\\{(\\d+)");

  /**
   * Arguments the code passes that the English text does not show: a role's translated label beside
   * its code (English shows the code alone).
   */
  private static final java.util.Map<String, Set<String>> UNUSED_IN_ENGLISH =
      java.util.Map.of("personal.toRole", Set.of("1"));

  private static Properties bundle(String language) throws IOException {
    Properties properties = new Properties();
    try (InputStream in =
        TextBundlesTest.class.getResourceAsStream("/i18n/console_" + language + ".properties")) {
      assertThat(in).as("console_" + language + ".properties").isNotNull();
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return properties;
  }

  private static Set<String> arguments(String text) {
    Set<String> found = new TreeSet<>();
    Matcher matcher = ARGUMENT.matcher(text);
    while (matcher.find()) {
      found.add(matcher.group(1));
    }
    return found;
  }

  @Test
  void every_language_the_console_offers_has_every_key_and_no_other() throws IOException {
    Set<String> english = bundle("en").stringPropertyNames();
    assertThat(english).hasSizeGreaterThan(200);
    for (String language : User.LANGUAGES) {
      Set<String> keys = bundle(language).stringPropertyNames();
      assertThat(new TreeSet<>(english))
          .as("keys of console_" + language + ".properties")
          .isEqualTo(new TreeSet<>(keys));
    }
  }

  @Test
  void each_text_takes_the_arguments_of_the_english_one_and_formats() throws IOException {
    Properties english = bundle("en");
    for (String language : User.LANGUAGES) {
      Properties translated = bundle(language);
      for (String key : english.stringPropertyNames()) {
        String text = translated.getProperty(key);
        Set<String> passed = arguments(english.getProperty(key));
        Set<String> used = arguments(text);
        used.removeAll(UNUSED_IN_ENGLISH.getOrDefault(key, Set.of()));
        passed.removeAll(UNUSED_IN_ENGLISH.getOrDefault(key, Set.of()));
        if (!language.equals("en")) {
          assertThat(used).as(language + " " + key).isSubsetOf(passed);
          // Leaving an argument out is allowed only where the other language can do without it.
          assertThat(passed.size() - used.size())
              .as(language + " " + key)
              .isLessThanOrEqualTo(UNUSED_IN_ENGLISH.containsKey(key) ? 1 : 0);
        }
        assertThat(text).as(language + " " + key).isNotBlank();
        Object[] samples = {2, 3, 4};
        assertThat(new MessageFormat(text).format(samples)).as(language + " " + key).isNotEmpty();
      }
    }
  }

  @Test
  void no_bundle_names_a_key_twice() throws IOException {
    for (String language : User.LANGUAGES) {
      try (InputStream in =
          TextBundlesTest.class.getResourceAsStream("/i18n/console_" + language + ".properties")) {
        Set<String> seen = new TreeSet<>();
        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
          if (line.isBlank() || line.startsWith("#")) {
            continue;
          }
          String key = line.substring(0, line.indexOf('='));
          assertThat(seen.add(key)).as(language + " names " + key + " twice").isTrue();
        }
      }
    }
  }

  @Test
  void the_chinese_bundle_is_chinese() throws IOException {
    Properties chinese = bundle("zh");
    long han =
        chinese.stringPropertyNames().stream()
            .map(chinese::getProperty)
            .filter(
                text ->
                    text.codePoints()
                        .anyMatch(
                            c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN))
            .count();
    assertThat(han).isGreaterThan(chinese.size() * 9L / 10);
    assertThat(Text.of("zh").get("nav.inbox")).isEqualTo("收件箱");
    assertThat(Text.of("zh").language()).isEqualTo("zh");
  }

  @Test
  void the_users_choice_comes_before_the_nodes_and_the_nodes_before_the_browsers() {
    assertThat(Text.choose("zh", "en", "en-US").language()).isEqualTo("zh");
    assertThat(Text.choose(null, "zh", "en-US").language()).isEqualTo("zh");
    assertThat(Text.choose(null, null, "zh-CN,zh;q=0.9").language()).isEqualTo("zh");
    assertThat(Text.choose(null, null, "fr-FR").language()).isEqualTo("en");
    assertThat(Text.choose(null, null, null).language()).isEqualTo("en");
    assertThat(Text.choose("en", null, "zh-CN").language()).isEqualTo("en");
  }
}
