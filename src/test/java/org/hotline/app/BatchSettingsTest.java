package org.hotline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import org.hotline.InvalidInputException;
import org.hotline.link.BatchLimits;
import org.hotline.testing.Nodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code batch_entries} and {@code batch_window} in hotline.json: the batches a node sends and how
 * many it keeps in flight, which the benchmark varies. Absent, they are the defaults; out of range
 * or not a number, the node refuses to start naming the key.
 */
class BatchSettingsTest {
  @TempDir Path dir;

  @Test
  void a_configuration_without_the_keys_sends_the_default_batches() throws Exception {
    assertThat(WatchSettingsTest.parse(WatchSettingsTest.OLD_CONFIG).batchLimits())
        .isEqualTo(BatchLimits.DEFAULT);
  }

  @Test
  void each_key_sets_its_own_limit_and_the_other_keeps_its_default() throws Exception {
    assertThat(parse("\"batch_entries\":64,\"batch_window\":1").batchLimits())
        .isEqualTo(new BatchLimits(64, 1));
    assertThat(parse("\"batch_entries\":1").batchLimits())
        .isEqualTo(new BatchLimits(1, BatchLimits.DEFAULT.window()));
    assertThat(parse("\"batch_window\":16").batchLimits())
        .isEqualTo(new BatchLimits(BatchLimits.DEFAULT.entries(), 16));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "batch_entries, 0, 'batch_entries must be 1 to 256, got 0'",
    "batch_entries, 257, 'batch_entries must be 1 to 256, got 257'",
    "batch_entries, -1, 'batch_entries must be 1 to 256, got -1'",
    "batch_window, 0, 'batch_window must be 1 to 16, got 0'",
    "batch_window, 17, 'batch_window must be 1 to 16, got 17'",
  })
  void a_value_out_of_range_is_refused_with_the_key_and_its_range(
      String key, int value, String message) throws Exception {
    NodeConfig config = parse("\"" + key + "\":" + value);

    assertThatThrownBy(config::batchLimits)
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(message);
  }

  @ParameterizedTest(name = "batch_window: {0}")
  @ValueSource(strings = {"\"three\"", "true", "[3]", "{\"n\":3}", "99999999999", "2.5", "\"3\""})
  void a_value_that_is_not_a_whole_number_is_refused_naming_the_key(String value) {
    assertThatThrownBy(() -> parse("\"batch_window\":" + value))
        .hasMessageContaining("batch_window");
  }

  @Test
  void a_node_configured_with_a_window_out_of_range_refuses_to_start() {
    NodeHome home = Nodes.init(dir, "us");
    Nodes.configure(home, config -> config.put("batch_window", 0));

    assertThatThrownBy(() -> Node.start(NodeHome.open(home.dir()), Clock.systemUTC()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("batch_window must be 1 to 16, got 0");
  }

  @Test
  void a_starting_node_sends_the_batches_its_configuration_sets() {
    NodeHome home = Nodes.init(dir, "us");
    Nodes.configure(
        home,
        config -> {
          config.put("batch_entries", 32);
          config.put("batch_window", 5);
        });

    try (Node node = Node.start(NodeHome.open(home.dir()), Clock.systemUTC())) {
      assertThat(node.links().batchLimits()).isEqualTo(new BatchLimits(32, 5));
    }
  }

  private static NodeConfig parse(String fields) throws Exception {
    return WatchSettingsTest.parse(WatchSettingsTest.with(fields));
  }
}
