package org.hotline.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.IntStream;
import org.hotline.InvalidInputException;
import org.hotline.Json;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.link.SecurityEvent;
import org.hotline.link.entry.Precedence;
import org.hotline.testing.Api;
import org.hotline.testing.Messaging;
import org.hotline.testing.Nodes;
import org.hotline.testing.PrometheusText;
import org.hotline.testing.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics}, {@code /readyz} and {@code /healthz} of two real nodes that carried known
 * traffic: each scrape is parsed as Prometheus parses the text format, and its numbers are checked
 * against the traffic and against {@code GET /api/v1/links}, which the metrics read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsTest {
  static final int MESSAGES = 7;

  /** 64 hex digits, as {@code openssl rand -hex 32} makes them. */
  static final String METRICS_TOKEN = "5f".repeat(32);

  @TempDir static Path dir;

  private Node us;
  private Node cn;
  private Api usApi;

  @BeforeAll
  void two_nodes_carry_known_traffic() {
    NodeHome usHome = Nodes.init(dir, "us");
    Nodes.configure(usHome, config -> config.put("metrics_token", METRICS_TOKEN));
    us = Nodes.start(usHome);
    cn = Nodes.start(Nodes.init(dir, "cn"));
    Nodes.pair(us, cn);
    usApi = new Api(us.home(), us.apiPort());
    Messaging.send(usApi, "cn", IntStream.range(0, MESSAGES).mapToObj(i -> "m" + i).toList());
    Messaging.awaitDelivered(usApi, "cn", MESSAGES);
  }

  @AfterAll
  void stop() {
    us.close();
    cn.close();
  }

  private PrometheusText scrape(Node node, String token) {
    RawHttp.Response response =
        RawHttp.get(node.apiPort(), "/metrics", "Authorization: Bearer " + token);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.header("Content-Type")).startsWith("text/plain; version=0.0.4");
    return PrometheusText.parse(response.body());
  }

  private JsonNode link(Api api, String peer) {
    for (JsonNode link : api.get("/api/v1/links").body().get("links")) {
      if (link.get("peer").asText().equals(peer)) {
        return link;
      }
    }
    throw new AssertionError("no link to " + peer);
  }

  @Test
  void a_scrape_counts_the_entries_sent_receipted_and_received_as_the_links_page_does() {
    PrometheusText usMetrics = scrape(us, METRICS_TOKEN);
    JsonNode usLink = link(usApi, "cn");

    assertThat(usMetrics.type("hotline_entries_sent_total")).contains("counter");
    assertThat(usMetrics.value("hotline_entries_sent_total", "peer", "cn"))
        .isEqualTo(usLink.get("sent").asDouble())
        .isGreaterThanOrEqualTo(MESSAGES);
    assertThat(usMetrics.value("hotline_entries_receipted_total", "peer", "cn"))
        .isGreaterThanOrEqualTo(MESSAGES);
    assertThat(usMetrics.type("hotline_batch_receipt_seconds")).contains("histogram");
    assertThat(usMetrics.value("hotline_batch_receipt_seconds_count", "peer", "cn"))
        .as("each receipted batch timed once; the messages went in one batch or more")
        .isBetween(1.0, usMetrics.value("hotline_entries_receipted_total", "peer", "cn"));
    assertThat(usMetrics.value("hotline_batches_in_flight", "peer", "cn"))
        .isBetween(0.0, (double) org.hotline.link.BatchLimits.WINDOW_DEFAULT);
    PrometheusText cnMetrics = scrape(cn, cn.home().token());
    assertThat(cnMetrics.value("hotline_entries_received_total", "peer", "us"))
        .isEqualTo(link(new Api(cn.home(), cn.apiPort()), "us").get("received").asDouble())
        .isGreaterThanOrEqualTo(MESSAGES);
    assertThat(cnMetrics.value("hotline_entries_sent_total", "peer", "us")).isZero();
  }

  @Test
  void the_link_is_in_exactly_one_state_the_one_the_links_page_shows() {
    PrometheusText metrics = scrape(us, METRICS_TOKEN);
    String state = link(usApi, "cn").get("state").asText();

    List<PrometheusText.Sample> states = metrics.find("hotline_link_state", "peer", "cn");
    assertThat(states).hasSize(5);
    assertThat(states.stream().filter(sample -> sample.value() == 1))
        .singleElement()
        .satisfies(sample -> assertThat(sample.labels()).containsEntry("state", state));
    assertThat(metrics.type("hotline_link_round_trip_seconds")).contains("gauge");
  }

  @Test
  void the_answered_heartbeats_fill_the_round_trip_histogram_once_each() {
    org.hotline.testing.Await.until(
        "a heartbeat to cn answered",
        java.time.Duration.ofSeconds(30),
        () ->
            us.links().heartbeats().health(org.hotline.identity.PartyId.of("cn")).lastAnswered()
                != null);
    PrometheusText first = scrape(us, METRICS_TOKEN);
    PrometheusText second = scrape(us, METRICS_TOKEN);
    long answered =
        us.links().heartbeats().health(org.hotline.identity.PartyId.of("cn")).history().stream()
            .filter(org.hotline.link.health.LinkHealth.Sample::answered)
            .count();

    assertThat(first.type("hotline_heartbeat_round_trip_seconds")).contains("histogram");
    double count = second.value("hotline_heartbeat_round_trip_seconds_count", "peer", "cn");
    assertThat(count)
        .as("each answered heartbeat counted once however often the node is scraped")
        .isGreaterThanOrEqualTo(
            first.value("hotline_heartbeat_round_trip_seconds_count", "peer", "cn"))
        .isLessThanOrEqualTo(answered)
        .isPositive();
    assertThat(
            second.value("hotline_heartbeat_round_trip_seconds_bucket", "peer", "cn", "le", "+Inf"))
        .isEqualTo(count);
  }

  @Test
  void nobody_has_acknowledged_the_messages_sent_and_every_precedence_is_shown() {
    PrometheusText metrics = scrape(us, METRICS_TOKEN);

    for (Precedence precedence : Precedence.values()) {
      assertThat(
              metrics.value(
                  "hotline_messages_unacknowledged",
                  "peer",
                  "cn",
                  "direction",
                  "sent",
                  "precedence",
                  precedence.name()))
          .as(precedence.name())
          .isEqualTo(precedence == Precedence.ROUTINE ? MESSAGES : 0);
    }
    for (Precedence precedence : Precedence.values()) {
      for (String direction : List.of("sent", "received")) {
        assertThat(
                metrics.value(
                    "hotline_messages_overdue",
                    "peer",
                    "cn",
                    "direction",
                    direction,
                    "precedence",
                    precedence.name()))
            .as(direction + " " + precedence)
            .isZero();
      }
      assertThat(
              metrics.value("hotline_queue_entries", "peer", "cn", "precedence", precedence.name()))
          .as("queued " + precedence)
          .isZero();
    }
    assertThat(metrics.type("hotline_heartbeat_clock_offset_seconds")).contains("histogram");
    assertThat(metrics.value("hotline_heartbeat_clock_offset_seconds_count", "peer", "cn"))
        .as("one offset per answered heartbeat, as the round trips")
        .isEqualTo(metrics.value("hotline_heartbeat_round_trip_seconds_count", "peer", "cn"));
  }

  @Test
  void every_kind_of_security_event_is_counted_from_zero_so_that_the_first_one_raises_an_alert() {
    PrometheusText metrics = scrape(us, METRICS_TOKEN);

    for (SecurityEvent.Kind kind : SecurityEvent.Kind.values()) {
      assertThat(metrics.value("hotline_security_events_total", "kind", kind.wire()))
          .as(kind.wire())
          .isZero();
    }
    assertThat(metrics.value("hotline_escalations_total", "step", "link.escalation")).isZero();
    assertThat(metrics.value("hotline_notification_failures_total", "about", "message")).isZero();
  }

  @Test
  void a_checkpoint_exchange_in_which_both_views_agree_is_counted_as_agreed() {
    double before =
        scrape(us, METRICS_TOKEN).value("hotline_checkpoint_exchanges_total", "result", "agreed");

    assertThat(us.links().exchangeCheckpoints(org.hotline.identity.PartyId.of("cn"))).isEmpty();

    PrometheusText after = scrape(us, METRICS_TOKEN);
    assertThat(after.value("hotline_checkpoint_exchanges_total", "result", "agreed"))
        .isEqualTo(before + 1);
    assertThat(after.value("hotline_checkpoint_exchanges_total", "result", "diverged")).isZero();
  }

  @Test
  void a_refused_handshake_is_counted_under_its_kind_when_it_is_raised() {
    double before =
        scrape(cn, cn.home().token())
            .value("hotline_security_events_total", "kind", "refused-handshake");

    RawHttp.plainHttpToTlsPort(cn.federationPort());

    org.hotline.testing.Await.until(
        "the refused handshake counted",
        Messaging.DELIVERY_TIMEOUT,
        () ->
            scrape(cn, cn.home().token())
                .value("hotline_security_events_total", "kind", "refused-handshake"),
        count -> count == before + 1);
    Api cnApi = new Api(cn.home(), cn.apiPort());
    assertThat(
            Messaging.securityEvents(cnApi).stream()
                .filter(event -> event.get("kind").asText().equals("refused-handshake")))
        .as("the events the node stored")
        .hasSize((int) (before + 1));
    assertThat(
            scrape(cn, cn.home().token())
                .value("hotline_security_events_total", "kind", "bad-signature"))
        .isZero();
  }

  @Test
  void the_store_commits_and_the_pool_and_the_jvm_are_measured() {
    PrometheusText metrics = scrape(us, METRICS_TOKEN);

    assertThat(metrics.value("hotline_store_commits_total")).isGreaterThan(0);
    assertThat(metrics.value("hotline_store_commit_seconds_count"))
        .as("the traffic's commits are timed")
        .isPositive();
    assertThat(metrics.value("hotline_store_commit_seconds_sum")).isPositive();
    assertThat(metrics.value("hotline_store_connections_max")).isPositive();
    assertThat(metrics.find("hotline_store_connections")).hasSize(3);
    assertThat(metrics.find("jvm_memory_used_bytes")).isNotEmpty();
    assertThat(metrics.find("jvm_threads_live_threads")).isNotEmpty();
    assertThat(metrics.find("process_cpu_usage")).isNotEmpty();
  }

  /** A metric a rule or a panel names: ours, the JVM's and the process's. */
  static final java.util.regex.Pattern METRIC_NAME =
      java.util.regex.Pattern.compile("\\b(?:hotline|jvm|process)_[a-z0-9_]+\\b");

  @Test
  void every_metric_the_grafana_dashboard_names_is_exported() throws java.io.IOException {
    java.util.Set<String> exported = exportedNames();
    JsonNode dashboard =
        Json.mapper().readTree(Path.of("deploy/grafana/hotline-dashboard.json").toFile());

    assertThat(dashboard.get("uid").asText()).isEqualTo("hotline-node");
    assertThat(dashboard.get("schemaVersion").asInt()).isPositive();
    List<String> expressions = new java.util.ArrayList<>();
    for (JsonNode panel : dashboard.get("panels")) {
      assertThat(panel.get("targets")).as(panel.get("title").asText()).isNotEmpty();
      panel.get("targets").forEach(target -> expressions.add(target.get("expr").asText()));
    }
    dashboard
        .get("templating")
        .get("list")
        .forEach(variable -> expressions.add(variable.path("definition").asText()));
    assertThat(names(expressions))
        .isNotEmpty()
        .allSatisfy(name -> assertThat(exported).contains(name));
  }

  @Test
  void every_metric_the_alerting_rules_name_is_exported_and_the_essential_alerts_are_there()
      throws java.io.IOException {
    java.util.Set<String> exported = exportedNames();
    List<String> lines = Files.readAllLines(Path.of("deploy/prometheus/hotline-alerts.yml"));
    List<String> alerts = new java.util.ArrayList<>();
    List<String> expressions = new java.util.ArrayList<>();
    for (String line : lines) {
      String content = line.strip();
      if (content.startsWith("- alert: ")) {
        alerts.add(content.substring("- alert: ".length()));
      } else if (content.startsWith("expr: ")) {
        expressions.add(content.substring("expr: ".length()));
      }
    }

    assertThat(expressions).as("one expression per alert").hasSameSizeAs(alerts);
    assertThat(alerts)
        .contains(
            "HotlineLinkDown",
            "HotlineFlashUnacknowledged",
            "HotlineAcknowledgementOverdue",
            "HotlineDivergence",
            "HotlineSecurityEvent");
    assertThat(names(expressions))
        .isNotEmpty()
        .allSatisfy(name -> assertThat(exported).contains(name));
  }

  @Test
  void the_operations_guide_names_every_metric_family_of_the_node_and_no_other()
      throws java.io.IOException {
    String guide = Files.readString(Path.of("docs/operations.md"));
    String section =
        guide.substring(
            guide.indexOf("### 12.1 Metrics, health and logs"),
            guide.indexOf("## 13. Troubleshooting"));
    java.util.Set<String> documented = new java.util.TreeSet<>();
    java.util.regex.Matcher metric = METRIC_NAME.matcher(section);
    while (metric.find()) {
      documented.add(metric.group());
    }
    PrometheusText scrape = scrape(us, METRICS_TOKEN);
    java.util.Set<String> exported = new java.util.TreeSet<>(scrape.families());
    scrape.samples().forEach(sample -> exported.add(sample.name()));

    java.util.Set<String> ours = new java.util.TreeSet<>();
    scrape.families().stream().filter(name -> name.startsWith("hotline_")).forEach(ours::add);
    assertThat(documented.stream().filter(name -> name.startsWith("hotline_")))
        .containsExactlyInAnyOrderElementsOf(ours);
    assertThat(documented.stream().filter(name -> !name.startsWith("hotline_")))
        .as("JVM and process metrics named in the guide, each exported (a GC may not have run)")
        .allSatisfy(
            name ->
                assertThat(exported.contains(name) || name.startsWith("jvm_gc_"))
                    .as(name)
                    .isTrue());
  }

  private java.util.Set<String> exportedNames() {
    return scrape(us, METRICS_TOKEN).samples().stream()
        .map(PrometheusText.Sample::name)
        .collect(java.util.stream.Collectors.toSet());
  }

  private static java.util.Set<String> names(List<String> expressions) {
    java.util.Set<String> names = new java.util.TreeSet<>();
    for (String expression : expressions) {
      METRIC_NAME.matcher(expression).results().forEach(match -> names.add(match.group()));
    }
    return names;
  }

  @Test
  void the_api_token_may_scrape_too() {
    PrometheusText metrics = scrape(us, us.home().token());

    assertThat(metrics.families()).contains("hotline_entries_sent_total");
  }

  @Test
  void a_scrape_without_a_token_or_with_a_wrong_one_is_refused_with_a_problem() {
    for (RawHttp.Response response :
        List.of(
            RawHttp.get(us.apiPort(), "/metrics"),
            RawHttp.get(us.apiPort(), "/metrics", "Authorization: Bearer " + "0".repeat(64)))) {
      assertThat(response.status()).as(response.body()).isEqualTo(401);
      assertThat(response.header("Content-Type")).startsWith("application/problem+json");
      JsonNode problem = read(response.body());
      assertThat(problem.get("type").asText()).isEqualTo("urn:hotline:problem:unauthorized");
      assertThat(response.body()).doesNotContain("hotline_");
    }
  }

  @Test
  void the_metrics_token_opens_no_other_endpoint() {
    RawHttp.Response response =
        RawHttp.get(us.apiPort(), "/api/v1/messages", "Authorization: Bearer " + METRICS_TOKEN);

    assertThat(response.status()).as(response.body()).isEqualTo(401);
  }

  @Test
  void a_metrics_token_shorter_than_the_minimum_keeps_the_node_from_starting() {
    NodeHome home = Nodes.init(dir, "short");
    Nodes.configure(home, config -> config.put("metrics_token", "secret"));

    assertThatThrownBy(() -> NodeHome.open(home.dir()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("metrics_token must be at least 32 characters");
  }

  @Test
  void a_running_node_is_alive_and_ready_without_a_token() {
    RawHttp.Response health = RawHttp.get(us.apiPort(), "/healthz");
    RawHttp.Response ready = RawHttp.get(us.apiPort(), "/readyz");

    assertThat(health.status()).isEqualTo(200);
    assertThat(read(health.body()).get("status").asText()).isEqualTo("ok");
    assertThat(ready.status()).as(ready.body()).isEqualTo(200);
    assertThat(read(ready.body()).get("status").asText()).isEqualTo("ready");
    assertThat(read(ready.body()).get("role").asText()).isEqualTo("single");
  }

  /**
   * The test runs as root, for whom every file is writable; a database file that is no longer where
   * the node opened it (a volume unmounted, a file moved away) is a fault that root sees too.
   */
  @Test
  void a_node_whose_database_file_is_gone_is_alive_but_not_ready_until_it_is_back()
      throws Exception {
    Path database = cn.home().database();
    Path aside = database.resolveSibling("moved-away.db");
    Files.move(database, aside, StandardCopyOption.ATOMIC_MOVE);
    RawHttp.Response notReady;
    RawHttp.Response health;
    try {
      notReady = RawHttp.get(cn.apiPort(), "/readyz");
      health = RawHttp.get(cn.apiPort(), "/healthz");
    } finally {
      Files.move(aside, database, StandardCopyOption.ATOMIC_MOVE);
    }

    assertThat(notReady.status()).as(notReady.body()).isEqualTo(503);
    assertThat(notReady.header("Content-Type")).startsWith("application/problem+json");
    JsonNode problem = read(notReady.body());
    assertThat(problem.get("type").asText()).isEqualTo("urn:hotline:problem:not-ready");
    assertThat(problem.get("detail").asText()).contains("store:").contains("database file");
    assertThat(health.status()).isEqualTo(200);
    assertThat(RawHttp.get(cn.apiPort(), "/readyz").status()).isEqualTo(200);
  }

  private static JsonNode read(String body) {
    try {
      return Json.mapper().readTree(body);
    } catch (java.io.IOException e) {
      throw new AssertionError(body, e);
    }
  }
}
