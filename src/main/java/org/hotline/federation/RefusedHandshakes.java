package org.hotline.federation;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;
import org.hotline.link.SecurityEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every TLS handshake the federation port refuses (no client certificate, a certificate that is not
 * pinned, plain HTTP, bytes that are not TLS) leaves a log line and a {@link
 * SecurityEvent.Kind#REFUSED_HANDSHAKE} security event naming the remote address and the presented
 * certificate's SHA-256 fingerprint, if one was presented. A port facing the network is scanned, so
 * both are rate-limited: at most one per remote host per {@link #INTERVAL}, and {@link
 * #EVENTS_PER_INTERVAL_MAX} in all per interval; the next line and event that pass say how many
 * were left out. Thread-safe.
 */
final class RefusedHandshakes implements SslHandshakeListener {
  private static final Logger LOG = LoggerFactory.getLogger(RefusedHandshakes.class);

  /** A peer misconfigured for hours raises one event every ten minutes, not one per retry. */
  static final Duration INTERVAL = Duration.ofMinutes(10);

  /** A scan from many hosts raises at most five events per interval: 720 a day at the very most. */
  static final int EVENTS_PER_INTERVAL_MAX = 5;

  /** Hosts remembered for their last event; past it the oldest is forgotten. */
  static final int HOSTS_MAX = 1_000;

  /** A refusal's reason is the TLS library's short message; longer text is cut. */
  private static final int REASON_CHARS_MAX = 200;

  private final Map<SSLEngine, String> presented = Collections.synchronizedMap(new WeakHashMap<>());
  private final Map<String, Instant> lastEventByHost =
      new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
          return size() > HOSTS_MAX;
        }
      };

  private volatile Clock clock = Clock.systemUTC();
  private volatile Consumer<SecurityEvent> sink = event -> {};
  private Instant windowStart = Instant.MIN;
  private int windowEvents;
  private int leftOut;

  /** Where the events go (the node stores and raises them), on the node's clock. */
  void raiseTo(Clock clock, Consumer<SecurityEvent> sink) {
    this.clock = clock;
    this.sink = sink;
  }

  /** The trust manager refused the certificate {@code fingerprint} on {@code engine}. */
  void presented(SSLEngine engine, String fingerprint) {
    presented.put(engine, fingerprint);
  }

  @Override
  public void handshakeSucceeded(Event event) {
    presented.remove(event.getSSLEngine());
  }

  @Override
  public void handshakeFailed(Event event, Throwable failure) {
    String fingerprint = presented.remove(event.getSSLEngine());
    SocketAddress remote =
        event.getEndPoint() == null ? null : event.getEndPoint().getRemoteSocketAddress();
    String host =
        remote instanceof InetSocketAddress inet
            ? inet.getAddress() == null ? inet.getHostString() : inet.getAddress().getHostAddress()
            : String.valueOf(event.getSSLEngine().getPeerHost());
    String address = remote instanceof InetSocketAddress inet ? host + ":" + inet.getPort() : host;
    refused(host, address, fingerprint, reason(failure));
  }

  private synchronized void refused(
      String host, String address, String fingerprint, String reason) {
    Instant now = clock.instant();
    if (!now.isBefore(windowStart.plus(INTERVAL))) {
      windowStart = now;
      windowEvents = 0;
    }
    Instant last = lastEventByHost.get(host);
    if ((last != null && now.isBefore(last.plus(INTERVAL)))
        || windowEvents >= EVENTS_PER_INTERVAL_MAX) {
      leftOut++;
      LOG.debug("refused a TLS handshake from {} (not raised: rate limit)", address);
      return;
    }
    lastEventByHost.remove(host);
    lastEventByHost.put(host, now);
    windowEvents++;
    String detail =
        "refused a TLS handshake from "
            + address
            + (fingerprint == null
                ? ", no certificate that was checked"
                : ", certificate " + fingerprint)
            + ": "
            + reason
            + (leftOut == 0 ? "" : " (" + leftOut + " more refused since the last event)");
    leftOut = 0;
    SecurityEvent event =
        new SecurityEvent(
            now,
            "",
            SecurityEvent.Kind.REFUSED_HANDSHAKE,
            detail,
            fingerprint == null ? "" : fingerprint);
    SecurityEvent.logFields(event).log(() -> LOG.warn("{}", detail));
    sink.accept(event);
  }

  /** The innermost cause's message, printable and short. */
  private static String reason(Throwable failure) {
    Throwable cause = failure;
    for (int depth = 0; cause.getCause() != null && depth < 8; depth++) {
      cause = cause.getCause();
    }
    String message =
        cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    StringBuilder out = new StringBuilder();
    message
        .chars()
        .filter(c -> c >= 0x20 && c < 0x7f)
        .limit(REASON_CHARS_MAX)
        .forEach(c -> out.append((char) c));
    return out.toString();
  }
}
