package org.hotline.notice;

import java.util.List;
import java.util.Optional;

/**
 * Where a node keeps the templates its operators added: its own database (docs/notifications.md,
 * "Adding a template"). Thread-safe.
 */
public interface TemplateStore {
  /**
   * Stores {@code template} unless a template of the same id and version is stored: true when it
   * stored it, false when it left the earlier one as it was. Atomic.
   */
  boolean addIfAbsent(AddedTemplate template);

  /** The template stored under {@code id} and {@code version}. */
  Optional<AddedTemplate> find(String id, int version);

  /** Every stored template, by id, then version. */
  List<AddedTemplate> all();
}
