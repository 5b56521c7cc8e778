package org.hotline.notice;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Runs {@link TemplateBenchmark} with JMH in a JVM of its own and prints its table (microseconds
 * per operation):
 *
 * <pre>./mvnw -q test -Dtest=TemplateBenchmarkTest -Dhotline.bench=true</pre>
 *
 * <p>Not part of the ordinary build: it measures, it does not check behaviour, and it keeps a core
 * busy for about a minute and a half.
 */
@EnabledIfSystemProperty(named = "hotline.bench", matches = "true")
class TemplateBenchmarkTest {
  @Test
  void every_operation_is_measured() throws Exception {
    org.hotline.bench.Jmh.run(TemplateBenchmark.class);
  }
}
