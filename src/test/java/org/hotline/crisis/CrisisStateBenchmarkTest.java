package org.hotline.crisis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link CrisisStateBenchmark} with JMH in a JVM of its own and prints its table (milliseconds
 * per computation):
 *
 * <pre>./mvnw -q test -Dtest=CrisisStateBenchmarkTest -Dhotline.bench=true</pre>
 *
 * <p>{@code -Dhotline.bench.stages=REGEX} runs only the stages it matches, {@code
 * -Dhotline.bench.profiler=stack} (or any JMH profiler's name) adds a profiler.
 *
 * <p>Not part of the ordinary build: it measures, it does not check behaviour, and it keeps a core
 * busy for about two minutes.
 */
@EnabledIfSystemProperty(named = "hotline.bench", matches = "true")
class CrisisStateBenchmarkTest {
  @Test
  void every_stage_is_measured() throws Exception {
    // Under surefire the JVM's class path is a launcher jar; JMH forks with the real one.
    String classPath = System.getProperty("surefire.test.class.path");
    if (classPath != null) {
      System.setProperty("java.class.path", classPath);
    }
    String stages = System.getProperty("hotline.bench.stages", "");
    OptionsBuilder builder = new OptionsBuilder();
    String profiler = System.getProperty("hotline.bench.profiler", "");
    if (!profiler.isEmpty()) {
      builder.addProfiler(profiler);
    }
    Options options =
        builder
            .include(
                CrisisStateBenchmark.class.getName() + "\\." + (stages.isEmpty() ? ".*" : stages))
            .forks(1)
            .warmupIterations(4)
            .warmupTime(TimeValue.seconds(2))
            .measurementIterations(5)
            .measurementTime(TimeValue.seconds(2))
            .jvmArgsAppend("--enable-native-access=ALL-UNNAMED")
            .build();
    Collection<RunResult> results = new Runner(options).run();
    assertThat(results).isNotEmpty();
  }
}
