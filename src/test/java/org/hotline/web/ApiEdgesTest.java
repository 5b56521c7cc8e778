package org.hotline.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hotline.Json;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.testing.Nodes;
import org.hotline.testing.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The console/API port at its edges, with requests written by hand on a socket as an attacker
 * writes them: Jetty's own refusals are problems, not HTML pages; every query parameter is one the
 * OpenAPI document lists; every answer says nosniff and no-store; and a request for a Host that is
 * not a name of this console (DNS rebinding) is refused with 421.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiEdgesTest {
  @TempDir static Path dir;

  private Node us;
  private String auth;

  @BeforeAll
  void start_a_node_reached_also_as_hotline_example() {
    NodeHome home = Nodes.init(dir, "us");
    Nodes.configure(
        home, config -> config.putArray("console_hosts").add("Hotline.Example").add("::2"));
    us = Nodes.start(home);
    auth = "Authorization: Bearer " + us.home().token();
  }

  @AfterAll
  void stop() {
    us.close();
  }

  // ------------------------------------------------------------------ requests Jetty refuses

  record Refused(String target, int status, String type, String detail) {}

  Stream<Named<Refused>> requests_jetty_refuses() {
    return Stream.of(
        Named.of(
            "a NUL in the path",
            new Refused("/api/v1/messages/%00", 400, "bad-request", "not valid HTTP")),
        Named.of(
            "a NUL in a console path",
            new Refused("/inbox/%00", 400, "bad-request", "not valid HTTP")),
        Named.of(
            "a path of 20 kB",
            new Refused("/api/v1/" + "a".repeat(20_000), 414, "uri-too-long", "URI Too Long")),
        Named.of(
            "a space in the path",
            new Refused("/api/v1/mess ages", 400, "bad-request", "Illegal character")));
  }

  @ParameterizedTest(name = "{0} is answered with a problem, not an HTML page")
  @MethodSource("requests_jetty_refuses")
  void a_request_that_is_not_valid_http_gets_a_problem(Refused request) {
    RawHttp.Response response = RawHttp.get(us.apiPort(), request.target(), auth);

    assertProblem(response, request.status(), request.type(), request.detail());
    assertThat(response.body()).doesNotContain("<html");
  }

  @Test
  void a_request_line_of_garbage_gets_a_problem() {
    RawHttp.Response response =
        RawHttp.send(
            us.apiPort(),
            "\u0001\u0002 GARBAGE\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

    assertProblem(response, 400, "bad-request", "not valid HTTP");
  }

  // ------------------------------------------------------------------ query parameters

  record Query(String target, String field, String detail) {}

  Stream<Named<Query>> bad_query_parameters() {
    return Stream.of(
        Named.of(
            "a cursor the security events do not take",
            new Query(
                "/api/v1/security-events?before=xyz",
                "before",
                "unknown query parameter 'before': GET /api/v1/security-events takes only limit")),
        Named.of(
            "a limit given twice",
            new Query(
                "/api/v1/messages?limit=1&limit=2",
                "limit",
                "query parameter 'limit' is given twice")),
        Named.of(
            "a limit whose percent-encoding is broken",
            new Query("/api/v1/messages?limit=%zz", null, "not correctly percent-encoded")),
        Named.of(
            "a parameter on an endpoint that takes none",
            new Query("/api/v1/links?verbose=1", "verbose", "GET /api/v1/links takes none")),
        Named.of(
            "a parameter on a message",
            new Query(
                "/api/v1/messages/01a2249f-b354-736f-9ab4-a82289897958?fields=all",
                "fields",
                "takes none")),
        Named.of(
            "a misspelt limit on the notifications",
            new Query("/api/v1/notifications?limt=5", "limt", "takes only limit")),
        Named.of(
            "a box and a cursor spelt in upper case",
            new Query(
                "/api/v1/messages?BOX=inbox", "BOX", "takes only box, channel, cursor, limit")),
        Named.of(
            "a channel filter on the commitments, which have no channel",
            new Query(
                "/api/v1/commitments?channel=general",
                "channel",
                "takes only limit, offset, peer, state")),
        Named.of(
            "a state filter on the concerns, whose filter is status",
            new Query(
                "/api/v1/concerns?state=OPEN", "state", "takes only limit, offset, peer, status")),
        Named.of(
            "a parameter on the OpenAPI document",
            new Query("/api/v1/openapi.json?format=yaml", "format", "takes none")));
  }

  @ParameterizedTest(name = "{0} is refused")
  @MethodSource("bad_query_parameters")
  void a_query_parameter_that_is_not_documented_or_not_well_formed_is_refused(Query query) {
    RawHttp.Response response = RawHttp.get(us.apiPort(), query.target(), auth);

    JsonNode problem = assertProblem(response, 400, "invalid-input", query.detail());
    if (query.field() == null) {
      assertThat(problem.path("field").isNull()).as(response.body()).isTrue();
    } else {
      assertThat(problem.path("field").asText()).isEqualTo(query.field());
    }
  }

  @Test
  void the_documented_query_parameters_are_taken() {
    for (String target :
        List.of(
            "/api/v1/messages?box=outbox&limit=5",
            "/api/v1/security-events?limit=5",
            "/api/v1/notifications?limit=5",
            "/api/v1/alerts?limit=5&before=10",
            "/api/v1/incidents?state=TRIAGE&channel=general&limit=5&offset=0",
            "/api/v1/commitments?state=AGREED&limit=5&offset=1",
            "/api/v1/concerns?status=OPEN&limit=5&offset=0")) {
      assertThat(RawHttp.get(us.apiPort(), target, auth).status()).as(target).isEqualTo(200);
    }
  }

  @Test
  void without_the_token_a_query_parameter_is_not_looked_at() {
    RawHttp.Response response = RawHttp.get(us.apiPort(), "/api/v1/links?verbose=1");

    assertProblem(response, 401, "unauthorized", "missing bearer token");
  }

  // ------------------------------------------------------------------ headers

  @Test
  void every_api_answer_says_nosniff_and_no_store() {
    for (RawHttp.Response response :
        List.of(
            RawHttp.get(us.apiPort(), "/api/v1/links", auth),
            RawHttp.get(us.apiPort(), "/api/v1/messages?box=outbox", auth),
            RawHttp.get(us.apiPort(), "/api/v1/links"),
            RawHttp.get(us.apiPort(), "/api/v1/nothing-here", auth),
            RawHttp.get(us.apiPort(), "/api/v1/messages?limit=ten", auth),
            RawHttp.get(us.apiPort(), "/healthz"))) {
      assertThat(response.header("X-Content-Type-Options"))
          .as(response.toString())
          .isEqualTo("nosniff");
      assertThat(response.header("Cache-Control")).as(response.toString()).isEqualTo("no-store");
    }
  }

  @Test
  void console_pages_that_show_message_text_are_not_cached_either() {
    RawHttp.Response response = RawHttp.get(us.apiPort(), "/signin");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
  }

  // ------------------------------------------------------------------ the Host header

  Stream<Named<String>> hosts_of_this_console() {
    int port = us.apiPort();
    return Stream.of(
        Named.of("the bind address with the port", "127.0.0.1:" + port),
        Named.of("another loopback address", "127.0.0.2"),
        Named.of("localhost", "localhost:" + port),
        Named.of("localhost in capitals", "LOCALHOST"),
        Named.of("IPv6 loopback", "[::1]:" + port),
        Named.of("a configured name, in another case", "hotline.example:443"),
        Named.of("a configured IPv6 address", "[::2]"));
  }

  @ParameterizedTest(name = "{0} is served")
  @MethodSource("hosts_of_this_console")
  void a_request_for_a_name_of_this_console_is_served(String host) {
    assertThat(RawHttp.get(us.apiPort(), "/api/v1/links", auth, "Host: " + host).status())
        .isEqualTo(200);
    assertThat(RawHttp.get(us.apiPort(), "/signin", "Host: " + host).status()).isEqualTo(200);
  }

  Stream<Named<String>> hosts_of_another_site() {
    return Stream.of(
        Named.of("a rebinding attacker's name", "attacker.example"),
        Named.of("an attacker's name with this port", "attacker.example:" + us.apiPort()),
        Named.of("a name that ends like a configured one", "evil-hotline.example"),
        Named.of("another address, on a node bound to loopback", "192.0.2.7"));
  }

  @ParameterizedTest(name = "{0} is refused with 421")
  @MethodSource("hosts_of_another_site")
  void a_request_for_another_host_is_refused_on_every_path(String host) {
    for (String target : List.of("/api/v1/links", "/signin", "/healthz", "/inbox")) {
      RawHttp.Response response = RawHttp.get(us.apiPort(), target, auth, "Host: " + host);

      assertProblem(response, 421, "misdirected", "is not a name of this console");
    }
  }

  // ------------------------------------------------------------------ helpers

  private static JsonNode assertProblem(
      RawHttp.Response response, int status, String type, String detail) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    assertThat(response.header("Content-Type"))
        .as(response.toString())
        .startsWith("application/problem+json");
    assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    JsonNode problem;
    try {
      problem = Json.mapper().readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + response, e);
    }
    assertThat(problem.path("type").asText()).isEqualTo("urn:hotline:problem:" + type);
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    assertThat(problem.path("detail").asText()).as(response.toString()).contains(detail);
    return problem;
  }
}
