package org.hotline.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
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
import org.hotline.store.sqlite.SqliteStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SignedMark} of a node, in {@code signed-mark.json} beside its database (never inside
 * it, and never in a backup archive: a mark restored from a backup would be as old as the backup).
 * Each change is written to a new file, synced, and renamed over the old one, then the directory is
 * synced: the mark that a publication relies on survives a crash or a power loss. Changes are made
 * under a lock on {@code signed-mark.lock} and merged with the file as it stands (a mark only
 * rises), so that a command run beside the node ({@code hotline export}) and the node itself never
 * lower each other's marks.
 *
 * <p>The file, owner-only (0600):
 *
 * <pre>{"restored":false,"logs":{"hotline/us/cn":1234}}</pre>
 *
 * A log that is not listed has mark 0, unless {@code restored} is true: {@code hotline restore}
 * writes {@code {"restored":true,"logs":{}}}, and every log not recovered since is unknown.
 *
 * <p>The database records that its node keeps a mark ({@link #openFor}): a database found without
 * the file it had (put back by hand from a copy) is taken as restored, so the node waits for a
 * recovery instead of signing again at positions it already signed. Only a database from before the
 * mark (an upgrade) starts a new file at 0, which rises as the node publishes. Reads take a
 * snapshot and never wait for a write. Thread-safe.
 */
final class MarkFile implements SignedMark {
  private static final Logger LOG = LoggerFactory.getLogger(MarkFile.class);

  static final String NAME = "signed-mark.json";
  private static final String LOCK = "signed-mark.lock";

  /** The database's record that this node keeps a mark file (its {@code node_state} table). */
  static final String IN_USE = "signed-mark";

  /** Largest file read: a party's logs, one per peer, fit many times over. */
  private static final long FILE_BYTES_MAX = 1024 * 1024;

  /** What the file says: whether the node was restored, and the marks it lists. */
  private record State(boolean restored, Map<String, Long> logs) {
    State {
      logs = Map.copyOf(logs);
    }
  }

  private final Path file;
  private volatile State state;

  private MarkFile(Path file, State state) {
    this.file = file;
    this.state = state;
  }

  /** The mark of the node in {@code dir}, as its file says (none: not restored, all 0). */
  static MarkFile open(Path dir) {
    Path file = dir.resolve(NAME);
    return new MarkFile(file, read(file));
  }

  /**
   * The mark of the node in {@code dir} whose database is {@code store}: as {@link #open}, except
   * that a database that records a mark file which is missing is taken as restored. Records in the
   * database that the node keeps one.
   */
  static MarkFile openFor(Path dir, org.hotline.identity.PartyId self, SqliteStore store) {
    Path file = dir.resolve(NAME);
    boolean recorded = store.nodeState(IN_USE).isPresent();
    if (!Files.exists(file)) {
      if (recorded) {
        LOG.warn(
            "{} is missing beside a database that had one: the database was put back from a copy;"
                + " this node signs nothing to a peer until it recovers its log from it",
            file);
        markRestored(dir);
      } else {
        // A new node, or one that predates the mark: what it stores of its logs may have been
        // published, so each mark starts there.
        Map<String, Long> logs = new TreeMap<>();
        for (org.hotline.link.Peer peer : store.peers()) {
          LogOrigin own = new LogOrigin(self, peer.id());
          logs.put(own.text(), store.logHead(own).map(h -> h.size()).orElse(0L));
        }
        State initial = new State(false, logs);
        new MarkFile(file, initial).write(initial, false);
      }
    }
    if (!recorded) {
      store.putNodeState(IN_USE, NAME);
    }
    return open(dir);
  }

  private static State read(Path file) {
    if (!Files.exists(file)) {
      return new State(false, Map.of());
    }
    try {
      if (Files.size(file) > FILE_BYTES_MAX) {
        throw unreadable(file, "it is over " + FILE_BYTES_MAX + " bytes");
      }
      byte[] bytes = Files.readAllBytes(file);
      JsonNode json;
      try {
        json = Json.mapper().readTree(bytes);
      } catch (IOException e) {
        // not JSON, or not text (Jackson takes some bytes for UTF-32 and refuses them)
        throw unreadable(file, "it is not JSON");
      }
      if (json == null
          || !json.isObject()
          || json.size() != 2
          || !json.path("restored").isBoolean()
          || !json.path("logs").isObject()) {
        throw unreadable(file, "it is not {\"restored\": true or false, \"logs\": {...}}");
      }
      Map<String, Long> logs = new TreeMap<>();
      for (var field : json.get("logs").properties()) {
        JsonNode size = field.getValue();
        if (!size.isIntegralNumber() || !size.canConvertToLong() || size.longValue() < 0) {
          throw unreadable(file, "the mark of " + field.getKey() + " is not a size");
        }
        logs.put(field.getKey(), size.longValue());
      }
      return new State(json.get("restored").booleanValue(), logs);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
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
    MarkFile mark = new MarkFile(dir.resolve(NAME), new State(true, Map.of()));
    // A directory being restored has no node and no other command running in it: no lock.
    mark.writeUnlocked(new State(true, Map.of()), false);
  }

  @Override
  public OptionalLong get(LogOrigin log) {
    return markOf(state, log.text());
  }

  private static OptionalLong markOf(State state, String log) {
    Long size = state.logs().get(log);
    if (size != null) {
      return OptionalLong.of(size);
    }
    return state.restored() ? OptionalLong.empty() : OptionalLong.of(0);
  }

  @Override
  public void publish(LogOrigin log, long size) {
    OptionalLong current = get(log);
    if (current.isEmpty() || current.getAsLong() >= size) {
      return;
    }
    Map<String, Long> logs = new TreeMap<>(state.logs());
    logs.put(log.text(), size);
    write(new State(state.restored(), logs), true);
  }

  @Override
  public void reset(LogOrigin log, long size) {
    write(log.text(), size);
  }

  /**
   * Sets the mark of {@code log} to {@code size} under the lock, keeping every other log's mark as
   * the higher of ours and the file's.
   */
  private void write(String log, long size) {
    locked(
        () -> {
          State onDisk = read(file);
          Map<String, Long> logs = new TreeMap<>(onDisk.logs());
          state.logs().forEach((other, mark) -> logs.merge(other, mark, Math::max));
          logs.put(log, size);
          writeUnlocked(new State(onDisk.restored(), logs), false);
        });
  }

  /**
   * Writes {@code next} durably, under the lock; with {@code merge}, each mark as the higher of
   * {@code next}'s and the file's as it stands (another process may have raised one), and a log the
   * file does not know stays unknown if the file says restored.
   */
  private void write(State next, boolean merge) {
    locked(() -> writeUnlocked(next, merge));
  }

  /** Runs {@code work} holding the lock on {@code signed-mark.lock}, against other processes. */
  private synchronized void locked(Runnable work) {
    try (FileChannel lockFile =
            FileChannel.open(
                file.resolveSibling(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockFile.lock()) {
      if (!lock.isValid()) {
        throw new IOException("the lock on " + LOCK + " was lost");
      }
      work.run();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
    }
  }

  private synchronized void writeUnlocked(State next, boolean merge) {
    Path temporary = file.resolveSibling(NAME + ".new");
    try {
      State written = next;
      if (merge) {
        State onDisk = read(file);
        Map<String, Long> logs = new TreeMap<>(onDisk.logs());
        next.logs().forEach((log, size) -> logs.merge(log, size, Math::max));
        written = new State(onDisk.restored(), logs);
      }
      ObjectNode json = Json.mapper().createObjectNode();
      json.put("restored", written.restored());
      ObjectNode sizes = json.putObject("logs");
      written.logs().forEach(sizes::put);
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
      state = written;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
