package org.hotline.web.console;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hotline.console.Audit;
import org.hotline.console.NotPermittedException;
import org.hotline.console.Permission;
import org.hotline.crisis.InternalNote;
import org.hotline.crisis.InternalNotes;
import org.hotline.crisis.ObjectType;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.MessageId;

/**
 * The internal notes of a shared object on its console page: a section of their own, marked as not
 * shared with the peer, and the form that writes one (duty officer and above). An internal note is
 * never sent (docs/crisis.md, "Internal notes"); its text is not in the audit log either, only its
 * id. Thread-safe.
 */
final class InternalNotesPages {
  private final Console console;
  private final InternalNotes notes;

  InternalNotesPages(Console console) {
    this.console = console;
    this.notes = console.services().internalNotes();
  }

  void register(JavalinConfig config) {
    config.routes.post(
        "/incidents/{id}/internal-notes", ctx -> write(ctx, ObjectType.INCIDENT, "/incidents/"));
  }

  /** The section shown on the page of {@code type/id}, shared with {@code peer}. */
  CrisisViews.InternalNotesSection section(
      Viewer viewer, ObjectType type, MessageId id, PartyId peer) {
    List<InternalNote> held = notes.on(type, id);
    Set<UUID> superseded =
        held.stream()
            .flatMap(note -> note.supersedes().stream())
            .collect(Collectors.toUnmodifiableSet());
    return new CrisisViews.InternalNotesSection(
        viewer.t(),
        viewer.session().csrfToken(),
        "/" + type.wire() + "s/" + id + "/internal-notes",
        peer.value(),
        held.stream()
            .map(
                note ->
                    new CrisisViews.InternalNoteRow(
                        note.id().toString(),
                        note.author(),
                        note.text(),
                        note.at(),
                        note.supersedes().map(UUID::toString).orElse(""),
                        superseded.contains(note.id())))
            .toList(),
        viewer.can(Permission.SEND));
  }

  private void write(Context ctx, ObjectType type, String back) {
    Viewer viewer = console.viewer(ctx);
    Text t = viewer.t();
    MessageId id = MessageId.parse(ctx.pathParam("id"));
    if (!viewer.can(Permission.SEND)) {
      throw new NotPermittedException(
          t.format(
              "internal.notPermitted",
              viewer.user().username(),
              t.label("role", viewer.user().role())));
    }
    String supersedes = ctx.formParam("supersedes");
    InternalNote note =
        notes.add(
            type,
            id,
            ctx.formParam("text"),
            supersedes == null || supersedes.isBlank()
                ? Optional.empty()
                : Optional.of(InternalNotes.noteId(supersedes)),
            viewer.user().username(),
            viewer.user().role());
    console
        .services()
        .audit()
        .record(viewer.actor(), Audit.CRISIS_INTERNAL_NOTE, note.object(), note.id().toString());
    console.redirect(ctx, viewer, back + id, t.get("internal.written"));
  }
}
