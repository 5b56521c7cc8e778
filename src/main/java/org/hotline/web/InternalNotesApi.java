package org.hotline.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hotline.console.Role;
import org.hotline.crisis.InternalNote;
import org.hotline.crisis.InternalNotes;
import org.hotline.crisis.ObjectType;

/**
 * {@code /api/v1/{incidents|commitments|concerns}/{id}/internal-notes}: the notes this node keeps
 * on a shared object for itself alone, which never reach the peer (docs/crisis.md). The API token
 * writes with the rights of an administrator, under the name given in {@code by} (default {@code
 * api}), as it makes changes. Thread-safe.
 */
final class InternalNotesApi {
  private final InternalNotes notes;

  InternalNotesApi(InternalNotes notes) {
    this.notes = notes;
  }

  /** The body of {@code POST …/internal-notes}. */
  record Write(String text, String supersedes, String by) {}

  void add(Context ctx, ObjectType type) throws IOException {
    Write body = CrisisApi.read(ctx, Write.class);
    InternalNote note =
        notes.add(
            type,
            CrisisApi.id(ctx.pathParam("id")),
            body.text(),
            Optional.ofNullable(body.supersedes()).map(InternalNotes::noteId),
            body.by() == null ? CrisisApi.BY_DEFAULT : body.by(),
            Role.ADMINISTRATOR);
    ctx.status(HttpStatus.CREATED).json(shown(note));
  }

  void list(Context ctx, ObjectType type) {
    ctx.json(
        Map.of(
            "internal_notes",
            notes.on(type, CrisisApi.id(ctx.pathParam("id"))).stream()
                .map(InternalNotesApi::shown)
                .toList()));
  }

  private static Map<String, Object> shown(InternalNote note) {
    Map<String, Object> shown = new LinkedHashMap<>();
    shown.put("id", note.id().toString());
    shown.put("object", note.object());
    shown.put("author", note.author());
    shown.put("text", note.text());
    shown.put("created_at", note.at().toString());
    shown.put("supersedes", note.supersedes().map(UUID::toString).orElse(null));
    return shown;
  }
}
