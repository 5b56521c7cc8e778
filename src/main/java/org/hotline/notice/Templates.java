package org.hotline.notice;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.hotline.ConflictException;
import org.hotline.InvalidInputException;
import org.hotline.NotFoundException;
import org.hotline.text.TextPolicy;

/**
 * The templates this node knows: those Hotline ships ({@link TemplateCatalog}) and those its
 * operators added (docs/notifications.md, "Adding a template"). An id and a version name one
 * template for good: adding the identical text again changes nothing, a different text under the
 * same id and version is refused. Thread-safe.
 */
public final class Templates {
  /** Where a template comes from. */
  public enum Source {
    SHIPPED,
    ADDED
  }

  /**
   * A template with where it came from.
   *
   * @param template the template
   * @param source shipped with Hotline, or added here
   * @param addedBy who added it, {@code ""} for a shipped one
   * @param addedAt when, or null for a shipped one
   */
  public record Known(
      Template template, Source source, String addedBy, java.time.Instant addedAt) {}

  /** What {@link #add} did: stored it, or found the identical template already known. */
  public record Added(Known known, boolean created) {}

  private final TemplateStore store;
  private final Clock clock;

  public Templates(TemplateStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Every known template, by id, then version. */
  public List<Known> all() {
    List<Known> all = new ArrayList<>();
    TemplateCatalog.shipped().forEach(t -> all.add(new Known(t, Source.SHIPPED, "", null)));
    store.all().forEach(added -> all.add(read(added)));
    all.sort(
        Comparator.comparing((Known k) -> k.template().id())
            .thenComparingInt(k -> k.template().version()));
    return List.copyOf(all);
  }

  /**
   * The template {@code id} at {@code version}, or its newest version when none is given. Throws
   * {@link NotFoundException} when there is none.
   */
  public Known find(String id, OptionalInt version) {
    Optional<Known> found =
        all().stream()
            .filter(k -> k.template().id().equals(id))
            .filter(k -> version.isEmpty() || k.template().version() == version.getAsInt())
            .reduce((older, newer) -> newer);
    return found.orElseThrow(
        () ->
            new NotFoundException(
                "no template "
                    + id
                    + (version.isPresent() ? " version " + version.getAsInt() : "")
                    + " on this node"));
  }

  /**
   * Adds the template {@code text} by {@code by}. Throws {@link InvalidInputException} whose field
   * is the JSON Pointer of the place when the text is not a template (its message names the place
   * too), {@link ConflictException} when another text is known under the same id and version
   * (shipped or added). The identical template again is no change: {@code created} is false.
   */
  public Added add(String text, String by) {
    String author = TextPolicy.admit("by", by, TextPolicy.Lines.ONE);
    if (author == null
        || author.isBlank()
        || author.length() > org.hotline.link.entry.ResponseEntry.BY_LENGTH_MAX) {
      // Who added it is a name, as on every entry (ResponseEntry.BY_LENGTH_MAX).
      throw new InvalidInputException(
          "by",
          "who adds a template is 1 to "
              + org.hotline.link.entry.ResponseEntry.BY_LENGTH_MAX
              + " characters");
    }
    Template template;
    try {
      template = Template.parse(text);
    } catch (InvalidInputException refused) {
      String place = refused.field().isEmpty() ? "" : " at " + refused.field();
      throw new InvalidInputException(
          refused.field(), "the template is refused" + place + ": " + refused.getMessage());
    }
    Optional<Template> shipped =
        TemplateCatalog.shipped().stream()
            .filter(t -> t.id().equals(template.id()) && t.version() == template.version())
            .findFirst();
    if (shipped.isPresent()) {
      same(shipped.get(), template);
      return new Added(new Known(shipped.get(), Source.SHIPPED, "", null), false);
    }
    AddedTemplate ours =
        new AddedTemplate(
            template.id(),
            template.version(),
            template.sha256(),
            template.canonical(),
            author,
            clock.instant());
    if (store.addIfAbsent(ours)) {
      return new Added(read(ours), true);
    }
    Known earlier =
        read(
            store
                .find(template.id(), template.version())
                .orElseThrow(
                    () -> new IllegalStateException("a template the store refused is not there")));
    same(earlier.template(), template);
    return new Added(earlier, false);
  }

  private static void same(Template known, Template template) {
    if (!known.sha256().equals(template.sha256())) {
      throw new ConflictException(
          "template "
              + template.id()
              + " version "
              + template.version()
              + " is already known with other content (sha256 "
              + known.sha256()
              + "): give a changed template a new version");
    }
  }

  /** A stored template, read back and checked as it was when added. */
  private static Known read(AddedTemplate added) {
    Template template = Template.parse(added.canonical());
    if (!template.sha256().equals(added.sha256())
        || !template.id().equals(added.id())
        || template.version() != added.version()) {
      throw new IllegalStateException(
          "the stored template " + added.id() + " v" + added.version() + " is not what was added");
    }
    return new Known(template, Source.ADDED, added.addedBy(), added.addedAt());
  }
}
