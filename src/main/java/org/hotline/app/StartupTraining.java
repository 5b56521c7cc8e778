package org.hotline.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The training run for the JVM's ahead-of-time cache (JDK 25, JEP 483, 514 and 515), which the
 * {@code hotline} launcher makes once per build: the JVM records which classes the commands load
 * and link and how their methods behave, and every later start loads those classes already linked
 * and compiles the hot methods at once with the recorded profiles, instead of interpreting and
 * profiling them first. On two cores that profiling and compiling cost as much CPU as checking a
 * million entries.
 *
 * <p>It runs the real commands in this process on a scratch directory: two nodes' stores filled by
 * the real link, {@code verify} of both, {@code export} and {@code verify-export}, then deletes the
 * directory. Nothing here is specific to the cache; run alone it is a short smoke run of those
 * commands, and it exits 1 if any of them fails. Not part of the {@code hotline} CLI.
 */
public final class StartupTraining {
  /**
   * Entries filled: enough that every method on the path of reading, checking and exporting a log
   * runs tens of thousands of times, as it would on a real node's history, in a few seconds.
   */
  static final int ENTRIES = 20_000;

  private StartupTraining() {}

  public static void main(String[] args) throws IOException {
    Path scratch = Files.createTempDirectory("hotline-training");
    int status;
    try {
      status = run(scratch, ENTRIES);
    } finally {
      delete(scratch);
    }
    System.exit(status);
  }

  /** Runs the commands on {@code scratch}; returns 0, or 1 at the first that fails. */
  static int run(Path scratch, int entries) {
    String dir = scratch.toString();
    String export = scratch.resolve("us-cn.jsonl").toString();
    List<String[]> commands =
        List.of(
            new String[] {"--version"},
            new String[] {"bench", "--record", Integer.toString(entries), "--dir", dir},
            new String[] {"verify", "--dir", scratch.resolve("cn").toString()},
            new String[] {"verify", "--dir", scratch.resolve("us").toString(), "--json"},
            new String[] {
              "export", "--dir", scratch.resolve("us").toString(), "--peer", "cn", "--out", export
            },
            new String[] {"verify-export", export});
    for (String[] command : commands) {
      int status = Main.run(command);
      if (status != 0) {
        System.err.println("training: hotline " + String.join(" ", command) + " exited " + status);
        return 1;
      }
    }
    return 0;
  }

  private static void delete(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
