package org.hotline.web.console;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The console's words, from {@code i18n/console_<language>.properties} (UTF-8), one complete file
 * per language (TextBundlesTest holds them to the same keys). A missing key shows as {@code
 * ??key??} so it is seen, never hidden. Immutable and thread-safe.
 */
public final class Text implements org.hotline.record.SitrepHtml.Words {
  static final String BUNDLE = "i18n.console";
  static final Locale FALLBACK = Locale.ENGLISH;

  private final ResourceBundle bundle;
  private final Locale locale;

  private Text(ResourceBundle bundle, Locale locale) {
    this.bundle = bundle;
    this.locale = locale;
  }

  /** The first of the browser's languages with a bundle, else English. */
  static Text forLanguages(String acceptLanguage) {
    if (acceptLanguage != null && !acceptLanguage.isBlank()) {
      try {
        for (Locale.LanguageRange range : Locale.LanguageRange.parse(acceptLanguage)) {
          Locale wanted = Locale.forLanguageTag(range.getRange());
          if (wanted.getLanguage().isEmpty() || wanted.getLanguage().equals("*")) {
            continue;
          }
          ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, wanted, Control.INSTANCE);
          if (bundle.getLocale().getLanguage().equals(wanted.getLanguage())) {
            return new Text(bundle, bundle.getLocale());
          }
        }
      } catch (IllegalArgumentException e) {
        // a malformed Accept-Language header: fall back to English
      }
    }
    return english();
  }

  /**
   * The language a person reads: the one they chose, else the node's default ({@code
   * console.language}), else the first of their browser's languages with a bundle, else English.
   */
  static Text choose(String userLanguage, String nodeLanguage, String acceptLanguage) {
    String chosen = userLanguage != null ? userLanguage : nodeLanguage;
    return chosen != null ? of(chosen) : forLanguages(acceptLanguage);
  }

  /** The bundle of {@code language} (a BCP 47 tag), English if there is none. */
  public static Text of(String language) {
    ResourceBundle bundle =
        ResourceBundle.getBundle(BUNDLE, Locale.forLanguageTag(language), Control.INSTANCE);
    return new Text(
        bundle, bundle.getLocale().getLanguage().isEmpty() ? FALLBACK : bundle.getLocale());
  }

  static Text english() {
    return new Text(ResourceBundle.getBundle(BUNDLE, FALLBACK, Control.INSTANCE), FALLBACK);
  }

  /** The BCP 47 tag of the language shown, for {@code <html lang>}. */
  @Override
  public String language() {
    return locale.toLanguageTag();
  }

  @Override
  public String get(String key) {
    try {
      return bundle.getString(key);
    } catch (MissingResourceException e) {
      return "??" + key + "??";
    }
  }

  /**
   * The text for {@code key} with {@code {0}}, {@code {1}}… filled in (java.text.MessageFormat).
   */
  public String format(String key, Object... arguments) {
    return new MessageFormat(get(key), locale).format(arguments);
  }

  /** The label of a protocol word by its name: {@code word("precedence", "FLASH")}. */
  public String word(String prefix, String name) {
    return name == null || name.isEmpty() ? "" : get(prefix + "." + name);
  }

  /** An enum's label: {@code precedence.FLASH}, {@code state.DELIVERED}. */
  public String label(String prefix, Enum<?> value) {
    return value == null ? "" : get(prefix + "." + value.name());
  }

  /**
   * Base name lookup without the JVM's default locale in between: an unknown language gives
   * English.
   */
  private static final class Control extends ResourceBundle.Control {
    static final Control INSTANCE = new Control();

    @Override
    public List<String> getFormats(String baseName) {
      return FORMAT_PROPERTIES;
    }

    @Override
    public Locale getFallbackLocale(String baseName, Locale locale) {
      return locale.equals(FALLBACK) ? null : FALLBACK;
    }
  }
}
