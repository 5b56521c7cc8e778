package org.hotline.web;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own answers to requests that never reach Javalin (a NUL or a space in the path, a path of
 * 20 kB, headers over the limit, a URI that does not parse) as RFC 9457 problems, like every other
 * error of this port, instead of Jetty's HTML pages. The detail names the fault as Jetty found it,
 * in at most {@link #REASON_CHARS_MAX} printable ASCII characters; never the request's text.
 * Thread-safe.
 */
final class ProblemErrorHandler extends ErrorHandler {
  /** Jetty's reasons are short phrases ("URI Too Long", "Ambiguous URI empty segment"). */
  private static final int REASON_CHARS_MAX = 100;

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    HttpFields.Mutable headers = response.getHeaders();
    headers.put(HttpHeader.CONTENT_TYPE, "application/problem+json");
    ApiServer.protectiveHeaders(headers::put);
    response.write(true, ByteBuffer.wrap(body(code, message)), callback);
  }

  private static byte[] body(int status, String reason) {
    String type =
        switch (status) {
          case 400 -> "bad-request";
          case 404 -> "not-found";
          case 405 -> "method-not-allowed";
          case 413 -> "too-large";
          case 414 -> "uri-too-long";
          case 431 -> "headers-too-large";
          case 500 -> "internal-error";
          default -> status >= 500 ? "internal-error" : "bad-request";
        };
    String detail = printable(reason);
    return MessagesApi.bytes(
        new Problems.Problem(
            Problems.TYPE_PREFIX + type,
            type,
            status,
            "the request is not valid HTTP for this port" + (detail.isEmpty() ? "" : ": " + detail),
            null));
  }

  private static String printable(String reason) {
    if (reason == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    reason
        .chars()
        .filter(c -> c >= 0x20 && c < 0x7f)
        .limit(REASON_CHARS_MAX)
        .forEach(c -> out.append((char) c));
    return out.toString();
  }
}
