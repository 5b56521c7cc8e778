package org.hotline.federation;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.hotline.witness.AddCheckpointRequest;
import org.hotline.witness.WitnessEndpoint;
import org.hotline.witness.WitnessTransport;
import org.hotline.witness.WitnessUnreachableException;

/**
 * Posts tlog-witness {@code add-checkpoint} requests over HTTP or HTTPS. An {@code https://}
 * witness is checked against the JDK's trusted certificate authorities (a witness behind a
 * TLS-terminating proxy with a public certificate); the answer itself is trusted only once its
 * cosignature verifies. Thread-safe.
 */
public final class WitnessClient implements WitnessTransport, AutoCloseable {
  /** A witness on another continent answers a TCP handshake in well under this. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

  /**
   * A witness does one signature check, one proof check and one durable write per request; a
   * witness slower than this is treated as unreachable and asked again next round.
   */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** Cosignature lines are about 130 bytes each; a longer answer is a misbehaving witness. */
  static final int RESPONSE_BYTES_MAX = 64 * 1024;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(CONNECT_TIMEOUT)
          .build();

  @Override
  public Answer addCheckpoint(WitnessEndpoint witness, AddCheckpointRequest request) {
    HttpRequest post =
        HttpRequest.newBuilder(witness.addCheckpoint())
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "text/plain; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()))
            .build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(post, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new WitnessUnreachableException(
          witness.url()
              + ": "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WitnessUnreachableException("interrupted while talking to " + witness.url());
    }
    byte[] body = response.body();
    if (body.length > RESPONSE_BYTES_MAX) {
      throw new WitnessUnreachableException(
          witness.url() + " answered with " + body.length + " bytes");
    }
    String text = new String(body, StandardCharsets.UTF_8);
    int status = response.statusCode();
    if (status == 200) {
      return new Cosigned(text);
    }
    boolean sizeBody =
        response
            .headers()
            .firstValue("Content-Type")
            .orElse("")
            .startsWith(WitnessServer.SIZE_CONTENT_TYPE);
    if (status == 409 && sizeBody && text.matches("(0|[1-9][0-9]{0,18})\n")) {
      try {
        return new Conflict(Long.parseLong(text.strip()));
      } catch (NumberFormatException e) {
        // a size beyond 2^63-1 is no size: report the answer as a refusal below
      }
    }
    return new Refused(status, firstLine(text));
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    String line = newline < 0 ? text : text.substring(0, newline);
    return line.length() <= 300 ? line : line.substring(0, 300) + "…";
  }

  @Override
  public void close() {
    http.close();
  }
}
