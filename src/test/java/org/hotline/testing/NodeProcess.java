package org.hotline.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hotline.app.Main;
import org.hotline.app.NodeHome;

/**
 * A node running as a separate OS process ({@code hotline serve --dir DIR}) on the test's class
 * path, with its output captured to a log file, so a test can kill it with SIGKILL as an operator's
 * power cut would. {@link #close} always leaves no process behind. Not thread-safe.
 */
public final class NodeProcess implements AutoCloseable {
  /**
   * A JVM with Jetty, Flyway and SQLite starts in 2-3 s here; a loaded CI machine may take several
   * times that.
   */
  static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  /**
   * After SIGKILL the kernel reaps the process at once; waiting longer means something is wrong.
   */
  static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);

  /** Exit status of a process killed by signal 9, as the JDK reports it on Linux: 128 + 9. */
  public static final int SIGKILL_EXIT_STATUS = 137;

  private final NodeHome home;
  private final Process process;
  private final Path log;

  private NodeProcess(NodeHome home, Process process, Path log) {
    this.home = home;
    this.process = process;
    this.log = log;
  }

  /**
   * Spawns {@code hotline serve} on {@code home}, logging to {@code log}, and waits for {@code
   * /healthz}.
   */
  public static NodeProcess start(NodeHome home, Path log) {
    return start(home, log, List.of());
  }

  /**
   * As {@link #start(NodeHome, Path)}, under the file-creation mask {@code umask} (such as {@code
   * "000"}), to see which modes the node gives the files it creates.
   */
  public static NodeProcess startWithUmask(NodeHome home, Path log, String umask) {
    return start(home, log, List.of("/bin/sh", "-c", "umask " + umask + " && exec \"$0\" \"$@\""));
  }

  /**
   * As {@link #start(NodeHome, Path)}, with the logging configuration the release ships ({@code
   * logback.xml}) instead of the tests' own, and {@code environment} added to the process's: to see
   * the log an operator would see under settings such as {@code HOTLINE_LOG_FORMAT}.
   */
  public static NodeProcess startWithReleaseLogging(
      NodeHome home, Path log, java.util.Map<String, String> environment) {
    java.net.URL config = NodeProcess.class.getResource("/logback.xml");
    if (config == null) {
      throw new IllegalStateException("logback.xml is not on the class path");
    }
    return start(
        home, log, List.of(), List.of("-Dlogback.configurationFile=" + config), environment);
  }

  private static NodeProcess start(NodeHome home, Path log, List<String> prefix) {
    return start(home, log, prefix, List.of(), java.util.Map.of());
  }

  private static NodeProcess start(
      NodeHome home,
      Path log,
      List<String> prefix,
      List<String> jvmOptions,
      java.util.Map<String, String> environment) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(prefix);
    command.add(java);
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-XX:+UseSerialGC",
            "-Xmx512m",
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "serve",
            "--dir",
            home.dir().toString()));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(environment);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a node process", e);
    }
    NodeProcess node = new NodeProcess(home, process, log);
    try {
      node.awaitHealthy();
    } catch (RuntimeException | Error e) {
      node.close();
      throw e;
    }
    return node;
  }

  private void awaitHealthy() {
    awaitHealthy(
        process,
        "node " + home.party() + " (pid " + process.pid() + ")",
        URI.create("http://127.0.0.1:" + home.config().consolePort() + "/healthz"),
        log);
  }

  /**
   * Waits until {@code process}, called {@code name}, answers {@code health} with 200; fails with
   * the tail of its log if it exits first or does not answer within {@link #START_TIMEOUT}.
   */
  static void awaitHealthy(Process process, String name, URI health, Path log) {
    try (HttpClient client =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
      Await.until(
          name + " to answer " + health + "; log " + log,
          START_TIMEOUT,
          () -> {
            if (!process.isAlive()) {
              throw new AssertionError(
                  name
                      + " exited with status "
                      + process.exitValue()
                      + " while starting:\n"
                      + tail(log));
            }
            try {
              HttpRequest request =
                  HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build();
              return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()
                  == 200;
            } catch (IOException notYet) {
              return false;
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException(e);
            }
          });
    }
  }

  public Api api() {
    return new Api(home, home.config().consolePort());
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  /**
   * Kills the process with SIGKILL ({@link Process#destroyForcibly} on Linux), so it gets no chance
   * to flush or close anything, and returns its exit status once the kernel has reaped it.
   */
  public int kill() {
    ProcessHandle handle = process.toHandle();
    if (!handle.destroyForcibly()) {
      throw new AssertionError("could not send SIGKILL to pid " + process.pid());
    }
    try {
      if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(
            "pid "
                + process.pid()
                + " still alive "
                + EXIT_TIMEOUT.toSeconds()
                + " s after SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    if (handle.isAlive()) {
      throw new AssertionError("pid " + process.pid() + " is still alive after SIGKILL");
    }
    return process.exitValue();
  }

  /** Kills the process if it still runs and waits for it; never throws. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The last lines of a node's log, for a failure message. */
  public static String tail(Path log) {
    try {
      if (!Files.exists(log)) {
        return "(no log at " + log + ")";
      }
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      int from = Math.max(0, lines.size() - TAIL_LINES);
      List<String> shown = new ArrayList<>(lines.subList(from, lines.size()));
      if (from > 0) {
        shown.add(0, "... (" + from + " earlier lines in " + log + ")");
      }
      return String.join("\n", shown);
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  /** Enough lines to hold a stack trace and what led up to it. */
  static final int TAIL_LINES = 200;
}
