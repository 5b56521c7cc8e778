package org.hotline.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.hotline.Json;
import org.hotline.app.Node;
import org.hotline.testing.Nodes;
import org.hotline.testing.TestPeer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Guarantee 8 on the API port: every bad request gets an RFC 9457 problem (application/problem+json
 * with type, title, status, detail, and the offending field where there is one), and nothing is
 * stored. One real node ("us") paired with one party ("cn"); each case is a row of the table below.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiBadInputTest {
  private static final String MESSAGES = "/api/v1/messages";
  private static final String BATCH = "/api/v1/messages/batch";
  private static final String SOME_V7_ID = "01a2249f-b354-736f-9ab4-a82289897958";

  @TempDir static Path dir;

  private Node us;
  private TestPeer cn;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  void start_a_node_paired_with_one_party_that_has_accepted_one_message() {
    us = Nodes.start(Nodes.init(dir, "us"));
    cn = TestPeer.pinnedOn(us, "cn");
    Reply accepted = send(new Case("POST", MESSAGES, message().toString(), Token.RIGHT));
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
    assertThat(outboxCount()).isEqualTo(1);
  }

  @AfterAll
  void stop() {
    cn.close();
    us.close();
    client.close();
  }

  // ------------------------------------------------------------------ the table

  Stream<Named<Case>> bad_requests() {
    return Stream.of(
        row(
            "a message to a party that is not paired",
            send(message().put("to", "zz"))
                .refused(400, "invalid-input", "to", "unknown peer 'zz'")),
        row(
            "a recipient that is not a party id",
            send(message().put("to", "Not A Party"))
                .refused(400, "invalid-input", "to", "party id must match")),
        row(
            "no recipient",
            send(message().without("to")).refused(400, "invalid-input", "to", "'to' is required")),
        row(
            "no precedence",
            send(message().without("precedence"))
                .refused(400, "invalid-input", "precedence", "precedence is required")),
        row(
            "no subject",
            send(message().without("subject"))
                .refused(400, "invalid-input", "subject", "subject is required")),
        row(
            "no body",
            send(message().without("body"))
                .refused(400, "invalid-input", "body", "body is required")),
        row(
            "an unknown precedence",
            send(message().put("precedence", "URGENT"))
                .refused(400, "invalid-input", "precedence", "unknown precedence 'URGENT'")),
        row(
            "a precedence in lower case, which the documentation does not allow",
            send(message().put("precedence", "flash"))
                .refused(400, "invalid-input", "precedence", "unknown precedence 'flash'")),
        row(
            "a status flag in mixed case",
            send(message().put("status", "Exercise"))
                .refused(400, "invalid-input", "status", "unknown status 'Exercise'")),
        row(
            "a field given twice, which two readers could take differently",
            send("{\"to\":\"cn\",\"precedence\":\"ROUTINE\",\"subject\":\"a\",\"body\":\"b\","
                    + "\"to\":\"zz\"}")
                .refused(400, "invalid-input", "to", "field 'to' is given twice")),
        row(
            "a batch whose second message gives a field twice",
            new Case(
                    "POST",
                    BATCH,
                    "{\"messages\":["
                        + message()
                        + ",{\"to\":\"cn\",\"precedence\":\"ROUTINE\",\"precedence\":\"FLASH\","
                        + "\"subject\":\"a\",\"body\":\"b\"}]}",
                    Token.RIGHT)
                .refused(400, "invalid-input", "precedence", "field 'precedence' is given twice")),
        row(
            "an unknown status flag",
            send(message().put("status", "REAL"))
                .refused(400, "invalid-input", "status", "unknown status 'REAL'")),
        row(
            "a body one byte over 64 KiB",
            send(message().put("body", "x".repeat(64 * 1024 + 1)))
                .refused(400, "invalid-input", "body", "65537 bytes of UTF-8, the limit is 65536")),
        row(
            "a subject of 201 characters",
            send(message().put("subject", "s".repeat(201)))
                .refused(400, "invalid-input", "subject", "201 characters, the limit is 200")),
        row(
            "a subject with a newline",
            send(message().put("subject", "first line\nsecond line"))
                .refused(400, "invalid-input", "subject", "single line")),
        row(
            "a subject with a lone surrogate (the escape of half a UTF-16 pair)",
            send("{\"to\":\"cn\",\"precedence\":\"FLASH\",\"subject\":\"lone \\ud800"
                    + " surrogate\",\"body\":\"b\"}")
                .refused(
                    400,
                    "invalid-input",
                    "subject",
                    "character 6 is an unpaired surrogate (U+D800)")),
        row(
            "a body with a lone low surrogate",
            send("{\"to\":\"cn\",\"precedence\":\"FLASH\",\"subject\":\"s\",\"body\":"
                    + "\"x\\uDC00\"}")
                .refused(400, "invalid-input", "body", "character 2 is an unpaired surrogate")),
        row(
            "a body that clears the screen (ESC [2J)",
            send(message().put("body", "\u001B[2J"))
                .refused(
                    400, "invalid-input", "body", "character 1 is a control character (U+001B)")),
        row(
            "a body with a C1 control",
            send(message().put("body", "a\u0085"))
                .refused(
                    400, "invalid-input", "body", "character 2 is a control character (U+0085)")),
        row(
            "a body with NUL",
            send(message().put("body", "a\u0000b"))
                .refused(400, "invalid-input", "body", "(U+0000)")),
        row(
            "a body with a carriage return alone",
            send(message().put("body", "a\rb"))
                .refused(400, "invalid-input", "body", "carriage return")),
        row(
            "a subject with a tab",
            send(message().put("subject", "a\tb"))
                .refused(400, "invalid-input", "subject", "a tab in a one-line field")),
        row(
            "a subject with a line separator",
            send(message().put("subject", "a\u2028b"))
                .refused(400, "invalid-input", "subject", "(U+2028)")),
        row(
            "a batch whose second message has a lone surrogate in its subject",
            withText(batch(3, second -> second.put("subject", "LONE")), "LONE", "\\uD83D")
                .refused(
                    400,
                    "invalid-input",
                    "messages[1].subject",
                    "message 1: subject: character 1 is an unpaired surrogate")),
        row(
            "a language that is not a BCP 47 tag",
            send(message().put("language", "en_US"))
                .refused(400, "invalid-input", "language", "BCP 47")),
        row(
            "an unknown JSON field",
            send(message().put("priority", "high"))
                .refused(400, "invalid-input", "priority", "unknown field 'priority'")),
        row(
            "a subject that is an array, not a string",
            send(message().set("subject", Json.mapper().createArrayNode().add("x")))
                .refused(400, "invalid-input", "subject", "wrong type")),
        row(
            "a body that is a number, not a string",
            send(message().put("body", 42)).refused(400, "invalid-input", "body", "wrong type")),
        row(
            "a request that is not valid JSON",
            send("{\"to\": \"cn\", ").refused(400, "invalid-input", null, "not valid JSON")),
        row(
            "an empty request",
            send("").refused(400, "invalid-input", null, "request body is empty")),
        row(
            "a request that is JSON null",
            send("null").refused(400, "invalid-input", null, "must be a JSON object")),
        row(
            "a request that is a JSON array",
            send("[]").refused(400, "invalid-input", null, "wrong shape")),
        row(
            "a reply to a message that does not exist",
            send(message().put("in_reply_to", SOME_V7_ID))
                .refused(
                    400,
                    "invalid-input",
                    "in_reply_to",
                    "no message " + SOME_V7_ID + " to reply to")),
        row(
            "a reply to something that is not a message id",
            send(message().put("in_reply_to", "42"))
                .refused(400, "invalid-input", "in_reply_to", "not a message id: '42'")),
        row(
            "a batch of no messages",
            batch(0)
                .refused(
                    400,
                    "invalid-input",
                    "messages",
                    "a submission holds 1 to 1000 messages, got 0")),
        row(
            "a batch of 1001 messages",
            batch(1001)
                .refused(
                    400,
                    "invalid-input",
                    "messages",
                    "a submission holds 1 to 1000 messages, got 1001")),
        row(
            "a batch without its messages field",
            new Case("POST", BATCH, "{}", Token.RIGHT)
                .refused(400, "invalid-input", "messages", "'messages' is required")),
        row(
            "a batch with a null where a message should be",
            new Case("POST", BATCH, "{\"messages\":[" + message() + ",null]}", Token.RIGHT)
                .refused(400, "invalid-input", "messages[1]", "message 1 is not a JSON object")),
        row(
            "a batch whose second message is not an object",
            new Case("POST", BATCH, "{\"messages\":[" + message() + ",\"hello\"]}", Token.RIGHT)
                .refused(400, "invalid-input", "messages[1]", "wrong type")),
        row(
            "a batch whose second message has a subject of the wrong type",
            batch(3, second -> second.put("subject", 7))
                .refused(
                    400,
                    "invalid-input",
                    "messages[1].subject",
                    "field 'messages[1].subject' has the wrong type")),
        row(
            "a batch whose second message has an unknown precedence",
            batch(3, second -> second.put("precedence", "URGENT"))
                .refused(
                    400,
                    "invalid-input",
                    "messages[1].precedence",
                    "message 1: unknown precedence")),
        row(
            "a batch whose second message goes to a party that is not paired",
            batch(3, second -> second.put("to", "zz"))
                .refused(400, "invalid-input", "messages[1].to", "message 1: unknown peer 'zz'")),
        row(
            "a request over 4 MiB",
            batch(70, 60 * 1024)
                .refused(
                    413,
                    "too-large",
                    null,
                    "over the limit of " + ApiServer.REQUEST_BYTES_MAX + " bytes")),
        row(
            "a wrong token",
            new Case("POST", MESSAGES, message().toString(), Token.WRONG)
                .refused(401, "unauthorized", null, "not this node's API token")),
        row(
            "no token",
            new Case("POST", MESSAGES, message().toString(), Token.NONE)
                .refused(401, "unauthorized", null, "missing bearer token")),
        row(
            "a token for another scheme",
            new Case("GET", MESSAGES, null, Token.BASIC)
                .refused(401, "unauthorized", null, "missing bearer token")),
        row(
            "a message id that does not exist",
            get(MESSAGES + "/" + SOME_V7_ID)
                .refused(404, "not-found", null, "no message " + SOME_V7_ID)),
        row(
            "a message id that is not a UUIDv7",
            get(MESSAGES + "/not-an-id")
                .refused(400, "invalid-input", "id", "not a message id: 'not-an-id'")),
        row(
            "a page limit of 0",
            get(MESSAGES + "?limit=0")
                .refused(400, "invalid-input", "limit", "limit must be 1 to 1000")),
        row(
            "a page limit of 1001",
            get(MESSAGES + "?box=outbox&limit=1001")
                .refused(400, "invalid-input", "limit", "limit must be 1 to 1000")),
        row(
            "a page limit that is not a number",
            get(MESSAGES + "?limit=ten")
                .refused(400, "invalid-input", "limit", "limit must be a whole number")),
        row(
            "a cursor that did not come from a page",
            get(MESSAGES + "?cursor=yesterday")
                .refused(400, "invalid-input", "cursor", "not a cursor from a previous page")),
        row(
            "a box that does not exist",
            get(MESSAGES + "?box=trash")
                .refused(400, "invalid-input", "box", "box must be inbox or outbox")),
        row(
            "a security event limit out of range",
            get("/api/v1/security-events?limit=5000")
                .refused(400, "invalid-input", "limit", "limit must be 1 to 1000")),
        row(
            "a security event cursor, which that endpoint does not take",
            get("/api/v1/security-events?before=xyz")
                .refused(400, "invalid-input", "before", "unknown query parameter 'before'")),
        row(
            "an endpoint that does not exist",
            get("/api/v1/nothing-here").refused(404, "not-found", null, "no such endpoint")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bad_requests")
  void a_bad_request_gets_a_problem_and_stores_nothing(Case request) {
    long outboxBefore = outboxCount();

    Reply reply = send(request);

    assertThat(reply.status()).as(reply.body()).isEqualTo(request.status());
    assertThat(reply.contentType()).as(reply.body()).startsWith("application/problem+json");
    JsonNode problem = reply.json();
    assertThat(problem).as(reply.body()).isNotNull();
    assertThat(problem.path("type").asText()).isEqualTo("urn:hotline:problem:" + request.type());
    assertThat(problem.path("title").asText()).isNotBlank();
    assertThat(problem.path("status").asInt()).isEqualTo(request.status());
    assertThat(problem.path("detail").asText()).contains(request.detail());
    if (request.field() == null) {
      assertThat(problem.path("field").isMissingNode() || problem.path("field").isNull())
          .as("no field in %s", reply.body())
          .isTrue();
    } else {
      assertThat(problem.path("field").asText()).isEqualTo(request.field());
    }
    if (request.status() == 401) {
      assertThat(reply.wwwAuthenticate()).isEqualTo("Bearer");
    }
    assertThat(outboxCount()).as("nothing was stored").isEqualTo(outboxBefore);
  }

  // ------------------------------------------------------------------ building rows

  enum Token {
    RIGHT,
    WRONG,
    NONE,
    BASIC
  }

  /** One request and the problem it must get. */
  record Case(
      String method,
      String path,
      String body,
      Token token,
      int status,
      String type,
      String field,
      String detail) {
    Case(String method, String path, String body, Token token) {
      this(method, path, body, token, 0, null, null, null);
    }

    Case refused(int status, String type, String field, String detail) {
      return new Case(method, path, body, token, status, type, field, detail);
    }

    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  private static Named<Case> row(String description, Case request) {
    return Named.of(description, request);
  }

  /** A valid message, to spoil one field at a time. */
  private static MessageJson message() {
    return new MessageJson(
        Json.mapper()
            .createObjectNode()
            .put("to", "cn")
            .put("precedence", "ROUTINE")
            .put("subject", "Link test")
            .put("body", "Please confirm."));
  }

  /** A fluent wrapper over an ObjectNode (whose {@code put} returns the node itself). */
  private record MessageJson(ObjectNode node) {
    MessageJson put(String field, String value) {
      node.put(field, value);
      return this;
    }

    MessageJson put(String field, int value) {
      node.put(field, value);
      return this;
    }

    MessageJson set(String field, JsonNode value) {
      node.set(field, value);
      return this;
    }

    MessageJson without(String field) {
      node.remove(field);
      return this;
    }

    @Override
    public String toString() {
      return node.toString();
    }
  }

  private static Case send(MessageJson message) {
    return send(message.toString());
  }

  private static Case send(String body) {
    return new Case("POST", MESSAGES, body, Token.RIGHT);
  }

  private static Case get(String path) {
    return new Case("GET", path, null, Token.RIGHT);
  }

  /**
   * {@code request} with {@code marker} replaced by raw JSON text: a lone surrogate cannot be put
   * in a Java string that is sent as UTF-8 (it would arrive as '?'), only as its JSON escape.
   */
  private static Case withText(Case request, String marker, String json) {
    return new Case(
        request.method(), request.path(), request.body().replace(marker, json), request.token());
  }

  private static Case batch(int count) {
    return batch(count, second -> {});
  }

  private static Case batch(int count, Consumer<MessageJson> spoilSecond) {
    return batch(count, 20, spoilSecond);
  }

  private static Case batch(int count, int bodyLength) {
    return batch(count, bodyLength, second -> {});
  }

  private static Case batch(int count, int bodyLength, Consumer<MessageJson> spoilSecond) {
    ObjectNode request = Json.mapper().createObjectNode();
    ArrayNode messages = request.putArray("messages");
    for (int i = 0; i < count; i++) {
      MessageJson message =
          message().put("subject", "batch message " + i).put("body", "b".repeat(bodyLength));
      if (i == 1) {
        spoilSecond.accept(message);
      }
      messages.add(message.node());
    }
    return new Case("POST", BATCH, request.toString(), Token.RIGHT);
  }

  // ------------------------------------------------------------------ the wire

  record Reply(
      int status, String contentType, String wwwAuthenticate, String body, JsonNode json) {}

  private Reply send(Case request) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + us.apiPort() + request.path()))
            .timeout(Duration.ofSeconds(30));
    switch (request.token()) {
      case RIGHT -> builder.header("Authorization", "Bearer " + us.home().token());
      case WRONG -> builder.header("Authorization", "Bearer " + "0".repeat(64));
      case BASIC -> builder.header("Authorization", "Basic dXM6cGFzc3dvcmQ=");
      case NONE -> {}
    }
    if (request.body() != null) {
      builder
          .header("Content-Type", "application/json")
          .method(request.method(), HttpRequest.BodyPublishers.ofString(request.body()));
    } else {
      builder.method(request.method(), HttpRequest.BodyPublishers.noBody());
    }
    try {
      HttpResponse<String> response =
          client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json;
      try {
        json = Json.mapper().readTree(response.body());
      } catch (IOException notJson) {
        json = null;
      }
      return new Reply(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.headers().firstValue("WWW-Authenticate").orElse(null),
          response.body(),
          json);
    } catch (IOException e) {
      throw new IllegalStateException("the node did not answer " + request + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private long outboxCount() {
    Reply page = send(get(MESSAGES + "?box=outbox&limit=1000"));
    assertThat(page.status()).as(page.body()).isEqualTo(200);
    return page.json().get("items").size();
  }
}
