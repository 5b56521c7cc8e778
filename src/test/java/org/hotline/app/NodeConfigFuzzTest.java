package org.hotline.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hotline.HotlineException;
import org.hotline.Json;
import org.hotline.fuzz.Fuzzing;
import org.hotline.testing.Nodes;

/**
 * {@code hotline.json} (docs/operations.md) on any bytes an operator can leave in it, read as a
 * starting node reads it: {@link NodeHome#open} and every setting the node derives before it
 * listens (deadlines, escalation chain, SMTP, heartbeat and link-test intervals, batch limits,
 * witnesses). The node refuses to start with one {@link HotlineException} naming the field, or
 * starts with a configuration that reads back equal from its own JSON.
 */
public class NodeConfigFuzzTest {
  /** One real data directory (keys, certificate, token) whose configuration each input replaces. */
  private static final Path HOME = home();

  @FuzzTest(maxDuration = Fuzzing.DURATION)
  void a_configuration_is_refused_or_reads_back_equal_from_its_own_json(byte[] bytes)
      throws IOException {
    check(bytes);
  }

  public static void check(byte[] bytes) throws IOException {
    Files.write(HOME.resolve(NodeHome.CONFIG), bytes);
    NodeConfig config;
    try {
      config = NodeHome.open(HOME).config();
      WatchSettings.deadlines(config);
      WatchSettings.chain(config);
      WatchSettings.smtp(config);
      config.heartbeatInterval();
      config.linkTestInterval();
      config.batchLimits();
      if (config.witnesses() != null) {
        WitnessSettings.endpoints(config.witnesses());
      }
    } catch (HotlineException refused) {
      return;
    }
    assertThat(Json.mapper().readValue(Json.mapper().writeValueAsBytes(config), NodeConfig.class))
        .isEqualTo(config);
  }

  private static Path home() {
    try {
      return Nodes.init(Files.createTempDirectory("hotline-config-fuzz"), "us").dir();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
