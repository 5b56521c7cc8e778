package org.hotline.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code hotline} command in a child JVM, as an operator would, with the test
 * classpath.
 */
public final class Cli {
  /** A command that takes longer than this on a few hundred entries is stuck. */
  private static final long TIMEOUT_SECONDS = 60;

  private Cli() {}

  /** What the command printed (stdout and stderr together) and its exit status. */
  public record Run(int exitCode, String output) {}

  public static Run run(Path workingDirectory, String... arguments) {
    return run(List.of(), workingDirectory, arguments);
  }

  /** As {@link #run}, under the file-creation mask {@code umask} (such as {@code "000"}). */
  public static Run runWithUmask(String umask, Path workingDirectory, String... arguments) {
    return run(
        List.of("/bin/sh", "-c", "umask " + umask + " && exec \"$0\" \"$@\""),
        workingDirectory,
        arguments);
  }

  private static Run run(List<String> prefix, Path workingDirectory, String... arguments) {
    List<String> command = new ArrayList<>(prefix);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("org.hotline.app.Main");
    command.addAll(List.of(arguments));
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(workingDirectory.toFile())
              .redirectErrorStream(true)
              .start();
      process.getOutputStream().close();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(
            "hotline "
                + String.join(" ", arguments)
                + " did not finish in "
                + TIMEOUT_SECONDS
                + " s");
      }
      return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("cannot run hotline: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
