package org.hotline.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.hotline.InvalidInputException;
import org.hotline.Json;

/**
 * Every query parameter of an API request is one the OpenAPI document lists for that operation,
 * given once, and percent-encoded correctly; anything else is refused with a 400 problem naming the
 * parameter, before the handler runs. The document is the one list: an endpoint cannot take a
 * parameter it does not document, and a misspelt or unsupported one ({@code
 * security-events?before=…}) is not silently ignored. Each handler still checks the values of the
 * parameters it takes. Thread-safe.
 */
final class QueryParameters implements Handler {
  /** A parameter name longer than this is not one of ours; the problem quotes only this much. */
  private static final int NAME_QUOTED_MAX = 40;

  /** One operation of the document: its method, its path as a pattern, its query parameters. */
  private record Operation(String method, String template, Pattern path, Set<String> names) {}

  private final List<Operation> operations;

  private QueryParameters(List<Operation> operations) {
    this.operations = List.copyOf(operations);
  }

  /** The operations of {@code /openapi.json}, the document the API serves. */
  static QueryParameters fromOpenApi() {
    try (InputStream in = QueryParameters.class.getResourceAsStream("/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the build");
      }
      return of(Json.mapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static QueryParameters of(JsonNode document) {
    List<Operation> operations = new ArrayList<>();
    for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
      Pattern pattern = Pattern.compile(path.getKey().replaceAll("\\{[^/}]+}", "[^/]+"));
      for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
        Set<String> names = new TreeSet<>();
        for (JsonNode parameter : method.getValue().path("parameters")) {
          JsonNode resolved = resolve(document, parameter);
          if ("query".equals(resolved.path("in").asText())) {
            names.add(resolved.path("name").asText());
          }
        }
        operations.add(
            new Operation(method.getKey().toUpperCase(Locale.ROOT), path.getKey(), pattern, names));
      }
    }
    return new QueryParameters(operations);
  }

  private static JsonNode resolve(JsonNode document, JsonNode parameter) {
    String ref = parameter.path("$ref").asText("");
    return ref.startsWith("#/") ? document.at(ref.substring(1)) : parameter;
  }

  @Override
  public void handle(Context ctx) {
    String query = ctx.queryString();
    if (query == null || query.isEmpty()) {
      return;
    }
    String method = ctx.method().name().equals("HEAD") ? "GET" : ctx.method().name();
    Operation operation =
        operations.stream()
            .filter(o -> o.method().equals(method) && o.path().matcher(ctx.path()).matches())
            .findFirst()
            .orElse(null);
    if (operation == null) {
      return; // no such operation: answered with 404 or 405
    }
    Set<String> seen = new HashSet<>();
    for (String pair : query.split("&", -1)) {
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals), pair);
      if (equals >= 0) {
        decode(pair.substring(equals + 1), pair);
      }
      if (!operation.names().contains(name)) {
        throw new InvalidInputException(
            quoted(name),
            "unknown query parameter '"
                + quoted(name)
                + "': "
                + operation.method()
                + " "
                + operation.template()
                + (operation.names().isEmpty()
                    ? " takes none"
                    : " takes only " + String.join(", ", operation.names())));
      }
      if (!seen.add(name)) {
        throw new InvalidInputException(name, "query parameter '" + name + "' is given twice");
      }
    }
  }

  private static String decode(String text, String pair) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "", "query parameter '" + quoted(pair) + "' is not correctly percent-encoded");
    }
  }

  /** At most {@link #NAME_QUOTED_MAX} printable characters of what the client sent. */
  private static String quoted(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints()
        .filter(c -> !Character.isISOControl(c))
        .limit(NAME_QUOTED_MAX)
        .forEach(out::appendCodePoint);
    return out.toString();
  }
}
