package org.hotline.notify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.hotline.watch.Alert;
import org.hotline.watch.NotificationFailedException;
import org.hotline.watch.Notifier;
import org.hotline.watch.Target;

/**
 * Runs a configured program with the alert as JSON on its standard input (and its type in the
 * environment variable {@code HOTLINE_EVENT}). Exit status 0 is a delivery. A program still running
 * after {@link #RUN_TIME_MAX} is killed, with every process it started, and the attempt fails. Its
 * output (standard output and error together) is read and discarded, but the first {@link
 * #OUTPUT_KEPT_BYTES_MAX} bytes are kept to explain a failure.
 *
 * <p>Thread-safe: each delivery runs its own process.
 */
public final class CommandNotifier implements Notifier {
  /**
   * A hook hands the alert on (a pager gateway, a siren); ten seconds is ample, and bounds a stuck
   * one.
   */
  public static final Duration RUN_TIME_MAX = Duration.ofSeconds(10);

  /** Enough of the output to say why a hook failed, in the notifications list. */
  static final int OUTPUT_KEPT_BYTES_MAX = 1_024;

  private final Duration runTimeMax;

  public CommandNotifier() {
    this(RUN_TIME_MAX);
  }

  /** With another time bound; tests use a short one to prove the kill without waiting 10 s. */
  public CommandNotifier(Duration runTimeMax) {
    this.runTimeMax = runTimeMax;
  }

  @Override
  public void deliver(Alert alert, Target target) {
    run(alert, target);
  }

  @Override
  public void deliver(org.hotline.watch.LinkAlert alert, Target target) {
    run(alert, target);
  }

  @Override
  public void deliver(org.hotline.watch.CommitmentAlert alert, Target target) {
    run(alert, target);
  }

  private void run(org.hotline.watch.Notice alert, Target target) {
    Target.Command command = (Target.Command) target;
    ProcessBuilder builder = new ProcessBuilder(command.argv()).redirectErrorStream(true);
    builder.environment().put("HOTLINE_EVENT", alert.type());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new NotificationFailedException(
          "cannot run " + command.argv().get(0) + ": " + e.getMessage());
    }
    OutputHead output = new OutputHead(process.getInputStream());
    Thread reader = Thread.ofVirtual().start(output::drain);
    try {
      writeInput(process, AlertJson.bytes(alert));
      if (!process.waitFor(runTimeMax.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(process);
        throw new NotificationFailedException(
            command.argv().get(0)
                + " was still running after "
                + runTimeMax.toMillis()
                + " ms and was killed");
      }
      reader.join(Duration.ofSeconds(1));
      int status = process.exitValue();
      if (status != 0) {
        throw new NotificationFailedException(
            command.argv().get(0) + " exited with status " + status + describe(output.text()));
      }
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
      throw new NotificationFailedException("interrupted while running " + command.argv().get(0));
    }
  }

  private static void writeInput(Process process, byte[] json) {
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(json);
      stdin.write('\n');
    } catch (IOException e) {
      // The program closed its input without reading it all; its exit status decides.
    }
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static String describe(String output) {
    String line = output.strip().replace('\n', ' ');
    return line.isEmpty() ? "" : ": " + line;
  }

  /** Reads a stream to its end, keeping only its head. */
  private static final class OutputHead {
    private final InputStream in;
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();

    OutputHead(InputStream in) {
      this.in = in;
    }

    void drain() {
      byte[] buffer = new byte[4_096];
      try (in) {
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
          synchronized (head) {
            head.write(buffer, 0, Math.min(read, Math.max(0, OUTPUT_KEPT_BYTES_MAX - head.size())));
          }
        }
      } catch (IOException e) {
        // The process was killed or closed its output; what was read is kept.
      }
    }

    String text() {
      synchronized (head) {
        return head.toString(StandardCharsets.UTF_8);
      }
    }
  }
}
