package org.hotline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hotline.link.BatchLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code hotline bench --warmup N --batch N --window N}: the options reach the benchmark as the
 * batches both nodes send, and a value out of range is one line naming the option, with a non-zero
 * exit, before anything starts. The benchmark itself is not run: it spawns two nodes and loads
 * every core for a minute, so the operations behind the command line are a stand-in that records
 * what it is asked.
 */
class BenchOptionsTest {
  private final List<List<Object>> calls = new ArrayList<>();

  private final NodeOperations recording =
      (NodeOperations)
          Proxy.newProxyInstance(
              NodeOperations.class.getClassLoader(),
              new Class<?>[] {NodeOperations.class},
              (proxy, method, args) -> {
                List<Object> call = new ArrayList<>();
                call.add(method.getName());
                call.addAll(Arrays.asList(args == null ? new Object[0] : args));
                calls.add(call);
                return null;
              });

  private record Run(int exit, String stderr) {}

  private Run hotline(String... args) {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int exit = HotlineCommand.run(recording, args);
      return new Run(exit, err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(original);
    }
  }

  @Test
  void without_the_options_both_nodes_send_the_default_batches() {
    Run run = hotline("bench", "--messages", "2000");

    assertThat(run.exit()).as(run.stderr()).isZero();
    assertThat(calls).containsExactly(List.of("bench", 20_000, 2000, BatchLimits.DEFAULT, false));
  }

  @Test
  void batch_and_window_reach_the_benchmark() {
    Run run = hotline("bench", "--messages", "2000", "--batch", "64", "--window", "1", "--json");

    assertThat(run.exit()).as(run.stderr()).isZero();
    assertThat(calls).containsExactly(List.of("bench", 20_000, 2000, new BatchLimits(64, 1), true));
  }

  @Test
  void the_warmup_reaches_the_benchmark_and_zero_means_none() {
    Run some = hotline("bench", "--messages", "2000", "--warmup", "500");
    Run none = hotline("bench", "--messages", "2000", "--warmup", "0");

    assertThat(some.exit()).as(some.stderr()).isZero();
    assertThat(none.exit()).as(none.stderr()).isZero();
    assertThat(calls)
        .containsExactly(
            List.of("bench", 500, 2000, BatchLimits.DEFAULT, false),
            List.of("bench", 0, 2000, BatchLimits.DEFAULT, false));
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "--batch, 0, '--batch must be 1 to 256, got 0'",
    "--batch, 257, '--batch must be 1 to 256, got 257'",
    "--window, 0, '--window must be 1 to 16, got 0'",
    "--window, 17, '--window must be 1 to 16, got 17'",
    "--warmup, -1, '--warmup must be 0 or more, got -1'",
  })
  void a_value_out_of_range_is_one_line_naming_the_option_and_nothing_runs(
      String option, String value, String message) {
    Run run = hotline("bench", option, value);

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.stderr()).isEqualTo("hotline: " + message + System.lineSeparator());
    assertThat(calls).isEmpty();
  }

  @Test
  void a_window_that_is_not_a_number_is_refused_by_the_parser() {
    Run run = hotline("bench", "--window", "three");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.stderr()).contains("--window").contains("three").hasLineCount(1);
    assertThat(calls).isEmpty();
  }

  @Test
  void the_options_do_not_apply_to_the_record_and_proof_benchmarks() {
    Run record = hotline("bench", "--record", "10", "--window", "2");
    Run proofs = hotline("bench", "--proofs", "--batch", "2");

    assertThat(record.exit()).isEqualTo(1);
    assertThat(record.stderr()).contains("--batch and --window set the link benchmark's batches");
    assertThat(proofs.exit()).isEqualTo(1);
    assertThat(calls).isEmpty();
  }
}
