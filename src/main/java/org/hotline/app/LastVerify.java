package org.hotline.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import org.hotline.Json;
import org.hotline.record.RecordVerifier;

/**
 * What the last {@code hotline verify} of a data directory found, kept in {@code last-verify.json}
 * beside its database, owner-only: when it ran, whether the record was intact, how many problems it
 * found. The node exports it as metrics ({@code hotline_verify_findings}), so that an operator who
 * runs verify on a schedule (docs/operations.md §12.1) is alerted when it finds a problem or stops
 * running. Verify itself reads the database only; this small file is all it writes.
 *
 * <pre>{"at":"2026-12-07T03:00:01Z","ok":true,"findings":0,"entries":123456}</pre>
 */
final class LastVerify {
  static final String NAME = "last-verify.json";

  /** Largest file read: four small fields. */
  private static final long FILE_BYTES_MAX = 4096;

  /** One verify's outcome. */
  record Outcome(Instant at, boolean ok, long findings, long entries) {}

  private LastVerify() {}

  /** Records {@code report}, made at {@code at}, for the data directory {@code dir}. */
  static void record(Path dir, RecordVerifier.Report report, Instant at) {
    ObjectNode json = Json.mapper().createObjectNode();
    json.put("at", at.toString());
    json.put("ok", report.ok());
    json.put("findings", report.findings().size());
    json.put("entries", report.entries());
    Path file = dir.resolve(NAME);
    Path temporary = dir.resolve(NAME + ".new");
    try {
      Files.deleteIfExists(temporary);
      NodeHome.createOwnerOnly(temporary);
      Files.write(temporary, Json.mapper().writeValueAsBytes(json));
      Files.move(
          temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** The last outcome recorded in {@code dir}; empty if none, or if the file does not read. */
  static Optional<Outcome> read(Path dir) {
    Path file = dir.resolve(NAME);
    try {
      if (!Files.isRegularFile(file) || Files.size(file) > FILE_BYTES_MAX) {
        return Optional.empty();
      }
      JsonNode json = Json.mapper().readTree(Files.readAllBytes(file));
      if (json == null
          || !json.path("at").isTextual()
          || !json.path("ok").isBoolean()
          || !json.path("findings").canConvertToLong()
          || !json.path("entries").canConvertToLong()) {
        return Optional.empty();
      }
      return Optional.of(
          new Outcome(
              Instant.parse(json.get("at").asText()),
              json.get("ok").booleanValue(),
              json.get("findings").longValue(),
              json.get("entries").longValue()));
    } catch (IOException | java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
