package org.hotline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs a JMH benchmark class from a test, in a JVM of its own, and prints its table. {@code
 * -Dhotline.bench.stages=REGEX} runs only the methods it matches, {@code
 * -Dhotline.bench.profiler=stack} (or any JMH profiler's name) adds a profiler.
 */
public final class Jmh {
  private Jmh() {}

  public static void run(Class<?> benchmark) throws RunnerException {
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
            .include(benchmark.getName() + "\\." + (stages.isEmpty() ? ".*" : stages))
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
