package org.hotline.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The previous release of Hotline, built from this repository's own history: a git worktree of
 * {@link #COMMIT} in a temporary directory, built with its own Maven wrapper (offline, unless a
 * plugin it needs has not been fetched yet), its jar and runtime dependencies kept under {@code
 * target/previous-release/<commit>/} (built once, then reused until {@code target/} is cleaned),
 * and the worktree removed. Runs that build's {@code hotline} commands and nodes as child
 * processes, as an operator who has not upgraded yet would. Thread-safe ({@link #build} is
 * synchronized).
 */
public final class PreviousRelease {
  /**
   * The previous release: the last commit on main before the entry format could differ between
   * nodes (capabilities, tolerant reading). There are no release tags; when there are, name the
   * latest here.
   */
  public static final String COMMIT = "fb918b0a0891b457f34457205a09c47e60a22f9f";

  /**
   * The old build compiles about 300 classes and copies 35 MiB of dependencies: about a minute on a
   * loaded 2-core machine; ten is a stuck build.
   */
  static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);

  /** A git command on a local repository answers at once; a minute is a stuck one. */
  static final Duration GIT_TIMEOUT = Duration.ofMinutes(1);

  /** A one-shot command (init, send, verify) on a few entries finishes in seconds. */
  static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

  private static final Path CACHE =
      Path.of("target", "previous-release", COMMIT.substring(0, 12)).toAbsolutePath();

  private static Duration builtIn;

  private PreviousRelease() {}

  /**
   * The previous release's {@code hotline.jar} (with its {@code lib/} beside it), built on first
   * use. Fails with a message saying what to do if {@link #COMMIT} is not in this clone's history
   * (a shallow clone) or the build fails.
   */
  public static synchronized Path build() {
    Path jar = CACHE.resolve("hotline.jar");
    if (Files.exists(CACHE.resolve("built"))) {
      return jar;
    }
    Path root = Path.of("").toAbsolutePath();
    Run present = run(root, GIT_TIMEOUT, List.of("git", "cat-file", "-e", COMMIT + "^{commit}"));
    if (present.exitCode() != 0) {
      throw new AssertionError(
          "the previous release, commit "
              + COMMIT
              + ", is not in this clone's history (a shallow clone?): fetch it, e.g. `git fetch"
              + " --unshallow`, to test against the previous release. git said: "
              + present.output());
    }
    long started = System.nanoTime();
    Path scratch;
    try {
      scratch = Files.createTempDirectory("hotline-previous-release");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path tree = scratch.resolve("tree");
    try {
      check(
          run(
              root,
              GIT_TIMEOUT,
              List.of("git", "worktree", "add", "--detach", tree.toString(), COMMIT)),
          "git worktree add");
      Run offline = mavenPackage(tree, true);
      if (offline.exitCode() != 0) {
        // A clean clone's first `verify` runs the tests before it has fetched the packaging
        // plugins: then the old build may fetch them too.
        check(
            mavenPackage(tree, false),
            "the build of the previous release (offline it said: " + offline.output() + ")");
      }
      Path staging = CACHE.resolveSibling(CACHE.getFileName() + ".staging");
      deleteTree(staging);
      Files.createDirectories(staging.resolve("lib"));
      Files.copy(tree.resolve("target/hotline.jar"), staging.resolve("hotline.jar"));
      try (Stream<Path> libs = Files.list(tree.resolve("target/lib"))) {
        for (Path lib : libs.toList()) {
          Files.copy(lib, staging.resolve("lib").resolve(lib.getFileName()));
        }
      }
      Files.writeString(staging.resolve("built"), COMMIT + "\n");
      deleteTree(CACHE);
      Files.move(staging, CACHE, StandardCopyOption.ATOMIC_MOVE);
      builtIn = Duration.ofNanos(System.nanoTime() - started);
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the build of the previous release", e);
    } finally {
      run(root, GIT_TIMEOUT, List.of("git", "worktree", "remove", "--force", tree.toString()));
      deleteTree(scratch);
    }
  }

  private static Run mavenPackage(Path tree, boolean offline) {
    List<String> command = new ArrayList<>(List.of(tree.resolve("mvnw").toString(), "-q", "-B"));
    if (offline) {
      command.add("-o");
    }
    command.addAll(
        List.of(
            "-Dmaven.test.skip=true",
            "-Dspotless.check.skip=true",
            "-Djacoco.skip=true",
            "-DskipMutation",
            "package"));
    return run(tree, BUILD_TIMEOUT, command);
  }

  /** How long {@link #build} took in this run, or null if the cached build was used. */
  public static synchronized Duration builtIn() {
    return builtIn;
  }

  /** What a command printed (stdout and stderr together) and its exit status. */
  public record Run(int exitCode, String output) {}

  /** Runs the previous release's {@code hotline} command with these arguments. */
  public static Run hotline(Path workingDirectory, String... arguments) {
    List<String> command = new ArrayList<>(java(build()));
    command.addAll(List.of(arguments));
    return run(workingDirectory, COMMAND_TIMEOUT, command);
  }

  /**
   * Starts the previous release's {@code hotline serve --dir DIR}, logging to {@code log}, and
   * waits until its console port answers {@code /healthz}.
   */
  public static Serving serve(Path dataDirectory, int consolePort, Path log) {
    List<String> command = new ArrayList<>(java(build()));
    command.addAll(List.of("serve", "--dir", dataDirectory.toString()));
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the previous release", e);
    }
    Serving serving = new Serving(process, log);
    try {
      NodeProcess.awaitHealthy(
          process,
          "the previous release",
          URI.create("http://127.0.0.1:" + consolePort + "/healthz"),
          log);
    } catch (RuntimeException | Error e) {
      serving.close();
      throw e;
    }
    return serving;
  }

  /** A running node of the previous release; {@link #close} leaves no process behind. */
  public static final class Serving implements AutoCloseable {
    private final Process process;
    private final Path log;

    private Serving(Process process, Path log) {
      this.process = process;
      this.log = log;
    }

    public Path log() {
      return log;
    }

    @Override
    public void close() {
      if (process.isAlive()) {
        process.destroyForcibly();
        try {
          process.waitFor(NodeProcess.EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private static List<String> java(Path jar) {
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseSerialGC",
        "-Xmx256m",
        "--enable-native-access=ALL-UNNAMED",
        "-jar",
        jar.toString());
  }

  private static void check(Run run, String what) {
    if (run.exitCode() != 0) {
      throw new AssertionError(what + " failed (exit " + run.exitCode() + "):\n" + run.output());
    }
  }

  private static Run run(Path directory, Duration timeout, List<String> command) {
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      // Output is read while the process runs, so a chatty one never blocks on a full pipe.
      var output = new java.io.ByteArrayOutputStream();
      Thread reader =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      process.getInputStream().transferTo(output);
                    } catch (IOException ignored) {
                      // the process was killed; what was read is what there is
                    }
                  });
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(
            String.join(" ", command) + " did not finish in " + timeout.toSeconds() + " s");
      }
      reader.join(timeout.toMillis());
      return new Run(process.exitValue(), output.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}
