package org.hotline.notify;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.hotline.watch.Alert;
import org.hotline.watch.NotificationFailedException;
import org.hotline.watch.Notifier;
import org.hotline.watch.Target;

/**
 * Posts an alert as JSON to a webhook. The body is signed with HMAC-SHA256 (RFC 2104) under the
 * target's secret, sent as {@code X-Hotline-Signature: sha256=<lowercase hex>}; the receiver
 * recomputes it over the exact body bytes and compares in constant time. {@code X-Hotline-Event}
 * carries the alert type and {@code X-Hotline-Delivery} the notification id, the same on every
 * retry. Any 2xx answer is a delivery; anything else, or no answer in time, is a failure. Redirects
 * are not followed (a redirect would carry the signed alert somewhere not configured).
 *
 * <p>Thread-safe.
 */
public final class WebhookNotifier implements Notifier, AutoCloseable {
  /** A receiver that does not accept a connection in this time is down. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /**
   * Whole request: a receiver has this long to answer; it should queue the alert and answer at
   * once.
   */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  public static final String SIGNATURE_HEADER = "X-Hotline-Signature";
  public static final String EVENT_HEADER = "X-Hotline-Event";
  public static final String DELIVERY_HEADER = "X-Hotline-Delivery";

  private final HttpClient client =
      HttpClient.newBuilder()
          .connectTimeout(CONNECT_TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  @Override
  public void deliver(Alert alert, Target target) {
    post(alert, target);
  }

  @Override
  public void deliver(org.hotline.watch.LinkAlert alert, Target target) {
    post(alert, target);
  }

  @Override
  public void deliver(org.hotline.watch.CommitmentAlert alert, Target target) {
    post(alert, target);
  }

  private void post(org.hotline.watch.Notice alert, Target target) {
    Target.Webhook webhook = (Target.Webhook) target;
    byte[] body = AlertJson.bytes(alert);
    HttpRequest request =
        HttpRequest.newBuilder(webhook.url())
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .header("User-Agent", "hotline")
            .header(SIGNATURE_HEADER, signature(webhook.secret(), body))
            .header(EVENT_HEADER, alert.type())
            .header(DELIVERY_HEADER, Long.toString(alert.notification()))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    int status;
    try {
      status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (HttpTimeoutException e) {
      throw new NotificationFailedException(
          "no answer from " + webhook.url() + " within " + REQUEST_TIMEOUT.toSeconds() + " s");
    } catch (IOException e) {
      throw new NotificationFailedException(
          "cannot post to "
              + webhook.url()
              + ": "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NotificationFailedException("interrupted while posting to " + webhook.url());
    }
    if (status < 200 || status > 299) {
      throw new NotificationFailedException(webhook.url() + " answered HTTP " + status);
    }
  }

  /**
   * {@code sha256=} and the lowercase hex HMAC-SHA256 of {@code body} under {@code secret} (UTF-8).
   */
  public static String signature(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA256", e);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
