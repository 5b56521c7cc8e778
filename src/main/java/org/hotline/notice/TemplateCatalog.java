package org.hotline.notice;

import java.util.List;
import java.util.Optional;

/** The templates Hotline ships (docs/notifications.md lists them with their sources). */
public final class TemplateCatalog {
  private TemplateCatalog() {}

  /** Every shipped template, read from the classpath, in a stable order. */
  public static List<Template> shipped() {
    return List.of();
  }

  /** The shipped template with this id, its newest version. */
  public static Optional<Template> shipped(String id) {
    return shipped().stream().filter(t -> t.id().equals(id)).findFirst();
  }
}
