package org.hotline.notice;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What a formatted notification costs on the node, microseconds per operation, with the shipped
 * aerial-object-sighting template and its example values: reading a template's text for the first
 * time (the meta-schema check, Hotline's rules, the schema's compilation), reading it again (what
 * every fold of a link does with each adoption), checking a notification's values against it (the
 * sender before signing, the receiver when it reads), and the values' canonical form. Run by {@link
 * TemplateBenchmarkTest}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TemplateBenchmark {
  @State(Scope.Benchmark)
  public static class Shipped {
    String text;
    Template template;
    String values;

    @Setup
    public void read() {
      template = TemplateCatalog.shipped("aerial-object-sighting").orElseThrow();
      text = template.canonical();
      values = TemplateCatalog.example(template.id()).orElseThrow();
    }
  }

  @Benchmark
  public Template readFirstTime(Shipped shipped) {
    return Template.readTemplate(shipped.text);
  }

  @Benchmark
  public Template readAgain(Shipped shipped) {
    return Template.parse(shipped.text);
  }

  @Benchmark
  public Object checkValues(Shipped shipped) {
    return shipped.template.check(shipped.values);
  }

  @Benchmark
  public String canonicalValues(Shipped shipped) {
    return Template.canonicalValues(shipped.values);
  }
}
