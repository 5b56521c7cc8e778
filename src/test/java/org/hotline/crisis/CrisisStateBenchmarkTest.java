package org.hotline.crisis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

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
    org.hotline.bench.Jmh.run(CrisisStateBenchmark.class);
  }
}
