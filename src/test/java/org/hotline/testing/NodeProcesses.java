package org.hotline.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hotline.app.NodeHome;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts node processes for one test and cleans up after it, whatever happened: when the test
 * failed it prints every process's log to stderr, and then it kills any process still running. It
 * runs right after the test method, before the temporary directory holding the logs is deleted.
 * Register with {@code @RegisterExtension}. Not thread-safe.
 */
public final class NodeProcesses implements AfterTestExecutionCallback {
  private final List<NodeProcess> started = new ArrayList<>();
  private final List<Path> logs = new ArrayList<>();

  /**
   * Starts a node process on {@code home}; its log goes to {@code <party>-<n>.log} beside the data
   * directory.
   */
  public NodeProcess start(NodeHome home) {
    int incarnation =
        (int)
                logs.stream()
                    .filter(log -> log.getFileName().toString().startsWith(home.party() + "-"))
                    .count()
            + 1;
    Path log = home.dir().resolveSibling(home.party() + "-" + incarnation + ".log");
    logs.add(log);
    NodeProcess process = NodeProcess.start(home, log);
    started.add(process);
    return process;
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    started.forEach(NodeProcess::close);
    if (context.getExecutionException().isPresent()) {
      for (Path log : logs) {
        System.err.println(
            "===== " + log + "\n" + NodeProcess.tail(log) + "\n===== end of " + log.getFileName());
      }
    }
  }
}
