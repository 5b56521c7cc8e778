package org.hotline.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.hotline.ConflictException;
import org.hotline.Json;
import org.hotline.identity.LogOrigin;
import org.hotline.link.SignedMark;

/**
 * The {@link SignedMark} of a node, in {@code signed-mark.json} beside its database (never inside
 * it, and never in a backup archive: a mark restored from a backup would be as old as the backup).
 * Each change is written to a new file, synced, and renamed over the old one, then the directory is
 * synced: the mark that a publication relies on survives a crash or a power loss.
 *
 * <p>The file, owner-only (0600):
 *
 * <pre>{"restored":false,"logs":{"hotline/us/cn":1234}}</pre>
 *
 * A log that is not listed has mark 0, unless {@code restored} is true: {@code hotline restore}
 * writes {@code {"restored":true,"logs":{}}}, and every log not recovered since is unknown. A
 * missing file (a node that predates the mark) is one with no log listed, not restored: the mark
 * rises from 0 as the node publishes. Thread-safe.
 */
final class MarkFile implements SignedMark {
  static final String NAME = "signed-mark.json";

  /** Largest file read: a party's logs, one per peer, fit many times over. */
  private static final long FILE_BYTES_MAX = 1024 * 1024;

  private final Path file;
  private final Map<String, Long> logs = new TreeMap<>();
  private boolean restored;

  private MarkFile(Path file) {
    this.file = file;
  }

  /** The mark of the node in {@code dir}. */
  static MarkFile open(Path dir) {
    MarkFile mark = new MarkFile(dir.resolve(NAME));
    if (!Files.exists(mark.file)) {
      return mark;
    }
    try {
      if (Files.size(mark.file) > FILE_BYTES_MAX) {
        throw unreadable(mark.file, "it is over " + FILE_BYTES_MAX + " bytes");
      }
      JsonNode json;
      try {
        json = Json.mapper().readTree(Files.readAllBytes(mark.file));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw unreadable(mark.file, "it is not JSON");
      }
      if (json == null
          || !json.isObject()
          || json.size() != 2
          || !json.path("restored").isBoolean()
          || !json.path("logs").isObject()) {
        throw unreadable(mark.file, "it is not {\"restored\": true or false, \"logs\": {...}}");
      }
      mark.restored = json.get("restored").booleanValue();
      for (var field : json.get("logs").properties()) {
        JsonNode size = field.getValue();
        if (!size.isIntegralNumber() || !size.canConvertToLong() || size.longValue() < 0) {
          throw unreadable(mark.file, "the mark of " + field.getKey() + " is not a size");
        }
        mark.logs.put(field.getKey(), size.longValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + mark.file + ": " + e.getMessage(), e);
    }
    return mark;
  }

  /**
   * A mark file the node cannot read: it refuses to start rather than sign without knowing what it
   * signed before.
   */
  private static ConflictException unreadable(Path file, String why) {
    return new ConflictException(
        file
            + " cannot be read ("
            + why
            + "): it says how far this node has signed its logs; restore it, or write"
            + " {\"restored\":true,\"logs\":{}} to it and recover from the peers (hotline recover)");
  }

  /**
   * Marks the node in {@code dir} as restored from a backup: every log's mark is unknown until it
   * is recovered from its peer.
   */
  static void markRestored(Path dir) {
    MarkFile mark = new MarkFile(dir.resolve(NAME));
    mark.restored = true;
    mark.write();
  }

  @Override
  public synchronized OptionalLong get(LogOrigin log) {
    Long size = logs.get(log.text());
    if (size != null) {
      return OptionalLong.of(size);
    }
    return restored ? OptionalLong.empty() : OptionalLong.of(0);
  }

  @Override
  public synchronized void publish(LogOrigin log, long size) {
    OptionalLong current = get(log);
    if (current.isEmpty() || current.getAsLong() >= size) {
      return;
    }
    logs.put(log.text(), size);
    write();
  }

  @Override
  public synchronized void reset(LogOrigin log, long size) {
    logs.put(log.text(), size);
    write();
  }

  private void write() {
    ObjectNode json = Json.mapper().createObjectNode();
    json.put("restored", restored);
    ObjectNode sizes = json.putObject("logs");
    logs.forEach(sizes::put);
    Path temporary = file.resolveSibling(NAME + ".new");
    try {
      Files.deleteIfExists(temporary);
      NodeHome.createOwnerOnly(temporary);
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(Json.mapper().writeValueAsBytes(json));
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(true);
      }
      Files.move(
          temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
        directory.force(true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
