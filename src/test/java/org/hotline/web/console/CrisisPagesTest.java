package org.hotline.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.console.Role;
import org.hotline.identity.PartyId;
import org.hotline.testing.Api;
import org.hotline.testing.Await;
import org.hotline.testing.ConsoleClient;
import org.hotline.testing.MutableClock;
import org.hotline.testing.Nodes;
import org.hotline.testing.Users;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crisis pages over HTTP against two real paired nodes: what they show, which forms each role
 * gets, and that every change goes through the same rules as the API (a role that may not is
 * refused with a clear message, a change the state does not allow shows the rules' reason, a
 * binding change is confirmed first, a form without the CSRF token changes nothing).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrisisPagesTest {
  private static final Pattern LOCATION_ID = Pattern.compile("/incidents/([0-9a-z-]+)$");

  @TempDir static Path dir;
  static MutableClock clock;
  static Node us;
  static Node cn;
  static Api cnApi;
  static PartyId cnParty;

  @BeforeAll
  static void start() {
    NodeHome usHome = Nodes.init(dir, "us");
    NodeHome cnHome = Nodes.init(dir, "cn");
    Users.add(usHome, "officer", Role.DUTY_OFFICER);
    Users.add(usHome, "watcher", Role.VIEWER);
    Users.add(usHome, "releaser", Role.RELEASING_OFFICER);
    Users.add(usHome, "admin", Role.ADMINISTRATOR);
    // Our clock moves only when a test moves it: a commitment falls due without waiting.
    clock = MutableClock.atNow();
    us = Nodes.start(usHome, clock);
    cn = Nodes.start(cnHome);
    Nodes.pair(us, cn);
    cnApi = new Api(cn.home(), cn.apiPort());
    cnParty = cn.home().party();
    Await.until(
        "both nodes know the other reads changes",
        Duration.ofSeconds(30),
        () ->
            us.links().capabilities().of(cnParty).kinds().contains("change")
                && cn.links().capabilities().of(us.home().party()).kinds().contains("change"));
  }

  @AfterAll
  static void stop() {
    cn.close();
    us.close();
  }

  private static ConsoleClient signedIn(String username) {
    ConsoleClient client = new ConsoleClient(us.apiPort());
    assertThat(client.signIn(username, Users.PASSWORD).statusCode()).isEqualTo(303);
    assertThat(client.get("/incidents").statusCode()).isEqualTo(200);
    return client;
  }

  /** Opens an incident from the list's form; returns its id. */
  private static String open(ConsoleClient client, String title) {
    HttpResponse<String> opened =
        client.post(
            "/incidents",
            Map.of("peer", "cn", "title", title, "summary", "Seen at 0412Z", "severity", "3"));
    assertThat(opened.statusCode()).as(opened.body()).isEqualTo(303);
    String location = opened.headers().firstValue("Location").orElseThrow();
    Matcher id = LOCATION_ID.matcher(location);
    assertThat(id.find()).as(location).isTrue();
    return id.group(1);
  }

  private static int pending() {
    return us.crisis().pending(cnParty).size();
  }

  /** Waits until every change accepted here is placed in our log, and so in the state. */
  private static void awaitPlaced() {
    Await.until("our changes placed", Duration.ofSeconds(30), () -> pending() == 0);
  }

  private static int timelineSize(String id) {
    awaitPlaced();
    return us.crisis().find("incident/" + id).orElseThrow().object().timeline().size();
  }

  @Test
  void a_duty_officer_opens_an_incident_and_its_page_shows_its_fields_timeline_and_state_hash() {
    ConsoleClient officer = signedIn("officer");
    String id = open(officer, "Unidentified object at 18 km");

    String page = officer.get("/incidents/" + id).body();
    assertThat(page)
        .contains("Unidentified object at 18 km")
        .contains("Seen at 0412Z")
        .contains("id=\"incident-state\">Triage<")
        .contains("data-outcome=\"APPLIED\"")
        .contains(us.crisis().find("incident/" + id).orElseThrow().object().stateHash())
        .contains("hotline/us/cn")
        .contains("id=\"form-severity\"")
        .contains("id=\"form-note\"")
        .contains("shared with the peer")
        .doesNotContain("id=\"accept-close\"")
        .doesNotContain("id=\"propose-close\"");
    assertThat(officer.get("/incidents").body())
        .contains("data-incident-id=\"" + id + "\"")
        .contains("Unidentified object at 18 km");
    assertThat(signedIn("admin").get("/admin").body())
        .contains("<td>crisis.change</td><td><bdi>incident/" + id + "</bdi></td><td><bdi>open {");

    HttpResponse<String> severity =
        officer.post("/incidents/" + id + "/changes", Map.of("op", "severity", "severity", "5"));
    assertThat(severity.statusCode()).isEqualTo(303);
    assertThat(timelineSize(id)).isEqualTo(2);
    assertThat(officer.get("/incidents/" + id).body())
        .contains("<bdi>us</bdi>: <bdi>5</bdi>")
        .contains("Severity 5");
  }

  @Test
  void the_incidents_list_filters_by_state_and_peer() {
    ConsoleClient officer = signedIn("officer");
    String id = open(officer, "Filtered incident");
    assertThat(officer.get("/incidents?state=TRIAGE&peer=cn").body()).contains(id);
    assertThat(officer.get("/incidents?state=ACTIVE").body()).doesNotContain(id);
    assertThat(officer.get("/fragments/incidents?state=CLOSED").body()).doesNotContain(id);
  }

  @Test
  void a_viewer_reads_every_crisis_page_without_a_form_and_a_post_by_a_viewer_is_refused() {
    String id = open(signedIn("officer"), "Read only for viewers");
    ConsoleClient watcher = signedIn("watcher");
    for (String path : List.of("/incidents", "/incidents/" + id, "/commitments", "/concerns")) {
      HttpResponse<String> page = watcher.get(path);
      assertThat(page.statusCode()).as(path).isEqualTo(200);
      assertThat(page.body())
          .as(path)
          .doesNotContain("method=\"post\" action=\"/incidents")
          .doesNotContain("method=\"post\" action=\"/commitments")
          .doesNotContain("method=\"post\" action=\"/concerns");
    }
    assertThat(watcher.get("/incidents").body())
        .contains("href=\"/incidents\"")
        .contains("href=\"/commitments\"")
        .contains("href=\"/concerns\"");
    int before = pending();

    HttpResponse<String> refused =
        watcher.post("/incidents/" + id + "/changes", Map.of("op", "note", "text", "sneaky"));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("watcher (viewer) may not note");
    HttpResponse<String> opening =
        watcher.post("/incidents", Map.of("peer", "cn", "title", "x", "severity", "1"));
    assertThat(opening.statusCode()).isEqualTo(403);
    assertThat(pending()).isEqualTo(before);
    assertThat(timelineSize(id)).isEqualTo(1);
  }

  @Test
  void a_duty_officer_is_offered_no_accept_close_and_is_refused_when_posting_it() {
    ConsoleClient officer = signedIn("officer");
    String id = open(officer, "Not the officer's to close");
    assertThat(officer.get("/incidents/" + id).body()).doesNotContain("accept-close");

    HttpResponse<String> refused =
        officer.post(
            "/incidents/" + id + "/changes", Map.of("op", "accept-close", "confirmed", "yes"));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("officer (duty officer) may not accept closing");
    assertThat(timelineSize(id)).isEqualTo(1);
  }

  @Test
  void a_change_the_state_does_not_allow_shows_the_rules_reason_and_stores_nothing() {
    String id = open(signedIn("officer"), "Too early to close");
    ConsoleClient releaser = signedIn("releaser");
    int before = pending();

    HttpResponse<String> refused =
        releaser.post(
            "/incidents/" + id + "/changes", Map.of("op", "accept-close", "confirmed", "yes"));
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.body())
        .contains("closing needs a proposal by the other party of a RESOLVED incident");
    HttpResponse<String> badSeverity =
        releaser.post("/incidents/" + id + "/changes", Map.of("op", "severity", "severity", "9"));
    assertThat(badSeverity.statusCode()).isEqualTo(400);
    assertThat(badSeverity.body()).contains("severity");
    HttpResponse<String> noOp = releaser.post("/incidents/" + id + "/changes", Map.of());
    assertThat(noOp.statusCode()).isEqualTo(400);
    assertThat(noOp.body()).contains("the change to make is missing");
    assertThat(pending()).isEqualTo(before);
    assertThat(timelineSize(id)).isEqualTo(1);
  }

  @Test
  void a_change_that_binds_the_party_is_confirmed_on_a_page_of_its_own_first() {
    ConsoleClient releaser = signedIn("releaser");
    String id = open(releaser, "To be resolved and closed");
    assertThat(
            releaser
                .post("/incidents/" + id + "/changes", Map.of("op", "state", "state", "ACTIVE"))
                .statusCode())
        .isEqualTo(303);
    assertThat(
            releaser
                .post("/incidents/" + id + "/changes", Map.of("op", "state", "state", "RESOLVED"))
                .statusCode())
        .isEqualTo(303);
    awaitPlaced();
    assertThat(releaser.get("/incidents/" + id).body()).contains("id=\"propose-close\"");
    int size = timelineSize(id);

    HttpResponse<String> asked =
        releaser.post("/incidents/" + id + "/changes", Map.of("op", "propose-close"));
    assertThat(asked.statusCode()).isEqualTo(200);
    assertThat(asked.body())
        .contains("id=\"confirm-change\"")
        .contains("name=\"confirmed\" value=\"yes\"")
        .contains("name=\"op\" value=\"propose-close\"");
    assertThat(timelineSize(id)).isEqualTo(size);

    HttpResponse<String> confirmed =
        releaser.post(
            "/incidents/" + id + "/changes", Map.of("op", "propose-close", "confirmed", "yes"));
    assertThat(confirmed.statusCode()).isEqualTo(303);
    assertThat(timelineSize(id)).isEqualTo(size + 1);
    awaitPlaced();
    assertThat(releaser.get("/incidents/" + id).body()).contains("id=\"close-proposed\"");
  }

  @Test
  void
      channels_are_suspended_by_a_releaser_after_a_confirm_step_and_a_proposal_accepted_by_an_admin() {
    ConsoleClient officer = signedIn("officer");
    assertThat(officer.get("/channels").body())
        .contains("id=\"channel-cn-military\"")
        .doesNotContain("class=\"suspend");
    int before = pending();
    HttpResponse<String> refused =
        officer.post(
            "/channels/consular/changes", Map.of("peer", "cn", "op", "suspend", "reason", "No"));
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    assertThat(pending()).isEqualTo(before);

    ConsoleClient releaser = signedIn("releaser");
    assertThat(releaser.get("/channels").body()).contains("class=\"suspend");
    Map<String, String> suspend = Map.of("peer", "cn", "op", "suspend", "reason", "Access review");
    HttpResponse<String> asked = releaser.post("/channels/consular/changes", suspend);
    assertThat(asked.statusCode()).isEqualTo(200);
    assertThat(asked.body())
        .contains("id=\"confirm-change\"")
        .contains("name=\"op\" value=\"suspend\"");
    awaitPlaced();
    assertThat(us.crisis().state(cnParty).channel("consular").orElseThrow().suspendedBy())
        .isEmpty();
    Map<String, String> confirmed = new java.util.HashMap<>(suspend);
    confirmed.put("confirmed", "yes");
    assertThat(releaser.post("/channels/consular/changes", confirmed).statusCode()).isEqualTo(303);
    awaitPlaced();
    assertThat(releaser.get("/channels").body())
        .contains("data-channel=\"consular\" data-suspended-by-us=\"true\"")
        .contains("Access review");

    assertThat(
            cnApi
                .post(
                    "/api/v1/channels/military/suspend",
                    "{\"peer\":\"us\",\"reason\":\"Talks suspended pending review\"}")
                .status())
        .isEqualTo(201);
    Await.until(
        "the page shows cn's suspension",
        Duration.ofSeconds(30),
        () ->
            releaser
                .get("/fragments/channels")
                .body()
                .matches(
                    "(?s).*cn does not receive on this channel: (<bdi>)?Talks suspended pending"
                        + " review.*"));

    var proposed =
        cnApi.post(
            "/api/v1/channels",
            "{\"peer\":\"us\",\"name\":\"nrrc\",\"description\":\"Risk reduction centres\","
                + "\"precedences\":[\"FLASH\"]}");
    assertThat(proposed.status()).as(proposed.raw().body()).isEqualTo(201);
    String proposal = proposed.body().path("change").path("id").asText();
    ConsoleClient admin = signedIn("admin");
    Await.until(
        "the admin is offered to accept",
        Duration.ofSeconds(30),
        () -> admin.get("/channels").body().contains("value=\"" + proposal + "\""));
    assertThat(releaser.get("/channels").body()).doesNotContain("class=\"accept\"");
    assertThat(
            admin
                .post(
                    "/channels/nrrc/changes",
                    Map.of("peer", "cn", "op", "accept", "proposal", proposal))
                .statusCode())
        .isEqualTo(303);
    awaitPlaced();
    assertThat(us.crisis().state(cnParty).channel("nrrc").orElseThrow().exists()).isTrue();
    assertThat(officer.get("/compose").body())
        .as("the compose form offers the channel agreed")
        .contains("<option value=\"nrrc\"");
  }

  @Test
  void the_channels_page_lists_the_templates_each_side_adopted_on_a_channel() {
    Await.until(
        "both nodes know the other reads format 4",
        Duration.ofSeconds(30),
        () ->
            us.links().capabilities().of(cnParty).reads(4)
                && cn.links().capabilities().of(us.home().party()).reads(4));
    // Adopted through cn's Crisis: the API adopts only a template the node has, and this test
    // brings its own document rather than depend on the templates Hotline ships.
    cn.crisis()
        .changeChannel(
            us.home().party(),
            "notifications",
            "adopt",
            Map.of("template", org.hotline.crisis.TemplateDocuments.canonical("launch-notice", 2)),
            "admin",
            Role.ADMINISTRATOR);
    ConsoleClient officer = signedIn("officer");
    Await.until(
        "the page lists cn's adoption",
        Duration.ofSeconds(30),
        () ->
            officer
                .get("/fragments/channels")
                .body()
                .matches(
                    "(?s).*cn reads formatted notifications of these templates on it:"
                        + " (<bdi>)?launch-notice v2.*"));
    assertThat(officer.get("/channels").body())
        .doesNotContain("We read formatted notifications of these templates");
  }

  @Test
  void a_post_without_the_csrf_token_is_refused_and_nothing_is_stored() {
    ConsoleClient officer = signedIn("officer");
    String id = open(officer, "Forged changes");
    HttpResponse<String> forged =
        officer.postRaw("/incidents/" + id + "/changes", Map.of("op", "severity", "severity", "5"));
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.body()).contains("CSRF");
    HttpResponse<String> wrong =
        officer.postRaw(
            "/incidents",
            Map.of("_csrf", "not-the-token", "peer", "cn", "title", "forged", "severity", "1"));
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(timelineSize(id)).isEqualTo(1);
    assertThat(officer.get("/incidents").body()).doesNotContain(">forged<");
  }

  @Test
  void hostile_text_in_a_title_is_escaped_isolated_and_its_bidi_controls_shown_as_marks() {
    String hostile = "<img src=x onerror=alert(1)> طائرة مجهولة";
    JsonNode opened =
        cnApi
            .post(
                "/api/v1/incidents",
                "{\"peer\":\"us\",\"title\":\"" + hostile + "\",\"severity\":2}")
            .body();
    String id = opened.path("change").path("id").asText();
    ConsoleClient officer = signedIn("officer");
    String list =
        Await.until(
            "the peer's incident on our list",
            Duration.ofSeconds(30),
            () -> officer.get("/incidents").body(),
            body -> body.contains(id));
    assertThat(list)
        .doesNotContain("<img src=x")
        .contains("<bdi>&lt;img src=x onerror=alert(1)&gt; طائرة مجهولة</bdi>");
    assertThat(officer.get("/incidents/" + id).body())
        .doesNotContain("<img src=x")
        .contains("<h1 id=\"incident-title\"><bdi>&lt;img");

    HttpResponse<String> control =
        officer.post(
            "/incidents", Map.of("peer", "cn", "title", "Object \u202eLAUTCA", "severity", "1"));
    assertThat(control.statusCode()).isEqualTo(303);
    String ours = officer.get(control.headers().firstValue("Location").orElseThrow()).body();
    assertThat(ours)
        .contains("<bdi>Object <span class=\"ctl\" title=\"U+202E RIGHT-TO-LEFT OVERRIDE\">")
        .doesNotContain("\u202e");
  }

  /** Last: it moves our clock two hours on, and the tests before it need the present. */
  @Test
  @Order(Integer.MAX_VALUE)
  void the_commitments_board_offers_agree_to_the_other_party_and_missed_only_once_due() {
    Instant due = clock.instant().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
    ConsoleClient releaser = signedIn("releaser");
    releaser.get("/commitments");
    HttpResponse<String> proposed =
        releaser.post(
            "/commitments",
            Map.of(
                "peer",
                "cn",
                "owed_by",
                "peer",
                "what",
                "Share the tracking data",
                "due",
                due.atOffset(ZoneOffset.UTC).toLocalDateTime().toString()));
    assertThat(proposed.statusCode()).as(proposed.body()).isEqualTo(303);
    String id =
        placed(
            org.hotline.crisis.Commitment.class, c -> c.what().equals("Share the tracking data"));
    String row = rowOf(releaser.get("/commitments").body(), id);
    // Our own proposal is agreed by the peer, not by us.
    assertThat(row).contains("Proposed").doesNotContain("class=\"agree\"").contains("withdraw");
    assertThat(signedIn("officer").get("/commitments").body()).doesNotContain("class=\"withdraw\"");

    Await.until(
        "the peer holds the commitment",
        Duration.ofSeconds(30),
        () -> cnApi.get("/api/v1/commitments/" + id).status() == 200);
    assertThat(cnApi.post("/api/v1/commitments/" + id + "/changes", "{\"agree\":true}").status())
        .isEqualTo(201);
    String agreed =
        Await.until(
            "the peer's agreement on our board",
            Duration.ofSeconds(30),
            () -> rowOf(releaser.get("/commitments").body(), id),
            r -> r.contains("data-state=\"AGREED\""));
    assertThat(agreed).doesNotContain("class=\"missed");

    clock.advance(Duration.ofHours(2));
    String overdue = rowOf(signedIn("releaser").get("/commitments").body(), id);
    assertThat(overdue)
        .contains("commitment overdue")
        .contains("OVERDUE")
        .contains("class=\"missed");
  }

  @Test
  void a_concern_is_raised_linked_and_noted_with_its_history_newest_first() {
    ConsoleClient officer = signedIn("officer");
    String incident = open(officer, "Linked to a concern");
    officer.get("/concerns");
    assertThat(
            officer
                .post("/concerns", Map.of("peer", "cn", "title", "Precursor chemicals"))
                .statusCode())
        .isEqualTo(303);
    String id =
        placed(org.hotline.crisis.Concern.class, c -> c.title().equals("Precursor chemicals"));
    assertThat(
            officer
                .post(
                    "/concerns/" + id + "/changes",
                    Map.of("op", "link", "link_kind", "incident", "link_id", incident))
                .statusCode())
        .isEqualTo(303);
    assertThat(
            officer
                .post(
                    "/concerns/" + id + "/changes", Map.of("op", "note", "text", "Raised at talks"))
                .statusCode())
        .isEqualTo(303);
    awaitPlaced();
    String page = officer.get("/concerns").body();
    String concern = page.substring(page.indexOf("data-concern-id=\"" + id + "\""));
    assertThat(concern).contains("href=\"/incidents/" + incident + "\"");
    assertThat(concern.indexOf("Raised at talks"))
        .isLessThan(concern.indexOf("/incidents/" + incident))
        .isPositive();
    // A duty officer cannot close a concern; the status form offers what the role may choose.
    assertThat(concern.substring(0, concern.indexOf("</article>")))
        .contains("value=\"ADDRESSED\"")
        .doesNotContain("value=\"CLOSED\"");
  }

  /** The id of the first object of {@code type} that matches, once it is placed in our log. */
  private static <T extends org.hotline.crisis.SharedObject> String placed(
      Class<T> type, java.util.function.Predicate<T> which) {
    return Await.until(
            "the " + type.getSimpleName() + " placed in our log",
            Duration.ofSeconds(30),
            () -> us.crisis().state(cnParty).all(type).stream().filter(which).findFirst(),
            java.util.Optional::isPresent)
        .orElseThrow()
        .id()
        .toString();
  }

  private static String rowOf(String board, String id) {
    int start = board.indexOf("<tr id=\"commitment-" + id + "\"");
    assertThat(start).as("row of " + id).isNotNegative();
    return board.substring(start, board.indexOf("</tr>", start));
  }
}
