package org.hotline.notice;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The templates Hotline ships (docs/notifications.md lists them with their sources), read once from
 * {@code notice/templates/<id>.json} on the classpath. Thread-safe.
 */
public final class TemplateCatalog {
  /** The shipped templates' ids, in the order lists show them. */
  public static final List<String> SHIPPED_IDS =
      List.of(
          "aerial-object-sighting",
          "unplanned-encounter",
          "launch-notification",
          "military-activity",
          "consular-detention",
          "precursor-interdiction",
          "cyber-incident",
          "flight-schedule");

  private static final String FOLDER = "/notice/templates/";

  private TemplateCatalog() {}

  /**
   * Every shipped template, in a stable order. A shipped template that does not parse is a build
   * defect, not an operating error: this throws then, and TemplateCatalogTest keeps it from
   * happening.
   */
  public static List<Template> shipped() {
    return Shipped.TEMPLATES;
  }

  /** The shipped template with this id, its newest version. */
  public static Optional<Template> shipped(String id) {
    return shipped().stream()
        .filter(template -> template.id().equals(id))
        .reduce((first, second) -> second.version() > first.version() ? second : first);
  }

  /**
   * Example values for a shipped template ({@code notice/examples/<id>.json}): what the demo sends
   * and docs/notifications.md shows; each passes {@link Template#check}.
   */
  public static Optional<String> example(String id) {
    if (!SHIPPED_IDS.contains(id)) {
      return Optional.empty();
    }
    return Optional.of(resource("/notice/examples/" + id + ".json"));
  }

  /** The text of a shipped template's file, as written (indented), for showing to a person. */
  static String text(String id) {
    return resource(FOLDER + id + ".json");
  }

  private static String resource(String path) {
    try (InputStream in = TemplateCatalog.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Read on first use. */
  private static final class Shipped {
    static final List<Template> TEMPLATES =
        SHIPPED_IDS.stream().map(id -> Template.parse(text(id))).toList();
  }
}
