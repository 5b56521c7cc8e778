package org.hotline.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.net.URI;
import org.hotline.Json;

/** Small helpers for printing. */
final class Output {
  private Output() {}

  static String json(Object value) {
    try {
      return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new CliException("cannot print JSON: " + e.getMessage());
    }
  }

  static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  static URI endpoint(String text) {
    try {
      URI uri = URI.create(text);
      if ("https".equals(uri.getScheme()) && uri.getHost() != null && uri.getPort() > 0) {
        return uri;
      }
    } catch (IllegalArgumentException e) {
      // fall through to the one error below
    }
    throw new CliException("endpoint must look like https://HOST:PORT, got '" + text + "'");
  }
}
