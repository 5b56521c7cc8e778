package org.hotline.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parser of Prometheus' text exposition format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/), for tests that read a scrape as
 * Prometheus would: {@code # TYPE} and {@code # HELP} lines, and samples {@code name{label="value",
 * ...} value [timestamp]} with escaped label values and the special values {@code NaN}, {@code
 * +Inf}, {@code -Inf}. No Java parser of the format is on the class path (the Prometheus client
 * that Micrometer brings only writes it), so this one follows the format's grammar line by line and
 * refuses anything outside it, rather than matching strings. Immutable.
 */
public final class PrometheusText {
  /** One sample line. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  private final Map<String, String> types;
  private final List<Sample> samples;

  private PrometheusText(Map<String, String> types, List<Sample> samples) {
    this.types = types;
    this.samples = samples;
  }

  /** Parses a whole scrape; throws {@link IllegalArgumentException} naming the first bad line. */
  public static PrometheusText parse(String text) {
    Map<String, String> types = new LinkedHashMap<>();
    List<Sample> samples = new ArrayList<>();
    int number = 0;
    for (String line : text.split("\n", -1)) {
      number++;
      try {
        if (line.isEmpty()) {
          continue;
        }
        if (line.startsWith("#")) {
          comment(line, types);
        } else {
          samples.add(sample(line));
        }
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "line " + number + " is not exposition format: " + line + " (" + e.getMessage() + ")",
            e);
      }
    }
    return new PrometheusText(Map.copyOf(types), List.copyOf(samples));
  }

  private static void comment(String line, Map<String, String> types) {
    String[] parts = line.split(" ", 4);
    if (parts.length >= 3 && parts[1].equals("TYPE")) {
      String type = parts.length == 4 ? parts[3] : "";
      if (!List.of("counter", "gauge", "histogram", "summary", "untyped").contains(type)) {
        throw new IllegalArgumentException("unknown type " + type);
      }
      if (types.put(name(parts[2]), type) != null) {
        throw new IllegalArgumentException("second TYPE line for " + parts[2]);
      }
    }
  }

  private static Sample sample(String line) {
    int at = 0;
    while (at < line.length() && line.charAt(at) != '{' && line.charAt(at) != ' ') {
      at++;
    }
    String name = name(line.substring(0, at));
    Map<String, String> labels = new LinkedHashMap<>();
    if (at < line.length() && line.charAt(at) == '{') {
      at = labels(line, at + 1, labels);
    }
    if (at >= line.length() || line.charAt(at) != ' ') {
      throw new IllegalArgumentException("no value");
    }
    String[] rest = line.substring(at + 1).split(" ");
    if (rest.length > 2) {
      throw new IllegalArgumentException("more than a value and a timestamp");
    }
    if (rest.length == 2) {
      Long.parseLong(rest[1]);
    }
    return new Sample(name, Map.copyOf(labels), value(rest[0]));
  }

  /** Reads {@code label="value",...}} from {@code at}; returns the index after the brace. */
  private static int labels(String line, int at, Map<String, String> labels) {
    while (line.charAt(at) != '}') {
      int equals = line.indexOf('=', at);
      String label = name(line.substring(at, equals));
      if (line.charAt(equals + 1) != '"') {
        throw new IllegalArgumentException("label value of " + label + " is not quoted");
      }
      StringBuilder value = new StringBuilder();
      int i = equals + 2;
      for (; line.charAt(i) != '"'; i++) {
        char c = line.charAt(i);
        if (c == '\\') {
          char escaped = line.charAt(++i);
          value.append(
              switch (escaped) {
                case 'n' -> '\n';
                case '\\' -> '\\';
                case '"' -> '"';
                default -> throw new IllegalArgumentException("bad escape \\" + escaped);
              });
        } else {
          value.append(c);
        }
      }
      if (labels.put(label, value.toString()) != null) {
        throw new IllegalArgumentException("label " + label + " given twice");
      }
      at = i + 1;
      if (line.charAt(at) == ',') {
        at++;
      }
    }
    return at + 1;
  }

  private static String name(String name) {
    if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
      throw new IllegalArgumentException("not a metric or label name: '" + name + "'");
    }
    return name;
  }

  private static double value(String text) {
    return switch (text) {
      case "NaN" -> Double.NaN;
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }

  /** The type the scrape declares for the metric family {@code name}, if any. */
  public Optional<String> type(String name) {
    return Optional.ofNullable(types.get(name));
  }

  /** Every metric family name the scrape declares a type for. */
  public java.util.Set<String> families() {
    return types.keySet();
  }

  public List<Sample> samples() {
    return samples;
  }

  /**
   * The value of the one sample named {@code name} whose labels include {@code labels} (pairs of
   * label and value); fails if there is none or more than one.
   */
  public double value(String name, String... labels) {
    List<Sample> found = find(name, labels);
    if (found.size() != 1) {
      throw new AssertionError(
          found.size() + " samples of " + name + " with " + List.of(labels) + ": " + found);
    }
    return found.get(0).value();
  }

  /** The samples named {@code name} whose labels include {@code labels} (label, value, ...). */
  public List<Sample> find(String name, String... labels) {
    return samples.stream()
        .filter(sample -> sample.name().equals(name))
        .filter(
            sample -> {
              for (int i = 0; i < labels.length; i += 2) {
                if (!labels[i + 1].equals(sample.labels().get(labels[i]))) {
                  return false;
                }
              }
              return true;
            })
        .toList();
  }
}
