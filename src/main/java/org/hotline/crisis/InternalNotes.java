package org.hotline.crisis;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hotline.InvalidInputException;
import org.hotline.NotFoundException;
import org.hotline.console.NotPermittedException;
import org.hotline.console.Permission;
import org.hotline.console.Role;
import org.hotline.link.entry.MessageId;
import org.hotline.text.TextPolicy;

/**
 * Internal notes: what this node's people write on an incident, a commitment or a concern for
 * themselves alone (docs/crisis.md, "Internal notes"). Unlike a shared note they are no change:
 * never an entry, never in a log or the record, never in a state or its hash, never in a situation
 * report, never sent. They are kept in this node's database only. Thread-safe.
 */
public final class InternalNotes {
  /** As a shared note (16 KiB of UTF-8 holds several pages): the same text fits either. */
  public static final int TEXT_CHARS_MAX = Notes.TEXT_CHARS_MAX;

  private final Crisis crisis;
  private final InternalNoteStore store;
  private final Clock clock;

  public InternalNotes(Crisis crisis, InternalNoteStore store, Clock clock) {
    this.crisis = crisis;
    this.store = store;
    this.clock = clock;
  }

  /**
   * Writes an internal note on the object {@code type/object}, by {@code by} with {@code role}
   * (duty officer and above, as a shared note). Throws {@link NotFoundException} when no link holds
   * the object, {@link NotPermittedException} for a role that may not, {@link
   * InvalidInputException} naming {@code text}, {@code supersedes} or {@code by}. Nothing is stored
   * when it throws.
   */
  public InternalNote add(
      ObjectType type,
      MessageId object,
      String text,
      Optional<UUID> supersedes,
      String by,
      Role role) {
    String name = name(type, object);
    if (!role.allows(Permission.SEND)) {
      throw new NotPermittedException(
          "a " + role.label() + " may not write an internal note on a " + type.wire());
    }
    String author = TextPolicy.admit("by", by, TextPolicy.Lines.ONE);
    if (text == null) {
      throw new InvalidInputException("text", "text: required, a string");
    }
    String admitted = TextPolicy.admit("text", text, TextPolicy.Lines.MULTI);
    if (admitted.isBlank() || admitted.length() > TEXT_CHARS_MAX) {
      throw new InvalidInputException(
          "text", "text: must be 1 to " + TEXT_CHARS_MAX + " characters, not " + admitted.length());
    }
    requireObject(name);
    if (supersedes.isPresent()
        && store.notes(name).stream().noneMatch(note -> note.id().equals(supersedes.get()))) {
      throw new InvalidInputException(
          "supersedes",
          "supersedes: " + supersedes.get() + " is not an earlier internal note on " + name);
    }
    InternalNote note =
        new InternalNote(UUID.randomUUID(), name, author, admitted, clock.instant(), supersedes);
    store.insert(note);
    return note;
  }

  /** The internal notes on {@code type/object}, oldest first; {@link NotFoundException} if none. */
  public List<InternalNote> on(ObjectType type, MessageId object) {
    String name = name(type, object);
    requireObject(name);
    return store.notes(name);
  }

  /** The id of an internal note as a person or program gives it ({@code supersedes}). */
  public static UUID noteId(String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("supersedes", "supersedes: not the id of an internal note");
    }
  }

  private static String name(ObjectType type, MessageId object) {
    return type.wire() + "/" + object;
  }

  private void requireObject(String name) {
    if (crisis.linkOf(name).isEmpty()) {
      throw new NotFoundException("no " + name + " on this node");
    }
  }
}
