package org.hotline.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.hotline.Json;
import org.hotline.app.Node;
import org.hotline.link.BatchRefusedException;
import org.hotline.link.MessageState;
import org.hotline.link.Peer;
import org.hotline.link.PeerCapabilities;
import org.hotline.link.PeerUnreachableException;
import org.hotline.link.entry.MessageId;
import org.hotline.link.health.Capabilities;
import org.hotline.testing.Api;
import org.hotline.testing.Await;
import org.hotline.testing.Nodes;
import org.hotline.testing.RewritingPeer;
import org.hotline.testing.TestPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A newer peer's optional fields never break an older node's link. Two real nodes, us and cn; us
 * reaches cn through a {@link RewritingPeer}, which holds cn's TLS key, forwards each request to
 * cn's real federation port and adds a field this build does not know to every JSON answer, as a
 * later version of cn would. (A proxy, because no later version exists yet to run.) Over it, us's
 * link to cn works as it does without it, and cn's own federation port still refuses such a field
 * in a request.
 */
class NewerPeerTest {
  private static final Duration WAIT_MAX = Duration.ofSeconds(30);

  /** The field a later version adds: an object, so that skipping it must skip a nested value. */
  private static final String LATER_FIELD = "added_in_a_later_version";

  @TempDir Path dir;
  private Node us;
  private Node cn;
  private RewritingPeer proxy;

  @BeforeEach
  void start() throws IOException {
    cn = Nodes.start(Nodes.init(dir, "cn"));
    us = Nodes.start(Nodes.init(dir, "us"));
    proxy =
        new RewritingPeer(
            cn,
            us,
            (path, answer) -> answer.putObject(LATER_FIELD).putArray("nested").add(1).add("two"));
    us.addPeer(new Peer(cn.home().card(), List.of(proxy.endpoint())));
    cn.addPeer(
        new Peer(
            us.home().card(), List.of(URI.create("https://127.0.0.1:" + us.federationPort()))));
  }

  @AfterEach
  void stop() {
    proxy.close();
    us.close();
    cn.close();
  }

  @Test
  void answers_with_a_field_this_build_does_not_know_still_carry_the_link() {
    Api api = new Api(us.home(), us.apiPort());
    Api.Response sent =
        api.post(
            "/api/v1/messages",
            "{\"to\":\"cn\",\"precedence\":\"FLASH\",\"subject\":\"through a later version\","
                + "\"body\":\"Do you read?\"}");
    assertThat(sent.status()).as(sent.raw().body()).isEqualTo(201);
    MessageId id = MessageId.parse(sent.body().get("id").asText());

    Await.until(
        "the message to be delivered through the later version",
        WAIT_MAX,
        () -> us.links().requireMessage(id).state() == MessageState.DELIVERED);
    Await.until(
        "us to learn what the later version reads",
        WAIT_MAX,
        () -> us.links().capabilities().known(cn.home().party()).source(),
        source -> source == Capabilities.Source.ADVERTISED);
    assertThat(us.links().capabilities().of(cn.home().party())).isEqualTo(PeerCapabilities.OWN);
    Await.until(
        "us to rate its link to cn UP on heartbeats answered through the later version",
        WAIT_MAX,
        () -> us.links().heartbeats().state(cn.home().party()).name().equals("UP"));
    assertThat(us.links().exchangeCheckpoints(cn.home().party())).isEmpty();

    assertThat(proxy.rewritten.keySet())
        .containsAll(
            Set.of(
                "/federation/v1/state",
                "/federation/v1/batches",
                "/federation/v1/heartbeat",
                "/federation/v1/checkpoints",
                "/federation/v1/capabilities"));
  }

  @Test
  void a_refusal_with_a_field_this_build_does_not_know_is_still_a_refusal() {
    try (FederationClient client = new FederationClient(us.home().tls())) {
      Peer later = new Peer(cn.home().card(), List.of(proxy.endpoint()));

      assertThatThrownBy(() -> client.state(later, "hotline/mallory/cn"))
          .isInstanceOfSatisfying(
              BatchRefusedException.class,
              e -> assertThat(e.kind()).isEqualTo(BatchRefusedException.Kind.WRONG_LOG));
    }
    assertThat(proxy.rewritten).containsKey("/federation/v1/state");
  }

  @Test
  void an_answer_that_is_json_null_is_no_answer_not_a_crash() {
    proxy.answer = "null";
    try (FederationClient client = new FederationClient(us.home().tls())) {
      Peer later = new Peer(cn.home().card(), List.of(proxy.endpoint()));

      assertThatThrownBy(() -> client.capabilities(later))
          .isInstanceOf(PeerUnreachableException.class)
          .hasMessageContaining("null");
    }
  }

  @Test
  void the_federation_port_still_refuses_a_request_with_a_field_it_does_not_know() {
    try (HttpClient client = asUsToCn(us, cn)) {
      HttpResponse<String> answer =
          client.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "https://127.0.0.1:" + cn.federationPort() + "/federation/v1/heartbeat"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"note\":\"x\",\"" + LATER_FIELD + "\":1}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(answer.statusCode()).isEqualTo(400);
      assertThat(answer.body()).contains("bad-batch").contains(LATER_FIELD);
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void this_node_advertises_what_it_reads_to_a_pinned_peer() throws Exception {
    try (HttpClient client = asUsToCn(us, cn)) {
      HttpResponse<String> answer =
          client.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "https://127.0.0.1:"
                              + cn.federationPort()
                              + "/federation/v1/capabilities"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(Json.mapper().readTree(answer.body()))
          .isEqualTo(
              Json.mapper()
                  .readTree(
                      "{\"formats\":[1,2,3,4],\"kinds\":[\"ack\",\"change\",\"deadline-missed\",\"decline\","
                          + "\"link-test\",\"message\",\"read\",\"recovery\"],"
                          + "\"optional_fields\":[\"batches.uninterpretable\","
                          + "\"checkpoints.divergences\",\"checkpoints.state_hash\"]}"));
    }
  }

  /** An HTTP client that presents us's TLS certificate and pins cn's, as us's own client does. */
  private static HttpClient asUsToCn(Node us, Node cn) {
    return TestPeer.client(
        Tls.context(us.home().tls(), cn.home().card().tlsCertificateSha256()::equals));
  }
}
