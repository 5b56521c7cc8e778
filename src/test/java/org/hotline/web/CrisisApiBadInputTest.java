package org.hotline.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.hotline.Json;
import org.hotline.app.Node;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.ChangeEntry;
import org.hotline.testing.Api;
import org.hotline.testing.Await;
import org.hotline.testing.ChangeReaders;
import org.hotline.testing.Messaging;
import org.hotline.testing.Nodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input on the crisis endpoints, each case a row of the table: an unknown or malformed
 * object id and an unknown peer are 404, a change the object's state does not allow is 409, a field
 * over its limit, of the wrong type, unknown, or two changes in one request are 400 naming the
 * field, and in every case nothing is stored: the link's state hash (every object and its timeline)
 * and this node's queued changes are as they were. Two real paired nodes, because a change is only
 * signed for a peer that has said it reads changes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrisisApiBadInputTest {
  private static final String UNKNOWN_ID = "019ac9cc-4aba-7001-8000-000000000001";
  private static final String MALFORMED_ID = "not-an-id";

  @TempDir static Path dir;

  private Node us;
  private Node cn;
  private Api api;
  private PartyId peer;
  private String incident;
  private String commitment;
  private String concern;
  private String heldMessage;

  @BeforeAll
  void start_two_paired_nodes_that_share_an_incident_a_commitment_and_a_concern() {
    us = Nodes.start(Nodes.init(dir, "us"));
    cn = Nodes.start(Nodes.init(dir, "cn"));
    Nodes.pair(us, cn);
    api = new Api(us.home(), us.apiPort());
    peer = cn.home().party();
    ChangeReaders.await(us, cn);
    heldMessage = Messaging.send(api, "cn", "ROUTINE", "Track 0417");
    incident =
        created(
            "/api/v1/incidents",
            "{\"peer\":\"cn\",\"title\":\"Object at 18 km\",\"severity\":3,\"by\":\"duty\"}");
    concern = created("/api/v1/concerns", "{\"peer\":\"cn\",\"title\":\"Precursor chemicals\"}");
    commitment =
        created(
            "/api/v1/commitments",
            "{\"peer\":\"cn\",\"owed_by\":\"cn\",\"what\":\"Share tracking data\","
                + "\"due\":\"2026-12-08T09:00:00Z\",\"incident\":\""
                + incident
                + "\"}");
  }

  @AfterAll
  void stop() {
    us.close();
    cn.close();
  }

  /** Creates an object and waits until it is in the record (placed in our log), not queued. */
  private String created(String path, String body) {
    Api.Response response = api.post(path, body);
    assertThat(response.status()).as(response.raw().body()).isEqualTo(201);
    String id = response.body().path("change").path("id").asText();
    Await.until(
        path + "/" + id + " is in the record",
        Duration.ofSeconds(30),
        () -> api.get(path + "/" + id).status() == 200 && us.crisis().pending(peer).isEmpty());
    return id;
  }

  // ------------------------------------------------------------------ the table

  /**
   * One bad request: {@code path} may name {@code {incident}}, {@code {commitment}}, {@code
   * {concern}}, and {@code body} {@code {message}} (a message this node holds); {@code body} null
   * is a GET. {@code field} is the field the problem names, null when it names none.
   */
  record Case(String path, String body, int status, String field) {}

  private static Named<Case> row(String name, String path, String body, int status, String field) {
    return Named.of(name, new Case(path, body, status, field));
  }

  private static String chars(int count) {
    return "x".repeat(count);
  }

  private static String ids(int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> "\"019ac9cc-4aba-7001-8000-%012d\"".formatted(i))
        .collect(Collectors.joining(",", "[", "]"));
  }

  private static final String OPEN = "/api/v1/incidents";
  private static final String INCIDENT = "/api/v1/incidents/{incident}/changes";
  private static final String PROPOSE = "/api/v1/commitments";
  private static final String COMMITMENT = "/api/v1/commitments/{commitment}/changes";
  private static final String RAISE = "/api/v1/concerns";
  private static final String CONCERN = "/api/v1/concerns/{concern}/changes";

  private static final String CHANNELS = "/api/v1/channels";

  /** A channel proposal with {@code fields} (which name it, or not). */
  private static String channel(String fields) {
    return "{\"peer\":\"cn\",\"description\":\"d\",\"precedences\":[\"FLASH\"]"
        + (fields.isEmpty() ? "" : "," + fields)
        + "}";
  }

  private static String open(String fields) {
    return "{\"peer\":\"cn\",\"title\":\"t\",\"severity\":2" + fields + "}";
  }

  private static String propose(String fields) {
    return "{\"peer\":\"cn\",\"owed_by\":\"cn\",\"what\":\"w\",\"due\":\"2026-12-08T09:00:00Z\""
        + fields
        + "}";
  }

  Stream<Named<Case>> bad_requests() {
    return Stream.of(
        // opening an incident
        row(
            "an incident for a peer that is not paired",
            OPEN,
            "{\"peer\":\"zz\",\"title\":\"t\",\"severity\":2}",
            404,
            null),
        row("an incident without a peer", OPEN, "{\"title\":\"t\",\"severity\":2}", 400, "peer"),
        row("an incident without a title", OPEN, "{\"peer\":\"cn\",\"severity\":2}", 400, "title"),
        row(
            "a title of 201 characters",
            OPEN,
            "{\"peer\":\"cn\",\"title\":\"" + chars(201) + "\",\"severity\":2}",
            400,
            "title"),
        row(
            "a title of two lines",
            OPEN,
            "{\"peer\":\"cn\",\"title\":\"a\\nb\",\"severity\":2}",
            400,
            "title"),
        row(
            "a summary of 16385 characters",
            OPEN,
            open(",\"summary\":\"" + chars(16_385) + "\""),
            400,
            "summary"),
        row(
            "severity 0",
            OPEN,
            "{\"peer\":\"cn\",\"title\":\"t\",\"severity\":0}",
            400,
            "severity"),
        row(
            "severity 6",
            OPEN,
            "{\"peer\":\"cn\",\"title\":\"t\",\"severity\":6}",
            400,
            "severity"),
        row(
            "severity as a string",
            OPEN,
            "{\"peer\":\"cn\",\"title\":\"t\",\"severity\":\"3\"}",
            400,
            "severity"),
        row("no severity", OPEN, "{\"peer\":\"cn\",\"title\":\"t\"}", 400, "severity"),
        row("1001 linked messages", OPEN, open(",\"messages\":" + ids(1001)), 400, "messages"),
        row("messages as a string", OPEN, open(",\"messages\":\"{message}\""), 400, "messages"),
        row(
            "a linked message this node does not hold",
            OPEN,
            open(",\"messages\":[\"" + UNKNOWN_ID + "\"]"),
            400,
            "messages"),
        row(
            "a linked message that is not an id",
            OPEN,
            open(",\"messages\":[\"" + MALFORMED_ID + "\"]"),
            400,
            "messages"),
        row(
            "a null among the linked messages",
            OPEN,
            open(",\"messages\":[null]"),
            400,
            "messages"),
        row(
            "a message linked twice",
            OPEN,
            open(",\"messages\":[\"{message}\",\"{message}\"]"),
            400,
            "messages"),
        row(
            "a channel that is not a word",
            OPEN,
            open(",\"channel\":\"Not A Channel\""),
            400,
            "channel"),
        row("an unknown field", OPEN, open(",\"colour\":\"red\""), 400, "colour"),
        row("a field given twice", OPEN, open(",\"title\":\"again\""), 400, "title"),
        row("a by of two lines", OPEN, open(",\"by\":\"a\\nb\""), 400, "by"),
        row("an empty body", OPEN, "", 400, null),
        row("a body that is null", OPEN, "null", 400, null),
        row("a body that is a list", OPEN, "[]", 400, null),
        row("a body that is not JSON", OPEN, "{\"peer\":", 400, null),
        // changing an incident
        row(
            "a change to an unknown incident",
            "/api/v1/incidents/" + UNKNOWN_ID + "/changes",
            "{\"severity\":2}",
            404,
            null),
        row(
            "a change to a malformed incident id",
            "/api/v1/incidents/" + MALFORMED_ID + "/changes",
            "{\"severity\":2}",
            404,
            null),
        row(
            "a change to a commitment's id as an incident",
            "/api/v1/incidents/{commitment}/changes",
            "{\"severity\":2}",
            404,
            null),
        row("a severity change to 0", INCIDENT, "{\"severity\":0}", 400, "severity"),
        row("a severity change to 6", INCIDENT, "{\"severity\":6}", 400, "severity"),
        row("a severity change as a string", INCIDENT, "{\"severity\":\"4\"}", 400, "severity"),
        row("a state that does not exist", INCIDENT, "{\"state\":\"FROZEN\"}", 400, "state"),
        row("a state in lower case", INCIDENT, "{\"state\":\"active\"}", 400, "state"),
        row("a lead of 65 characters", INCIDENT, "{\"lead\":\"" + chars(65) + "\"}", 400, "lead"),
        row("a scribe that is empty", INCIDENT, "{\"scribe\":\"\"}", 400, "scribe"),
        row(
            "a note of 16385 characters",
            INCIDENT,
            "{\"note\":\"" + chars(16_385) + "\"}",
            400,
            "note"),
        row("an empty note", INCIDENT, "{\"note\":\"\"}", 400, "note"),
        row(
            "supersedes without a note",
            INCIDENT,
            "{\"supersedes\":\"" + UNKNOWN_ID + "\"}",
            400,
            "supersedes"),
        row(
            "a note superseding no note",
            INCIDENT,
            "{\"note\":\"n\",\"supersedes\":\"" + UNKNOWN_ID + "\"}",
            400,
            "supersedes"),
        row(
            "linking a message this node does not hold",
            INCIDENT,
            "{\"link_message\":\"" + UNKNOWN_ID + "\"}",
            400,
            "link_message"),
        row(
            "linking a message that is not an id",
            INCIDENT,
            "{\"link_message\":\"" + MALFORMED_ID + "\"}",
            400,
            "link_message"),
        row("propose_close false", INCIDENT, "{\"propose_close\":false}", 400, "propose_close"),
        row(
            "two changes in one request",
            INCIDENT,
            "{\"severity\":2,\"state\":\"ACTIVE\"}",
            400,
            "state"),
        row("no change at all", INCIDENT, "{\"by\":\"duty\"}", 400, null),
        row("an unknown change", INCIDENT, "{\"close\":true}", 400, "close"),
        row("an empty change body", INCIDENT, "", 400, null),
        row("accepting a close nobody proposed", INCIDENT, "{\"accept_close\":true}", 409, null),
        row(
            "proposing to close an incident in TRIAGE",
            INCIDENT,
            "{\"propose_close\":true}",
            409,
            null),
        row("declining one's own incident", INCIDENT, "{\"state\":\"DECLINED\"}", 409, null),
        row("resolving an incident in TRIAGE", INCIDENT, "{\"state\":\"RESOLVED\"}", 409, null),
        // proposing a commitment
        row(
            "a commitment for a peer that is not paired",
            PROPOSE,
            propose("").replace("\"cn\",\"owed", "\"zz\",\"owed"),
            404,
            null),
        row(
            "owed by a party not of the link",
            PROPOSE,
            propose("").replace("\"owed_by\":\"cn\"", "\"owed_by\":\"fr\""),
            400,
            "owed_by"),
        row(
            "a what of 2001 characters",
            PROPOSE,
            propose("").replace("\"w\"", "\"" + chars(2001) + "\""),
            400,
            "what"),
        row(
            "a due time that is not RFC 3339",
            PROPOSE,
            propose("").replace("2026-12-08T09:00:00Z", "tomorrow 9am"),
            400,
            "due"),
        row(
            "a due time with an offset",
            PROPOSE,
            propose("").replace("2026-12-08T09:00:00Z", "2026-12-08T10:00:00+01:00"),
            400,
            "due"),
        row(
            "a due time as a number",
            PROPOSE,
            propose("").replace("\"2026-12-08T09:00:00Z\"", "1765184400"),
            400,
            "due"),
        row(
            "an unknown incident",
            PROPOSE,
            propose(",\"incident\":\"" + UNKNOWN_ID + "\""),
            400,
            "incident"),
        row(
            "an unknown concern",
            PROPOSE,
            propose(",\"concern\":\"" + UNKNOWN_ID + "\""),
            400,
            "concern"),
        row(
            "a message this node does not hold",
            PROPOSE,
            propose(",\"message\":\"" + UNKNOWN_ID + "\""),
            400,
            "message"),
        row(
            "a commitment without what",
            PROPOSE,
            "{\"peer\":\"cn\",\"owed_by\":\"cn\",\"due\":\"2026-12-08T09:00:00Z\"}",
            400,
            "what"),
        row(
            "a commitment with an unknown field",
            PROPOSE,
            propose(",\"when\":\"soon\""),
            400,
            "when"),
        row("an empty commitment body", PROPOSE, "", 400, null),
        // changing a commitment
        row(
            "a change to an unknown commitment",
            "/api/v1/commitments/" + UNKNOWN_ID + "/changes",
            "{\"agree\":true}",
            404,
            null),
        row(
            "a change to a malformed commitment id",
            "/api/v1/commitments/" + MALFORMED_ID + "/changes",
            "{\"agree\":true}",
            404,
            null),
        row("agreeing to one's own proposal", COMMITMENT, "{\"agree\":true}", 409, null),
        row(
            "confirming done what nobody claimed",
            COMMITMENT,
            "{\"confirm_done\":true}",
            409,
            null),
        row("declaring missed a proposed commitment", COMMITMENT, "{\"missed\":true}", 409, null),
        row(
            "claiming done a commitment owed by the peer",
            COMMITMENT,
            "{\"claim_done\":true}",
            409,
            null),
        row("withdraw false", COMMITMENT, "{\"withdraw\":false}", 400, "withdraw"),
        row("agree as a string", COMMITMENT, "{\"agree\":\"yes\"}", 400, "agree"),
        row("a reason without withdraw", COMMITMENT, "{\"reason\":\"r\"}", 400, "reason"),
        row(
            "agree and missed in one request",
            COMMITMENT,
            "{\"agree\":true,\"missed\":true}",
            400,
            "missed"),
        row(
            "a commitment note of 16385 characters",
            COMMITMENT,
            "{\"note\":\"" + chars(16_385) + "\"}",
            400,
            "note"),
        row(
            "a withdraw reason of 16385 characters",
            COMMITMENT,
            "{\"withdraw\":true,\"reason\":\"" + chars(16_385) + "\"}",
            400,
            "reason"),
        row("an empty commitment change", COMMITMENT, "{}", 400, null),
        // raising a concern
        row(
            "a concern for a peer that is not paired",
            RAISE,
            "{\"peer\":\"zz\",\"title\":\"t\"}",
            404,
            null),
        row(
            "a concern title of 201 characters",
            RAISE,
            "{\"peer\":\"cn\",\"title\":\"" + chars(201) + "\"}",
            400,
            "title"),
        row(
            "a concern summary of 16385 characters",
            RAISE,
            "{\"peer\":\"cn\",\"title\":\"t\",\"summary\":\"" + chars(16_385) + "\"}",
            400,
            "summary"),
        row(
            "a concern with a severity",
            RAISE,
            "{\"peer\":\"cn\",\"title\":\"t\",\"severity\":3}",
            400,
            "severity"),
        row(
            "a concern with a peer of the wrong type",
            RAISE,
            "{\"peer\":7,\"title\":\"t\"}",
            400,
            "peer"),
        row("an empty concern body", RAISE, "", 400, null),
        // changing a concern
        row(
            "a change to an unknown concern",
            "/api/v1/concerns/" + UNKNOWN_ID + "/changes",
            "{\"status\":\"ADDRESSED\"}",
            404,
            null),
        row(
            "a change to a malformed concern id",
            "/api/v1/concerns/" + MALFORMED_ID + "/changes",
            "{\"status\":\"ADDRESSED\"}",
            404,
            null),
        row("a status that does not exist", CONCERN, "{\"status\":\"DONE\"}", 400, "status"),
        row("the status it already has", CONCERN, "{\"status\":\"OPEN\"}", 409, null),
        row(
            "linking an unknown incident",
            CONCERN,
            "{\"link_incident\":\"" + UNKNOWN_ID + "\"}",
            400,
            "link_incident"),
        row(
            "linking an unknown commitment",
            CONCERN,
            "{\"link_commitment\":\"" + UNKNOWN_ID + "\"}",
            400,
            "link_commitment"),
        row(
            "linking a message this node does not hold to a concern",
            CONCERN,
            "{\"link_message\":\"" + UNKNOWN_ID + "\"}",
            400,
            "link_message"),
        row(
            "linking a malformed commitment id",
            CONCERN,
            "{\"link_commitment\":\"" + MALFORMED_ID + "\"}",
            400,
            "link_commitment"),
        row(
            "linking two things in one request",
            CONCERN,
            "{\"link_message\":\"{message}\",\"link_incident\":\"{incident}\"}",
            400,
            "link_incident"),
        row(
            "a concern note of 16385 characters",
            CONCERN,
            "{\"note\":\"" + chars(16_385) + "\"}",
            400,
            "note"),
        row(
            "a concern change with an unknown field",
            CONCERN,
            "{\"state\":\"CLOSED\"}",
            400,
            "state"),
        // channels
        row(
            "a channel name that is not a word",
            CHANNELS,
            channel("\"name\":\"Bad Name\""),
            400,
            "name"),
        row("a channel proposal without a name", CHANNELS, channel(""), 400, "name"),
        row(
            "precedences out of order",
            CHANNELS,
            channel("\"name\":\"nrrc\"").replace("[\"FLASH\"]", "[\"ROUTINE\",\"FLASH\"]"),
            400,
            "precedences"),
        row(
            "no precedence",
            CHANNELS,
            channel("\"name\":\"nrrc\"").replace("[\"FLASH\"]", "[]"),
            400,
            "precedences"),
        row(
            "a deadline over a week",
            CHANNELS,
            channel("\"name\":\"nrrc\",\"deadlines\":{\"FLASH\":604801}"),
            400,
            "deadlines"),
        row(
            "a deadline of a precedence the channel does not allow",
            CHANNELS,
            channel("\"name\":\"nrrc\",\"deadlines\":{\"ROUTINE\":60}"),
            400,
            "deadlines"),
        row(
            "a channel description over 500 characters",
            CHANNELS,
            channel("\"name\":\"nrrc\"").replace("\"d\"", "\"" + chars(501) + "\""),
            400,
            "description"),
        row(
            "a suspension without a reason",
            "/api/v1/channels/military/suspend",
            "{\"peer\":\"cn\"}",
            400,
            "reason"),
        row(
            "a suspension of a channel the link does not have",
            "/api/v1/channels/nosuch/suspend",
            "{\"peer\":\"cn\",\"reason\":\"r\"}",
            409,
            null),
        row(
            "a suspension of a badly named channel",
            "/api/v1/channels/No%20Such/suspend",
            "{\"peer\":\"cn\",\"reason\":\"r\"}",
            400,
            "name"),
        row(
            "resuming a channel this party has not suspended",
            "/api/v1/channels/military/resume",
            "{\"peer\":\"cn\"}",
            409,
            null),
        row(
            "accepting a proposal that is not open",
            "/api/v1/channels/general/accept",
            "{\"peer\":\"cn\",\"proposal\":\"" + UNKNOWN_ID + "\"}",
            400,
            "proposal"),
        row(
            "a channel proposal to a peer that is not paired",
            CHANNELS,
            channel("\"name\":\"nrrc\"").replace("\"cn\"", "\"zz\""),
            404,
            null),
        row(
            "an incident on a channel the link does not have",
            OPEN,
            open(",\"channel\":\"nosuch\""),
            400,
            "channel"),
        row(
            "listing the channels of a peer that is not paired",
            CHANNELS + "?peer=zz",
            null,
            404,
            null),
        // reading
        row("reading an unknown incident", "/api/v1/incidents/" + UNKNOWN_ID, null, 404, null),
        row(
            "reading a malformed incident id",
            "/api/v1/incidents/" + MALFORMED_ID,
            null,
            404,
            null),
        row("reading an unknown commitment", "/api/v1/commitments/" + UNKNOWN_ID, null, 404, null),
        row(
            "reading a concern by an incident's id",
            "/api/v1/concerns/{incident}",
            null,
            404,
            null),
        row(
            "listing incidents of a peer that is not paired",
            "/api/v1/incidents?peer=zz",
            null,
            404,
            null),
        row(
            "listing incidents in a state that does not exist",
            "/api/v1/incidents?state=OPEN",
            null,
            400,
            "state"),
        row(
            "listing commitments in a state that does not exist",
            "/api/v1/commitments?state=LATE",
            null,
            400,
            "state"),
        row(
            "listing concerns with a status that does not exist",
            "/api/v1/concerns?status=DONE",
            null,
            400,
            "status"),
        row("a limit of 0", "/api/v1/concerns?limit=0", null, 400, "limit"),
        row("a limit over the maximum", "/api/v1/incidents?limit=1001", null, 400, "limit"),
        row("a negative offset", "/api/v1/commitments?offset=-1", null, 400, "offset"),
        row(
            "a filter the commitments do not take",
            "/api/v1/commitments?channel=general",
            null,
            400,
            "channel"),
        row("a state filter on concerns", "/api/v1/concerns?state=OPEN", null, 400, "state"));
  }

  @ParameterizedTest(name = "{0} is refused and nothing is stored")
  @MethodSource("bad_requests")
  void a_bad_request_gets_a_problem_naming_the_field_and_stores_nothing(Case bad) {
    String hashBefore = us.crisis().state(peer).stateHash();
    List<ChangeEntry> pendingBefore = us.crisis().pending(peer);
    JsonNode incidentBefore = api.get("/api/v1/incidents/" + incident).body();

    String path = filled(bad.path());
    Api.Response response = bad.body() == null ? api.get(path) : api.post(path, filled(bad.body()));

    assertThat(response.status()).as(response.raw().body()).isEqualTo(bad.status());
    assertThat(response.raw().headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    JsonNode field = response.body().path("field");
    if (bad.field() == null) {
      assertThat(field.isNull() || field.isMissingNode()).as(response.raw().body()).isTrue();
    } else {
      assertThat(field.asText()).as(response.raw().body()).isEqualTo(bad.field());
    }
    assertThat(us.crisis().pending(peer)).isEqualTo(pendingBefore);
    assertThat(us.crisis().state(peer).stateHash()).isEqualTo(hashBefore);
    assertThat(api.get("/api/v1/incidents/" + incident).body().path("timeline"))
        .isEqualTo(incidentBefore.path("timeline"));
  }

  // ------------------------------------------------------------------ the document

  @Test
  void every_view_has_exactly_the_fields_the_openapi_document_lists() throws IOException {
    JsonNode schemas;
    try (var in = CrisisApiBadInputTest.class.getResourceAsStream("/openapi.json")) {
      schemas = Json.mapper().readTree(in).path("components").path("schemas");
    }
    for (String type : List.of("incident", "commitment", "concern")) {
      String id =
          switch (type) {
            case "incident" -> incident;
            case "commitment" -> commitment;
            default -> concern;
          };
      String schema = Character.toUpperCase(type.charAt(0)) + type.substring(1);
      JsonNode view = api.get("/api/v1/" + type + "s/" + id).body();
      assertFields(view, schemas.path(schema), schema);
      view.path("timeline").forEach(item -> assertFields(item, schemas.path("TimelineItem"), type));
      JsonNode listed = api.get("/api/v1/" + type + "s").body().path(type + "s").get(0);
      assertThat(listed.has("timeline")).isFalse();
      assertFields(listed, schemas.path(schema), schema + " in a list");
    }
    JsonNode channels = api.get("/api/v1/channels?peer=cn").body().path("channels");
    assertThat(channels).hasSizeGreaterThanOrEqualTo(5);
    channels.forEach(channel -> assertFields(channel, schemas.path("Channel"), "Channel"));
  }

  /** {@code node} has every required field of {@code schema} and no field it does not list. */
  private static void assertFields(JsonNode node, JsonNode schema, String what) {
    List<String> fields = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(fields::add);
    List<String> listed = new java.util.ArrayList<>();
    schema.path("properties").fieldNames().forEachRemaining(listed::add);
    List<String> required = new java.util.ArrayList<>();
    schema.path("required").forEach(name -> required.add(name.asText()));
    assertThat(listed).as(what + ": fields the document lists").containsAll(fields);
    assertThat(fields).as(what + ": required fields shown").containsAll(required);
  }

  private String filled(String text) {
    return text.replace("{incident}", incident)
        .replace("{commitment}", commitment)
        .replace("{concern}", concern)
        .replace("{message}", heldMessage);
  }
}
