package org.hotline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hotline.app.Main;

/** The real {@code hotline} executable run in a child JVM, as CLI tests run it. */
final class CliRuns {
  /** A CLI command that takes longer than this is stuck, not slow. */
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

  private CliRuns() {}

  /** What one run of the executable did. */
  record Run(List<String> command, int exit, String stdout, String stderr) {
    /** Non-zero exit, nothing on standard output, one line on standard error naming the problem. */
    void assertOneLineError(String namesTheProblem) {
      assertThat(exit).as(toString()).isNotZero();
      assertThat(stderr.lines().toList()).as(toString()).hasSize(1);
      assertThat(stderr).as(toString()).startsWith("hotline: ").contains(namesTheProblem);
      assertThat(stdout).as(toString()).isEmpty();
    }

    @Override
    public String toString() {
      return "hotline "
          + String.join(" ", command)
          + "\nexit "
          + exit
          + "\nstdout: "
          + stdout
          + "\nstderr: "
          + stderr;
    }
  }

  /**
   * Runs {@code hotline args…} as the launcher does, its output kept in files under {@code
   * scratch}: a new JVM on the main classes and runtime libraries (not the test classes, so the
   * node's own logging configuration applies).
   */
  static Run hotline(Path scratch, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(runtimeClasspath());
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile(scratch, "stdout", ".txt");
      Path err = Files.createTempFile(scratch, "stderr", ".txt");
      Process process =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(
            "hotline " + String.join(" ", args) + " did not finish within " + COMMAND_TIMEOUT);
      }
      return new Run(
          List.of(args),
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot run the CLI", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String runtimeClasspath() {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return Arrays.stream(classpath.split(File.pathSeparator))
        .filter(entry -> !entry.endsWith("test-classes"))
        .reduce((a, b) -> a + File.pathSeparator + b)
        .orElseThrow();
  }
}
