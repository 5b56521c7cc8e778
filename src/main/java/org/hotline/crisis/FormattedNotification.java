package org.hotline.crisis;

import java.util.List;
import java.util.Optional;
import org.hotline.link.entry.TemplateRef;
import org.hotline.notice.FieldProblem;
import org.hotline.notice.Template;

/**
 * A formatted notification as the link's logs make it (docs/notifications.md, "Adoption, sending
 * and receiving"): the template its entry names, that template if some adoption on the link has its
 * hash, its values, and whether they keep it. A pure function of the logs: both nodes, holding the
 * same logs, read every notification the same way. Immutable.
 *
 * @param ref the template as the entry names it: id, version and SHA-256
 * @param template the adopted template with that hash, id and version, if any
 * @param values the values as signed: the message's body, canonical JSON when well formed
 * @param validity whether the values keep the template
 * @param problems why not, each at its JSON Pointer: empty when {@link Validity#VALID}
 */
public record FormattedNotification(
    TemplateRef ref,
    Optional<Template> template,
    String values,
    Validity validity,
    List<FieldProblem> problems) {

  /** Whether a formatted notification keeps the template it names. */
  public enum Validity {
    /** The values keep the adopted template the entry names. */
    VALID,
    /** The values break the adopted template the entry names: see the problems. */
    INVALID,
    /**
     * No adoption on the link has the template's hash, or the adopted template with it has another
     * id or version than the entry says: the values cannot be read against any form.
     */
    UNKNOWN_TEMPLATE
  }

  public FormattedNotification {
    problems = List.copyOf(problems);
  }

  /**
   * The free-text fields its values fill, each with its JSON Pointer: what a translation of it may
   * name (docs/notifications.md §8). Empty when no adopted template reads it.
   */
  public List<Template.FreeText> freeText() {
    return template.map(known -> known.freeText(values)).orElse(List.of());
  }

  /**
   * The notification whose entry names {@code ref} with {@code values}, read against {@code
   * adopted}, the template adopted on the link with {@code ref}'s hash if any.
   */
  static FormattedNotification read(TemplateRef ref, Optional<Template> adopted, String values) {
    Optional<Template> named =
        adopted.filter(
            template -> template.id().equals(ref.id()) && template.version() == ref.version());
    if (named.isEmpty()) {
      String why =
          adopted.isEmpty()
              ? "no adoption on the link has the template's hash"
              : "the template adopted with this hash is "
                  + adopted.get().id()
                  + " version "
                  + adopted.get().version();
      return new FormattedNotification(
          ref,
          Optional.empty(),
          values,
          Validity.UNKNOWN_TEMPLATE,
          List.of(new FieldProblem("", "template", why)));
    }
    List<FieldProblem> problems = named.get().check(values);
    return new FormattedNotification(
        ref, named, values, problems.isEmpty() ? Validity.VALID : Validity.INVALID, problems);
  }
}
