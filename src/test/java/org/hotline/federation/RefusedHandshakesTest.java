package org.hotline.federation;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.hotline.app.Node;
import org.hotline.identity.PartyId;
import org.hotline.identity.TlsIdentity;
import org.hotline.testing.Api;
import org.hotline.testing.Await;
import org.hotline.testing.Messaging;
import org.hotline.testing.MutableClock;
import org.hotline.testing.Nodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Refused handshakes on a real node's federation port, by real TLS clients and raw sockets on
 * loopback, leave a log line and a rate-limited security event naming the remote address and the
 * certificate presented. The node runs on a clock the test moves past the rate limit.
 */
class RefusedHandshakesTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path dir;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private Node cn;
  private Api api;

  @BeforeEach
  void start() {
    ((Logger) LoggerFactory.getLogger(RefusedHandshakes.class)).addAppender(log);
    log.start();
    cn = Nodes.start(Nodes.init(dir, "cn"), clock);
    api = new Api(cn.home(), cn.apiPort());
  }

  @AfterEach
  void stop() {
    cn.close();
    ((Logger) LoggerFactory.getLogger(RefusedHandshakes.class)).detachAppender(log);
  }

  @Test
  void a_client_without_a_certificate_is_logged_and_raised_with_its_address() throws Exception {
    tlsClient(noCertificate());

    JsonNode event = nextEvent(0);
    assertThat(event.get("detail").asText())
        .startsWith("refused a TLS handshake from 127.0.0.1:")
        .contains("no certificate that was checked");
    assertThat(event.get("evidence").asText()).isEmpty();
    assertThat(loggedLines())
        .anyMatch(line -> line.startsWith("refused a TLS handshake from 127.0.0.1:"));
  }

  @Test
  void a_certificate_that_is_not_pinned_is_raised_with_its_fingerprint() throws Exception {
    TlsIdentity stranger = TlsIdentity.generate(PartyId.of("stranger"), clock.instant(), RANDOM);

    tlsClient(Tls.context(stranger, fingerprint -> true));

    JsonNode event = nextEvent(0);
    assertThat(event.get("detail").asText())
        .contains("certificate " + stranger.fingerprint())
        .contains("is not pinned for any peer");
    assertThat(event.get("evidence").asText()).isEqualTo(stranger.fingerprint());
    assertThat(loggedLines()).anyMatch(line -> line.contains(stranger.fingerprint()));
  }

  @Test
  void plain_http_on_the_tls_port_is_raised() throws IOException {
    rawBytes(
        "GET /federation/v1/state HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

    assertThat(nextEvent(0).get("detail").asText())
        .startsWith("refused a TLS handshake from 127.0.0.1:");
  }

  @Test
  void garbage_bytes_are_raised() throws IOException {
    byte[] garbage = new byte[5 + 16];
    RANDOM.nextBytes(garbage);
    // a TLS record header announcing 16 bytes of handshake, then 16 random bytes
    garbage[0] = 0x16;
    garbage[1] = 0x03;
    garbage[2] = 0x01;
    garbage[3] = 0x00;
    garbage[4] = 0x10;
    garbage[5] = 0x01; // ClientHello, of a length the record cannot hold
    rawBytes(garbage);

    assertThat(nextEvent(0).get("detail").asText())
        .startsWith("refused a TLS handshake from 127.0.0.1:");
  }

  @Test
  void repeated_refusals_from_one_host_raise_one_event_per_interval_and_count_the_rest()
      throws Exception {
    tlsClient(noCertificate());
    nextEvent(0);
    int linesBefore = loggedLines().size();

    tlsClient(noCertificate());
    tlsClient(noCertificate());
    clock.advance(RefusedHandshakes.INTERVAL);
    tlsClient(noCertificate());

    JsonNode event = nextEvent(1);
    assertThat(event.get("detail").asText()).endsWith("(2 more refused since the last event)");
    assertThat(Messaging.securityEvents(api)).as("the two in between raised nothing").hasSize(2);
    assertThat(loggedLines()).as("nor logged a warning").hasSize(linesBefore + 1);
  }

  @Test
  void after_refusals_the_node_still_serves_its_pinned_peer() throws Exception {
    tlsClient(noCertificate());
    nextEvent(0);
    try (Node us = Nodes.start(Nodes.init(dir, "us"), clock)) {
      Nodes.pair(us, cn);
      Api usApi = new Api(us.home(), us.apiPort());
      Messaging.send(usApi, "cn", List.of("after the scan"));
      Messaging.awaitDelivered(usApi, "cn", 1);
    }
  }

  // ------------------------------------------------------------------ clients

  private static SSLContext noCertificate() throws Exception {
    SSLContext context = SSLContext.getInstance("TLSv1.3");
    context.init(null, new TrustManager[] {new PinnedTrustManager(fingerprint -> true)}, RANDOM);
    return context;
  }

  /** Handshakes, sends a request and reads until the node closes or fails the connection. */
  private void tlsClient(SSLContext context) {
    try (SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", cn.federationPort())) {
      socket.setSoTimeout(30_000);
      socket.startHandshake();
      socket
          .getOutputStream()
          .write(
              "GET /federation/v1/state HTTP/1.1\r\nHost: x\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      drain(socket.getInputStream());
    } catch (IOException expected) {
      // the node refused the handshake: what the test is about
    }
  }

  private void rawBytes(byte[] bytes) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", cn.federationPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(bytes);
      out.flush();
      socket.shutdownOutput();
      drain(socket.getInputStream());
    } catch (java.net.SocketException reset) {
      // the node closed the connection on its side
    }
  }

  private static void drain(InputStream in) throws IOException {
    byte[] buffer = new byte[4096];
    while (in.read(buffer) >= 0) {
      // until the node closes
    }
  }

  // ------------------------------------------------------------------ what the node says

  /** Waits for the node's security events to number {@code before + 1}; returns the newest. */
  private JsonNode nextEvent(int before) {
    List<JsonNode> events =
        Await.until(
            "a refused-handshake event",
            Messaging.DELIVERY_TIMEOUT,
            () -> Messaging.securityEvents(api),
            list -> list.size() > before);
    assertThat(events).hasSize(before + 1);
    JsonNode event = events.get(0);
    assertThat(event.get("kind").asText()).isEqualTo("refused-handshake");
    assertThat(event.get("peer").asText()).isEmpty();
    return event;
  }

  private List<String> loggedLines() {
    return log.list.stream()
        .filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }
}
