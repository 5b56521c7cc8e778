package org.hotline.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.console.Role;
import org.hotline.identity.PartyId;
import org.hotline.link.LinkStore;
import org.hotline.link.MessageRecord;
import org.hotline.link.entry.Draft;
import org.hotline.link.entry.EntryCodec;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.link.entry.StatusFlag;
import org.hotline.link.entry.TemplateRef;
import org.hotline.notice.Template;
import org.hotline.notice.TemplateCatalog;
import org.hotline.testing.Await;
import org.hotline.testing.ConsoleClient;
import org.hotline.testing.Nodes;
import org.hotline.testing.Users;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Formatted notifications in the console over HTTP between two real paired nodes: the form a
 * template renders, its problems shown beside their fields by JSON Pointer with nothing sent, a
 * notification sent from the form and read at the peer as a card in Chinese, and a notification
 * that breaks its template (sent by a node that did not check it) shown INVALID with its failing
 * fields and its values as text.
 */
class NoticePagesTest {
  private static final String AERIAL = "aerial-object-sighting:1";

  @TempDir static Path dir;
  static Node us;
  static Node cn;
  static PartyId cnParty;

  @BeforeAll
  static void start() {
    NodeHome usHome = Nodes.init(dir, "us");
    NodeHome cnHome = Nodes.init(dir, "cn");
    Users.add(usHome, "officer", Role.DUTY_OFFICER);
    Users.add(cnHome, "officer", Role.DUTY_OFFICER);
    // The cn console speaks Chinese to everyone who has not chosen otherwise.
    Nodes.configure(cnHome, config -> Nodes.console(config).put("language", "zh"));
    us = Nodes.start(usHome);
    cn = Nodes.start(cnHome);
    Nodes.pair(us, cn);
    cnParty = cn.home().party();
    // cn adopts next, which it signs only once it knows us reads format 4.
    Nodes.awaitReads(us, cn, EntryCodec.FORMAT_4);
    // cn reads these two shipped templates on the notifications channel.
    for (String id : List.of("aerial-object-sighting", "unplanned-encounter")) {
      cn.crisis()
          .changeChannel(
              us.home().party(),
              "notifications",
              "adopt",
              Map.of("template", TemplateCatalog.shipped(id).orElseThrow().canonical()),
              "admin",
              Role.ADMINISTRATOR);
    }
    Await.until(
        "us holds cn's adoptions",
        Duration.ofSeconds(30),
        () -> us.crisis().state(cnParty).adopted(cnParty, "notifications").size() == 2);
  }

  @AfterAll
  static void stop() {
    cn.close();
    us.close();
  }

  private static ConsoleClient signedIn(Node node) {
    ConsoleClient client = new ConsoleClient(node.apiPort());
    assertThat(client.signIn("officer", Users.PASSWORD).statusCode()).isEqualTo(303);
    // A page first: its form carries the session's CSRF token for the posts that follow.
    assertThat(client.get("/compose/notification").statusCode()).isEqualTo(200);
    return client;
  }

  private static Map<String, String> aerial(Map<String, String> values) {
    Map<String, String> form = new HashMap<>();
    form.put("to", "cn");
    form.put("channel", "notifications");
    form.put("template", AERIAL);
    form.put("precedence", "IMMEDIATE");
    form.put("status", "EXERCISE");
    form.put("language", "en");
    form.putAll(values);
    return form;
  }

  /** Sends an aerial object sighting of {@code values} from us's form; its message id. */
  private static MessageId sentFromForm(Map<String, String> values) {
    HttpResponse<String> accepted = signedIn(us).post("/compose/notification", aerial(values));
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(303);
    String location = accepted.headers().firstValue("Location").orElseThrow();
    return MessageId.parse(location.substring("/messages/".length()));
  }

  private static MessageRecord received(MessageId id) {
    Await.until(
        "cn holds message " + id, Duration.ofSeconds(30), () -> cn.links().message(id).isPresent());
    return cn.links().requireMessage(id);
  }

  @Test
  void a_template_renders_as_a_form_with_its_labels_units_choices_and_required_marks() {
    String page =
        signedIn(us)
            .get("/compose/notification?to=cn&channel=notifications&template=" + AERIAL)
            .body();
    assertThat(page)
        .contains("id=\"form-title\"><bdi>Aerial object sighting</bdi><")
        .contains("Time observed (UTC)")
        .contains("type=\"datetime-local\" id=\"field-observed-at\" name=\"f/observed_at\"")
        .contains("id=\"field-heading\" name=\"f/heading\" value=\"\" step=\"1\" min=\"0\"")
        .contains("max=\"359\"")
        .contains("<span class=\"unit\">(<bdi>°</bdi>)</span>")
        .contains("<option value=\"radar\">Radar</option>")
        .contains("<textarea id=\"field-description\" name=\"f/description\"")
        .contains("Free text: the reader sees it as written, not translated.")
        .contains("<abbr class=\"required\"")
        .contains("Shape, size, colour, lights, behaviour");
    assertThat(signedIn(us).get("/compose").body()).contains("href=\"/compose/notification\"");
  }

  @Test
  void only_the_templates_the_peer_adopted_on_the_channel_are_offered() {
    ConsoleClient officer = signedIn(us);
    assertThat(officer.get("/compose/notification?to=cn&channel=notifications").body())
        .contains("<option value=\"aerial-object-sighting:1\">Aerial object sighting (v1)</option>")
        .contains("<option value=\"unplanned-encounter:1\">")
        .doesNotContain("launch-notification:1");
    assertThat(officer.get("/compose/notification?to=cn&channel=military").body())
        .contains("id=\"none-adopted\">cn has adopted no template on channel military")
        .doesNotContain("aerial-object-sighting:1");

    HttpResponse<String> refused =
        officer.post(
            "/compose/notification",
            aerial(Map.of("template", "launch-notification:1", "f/launch_area", "here")));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body())
        .contains("id=\"compose-error\">Choose a template the recipient reads on this channel.");
  }

  @Test
  void a_list_of_objects_starts_with_one_row_and_adds_rows_up_to_its_maximum() {
    ConsoleClient officer = signedIn(us);
    String template = "unplanned-encounter:1";
    String first =
        officer
            .get("/compose/notification?to=cn&channel=notifications&template=" + template)
            .body();
    assertThat(first).contains("name=\"f/units/0/name\"").doesNotContain("name=\"f/units/1/name\"");

    HttpResponse<String> added =
        officer.post(
            "/compose/notification",
            Map.of(
                "to", "cn",
                "channel", "notifications",
                "template", template,
                "f/units/0/name", "DDG-89",
                "add_row", "units"));
    assertThat(added.statusCode()).isEqualTo(200);
    assertThat(added.body())
        .contains("name=\"f/units/0/name\" value=\"DDG-89\"")
        .contains("name=\"f/units/1/name\" value=\"\"")
        .doesNotContain("name=\"f/units/2/name\"");
  }

  @Test
  void values_that_break_the_template_show_beside_their_fields_kept_as_typed_and_nothing_is_sent() {
    ConsoleClient officer = signedIn(us);
    int sent = us.links().messages(LinkStore.Box.OUTBOX, Long.MAX_VALUE, 1000).size();

    HttpResponse<String> refused =
        officer.post(
            "/compose/notification",
            aerial(
                Map.of(
                    "f/observed_at", "2026-12-07T22:30",
                    "f/position", "north of the strait",
                    "f/heading", "400")));

    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(refused.body())
        .contains("Some fields do not meet the template")
        .contains("name=\"f/heading\" value=\"400\"")
        .contains("name=\"f/position\" value=\"north of the strait\"")
        .contains("name=\"f/observed_at\" value=\"2026-12-07T22:30\"")
        .containsPattern("id=\"field-heading-error\" role=\"alert\">maximum: ")
        .containsPattern("id=\"field-position-error\" role=\"alert\">pattern: ")
        .containsPattern("id=\"field-description-error\" role=\"alert\">required: ")
        .doesNotContain("id=\"field-observed-at-error\"");
    assertThat(us.links().messages(LinkStore.Box.OUTBOX, Long.MAX_VALUE, 1000)).hasSize(sent);
  }

  @Test
  void a_notification_sent_from_the_form_is_read_by_the_peer_as_a_card_in_chinese() {
    MessageId id =
        sentFromForm(
            Map.of(
                "f/observed_at", "2026-12-07T22:30",
                "f/position", "21.300000,114.800000",
                "f/altitude", "18000",
                "f/observed_by", "radar",
                "f/description", "Balloon, white, drifting east <b>slowly</b>"));

    Template template = TemplateCatalog.shipped("aerial-object-sighting").orElseThrow();
    MessageRecord sent = us.links().requireMessage(id);
    assertThat(sent.draft().template())
        .isEqualTo(new TemplateRef(template.id(), template.version(), template.sha256()));
    assertThat(sent.draft().body())
        .isEqualTo(
            "{\"altitude\":18000,\"description\":\"Balloon, white, drifting east <b>slowly</b>\","
                + "\"observed_at\":\"2026-12-07T22:30:00Z\",\"observed_by\":\"radar\","
                + "\"position\":\"21.300000,114.800000\"}");
    assertThat(sent.draft().precedence()).isEqualTo(Precedence.IMMEDIATE);

    received(id);
    ConsoleClient reader = signedIn(cn);
    String card = reader.get("/messages/" + id).body();
    assertThat(card)
        .contains("data-validity=\"VALID\"")
        .contains("<h1 id=\"subject\"><bdi>空中物体目击通报</bdi></h1>")
        .contains("<dt><bdi>观察时间（协调世界时）</bdi></dt>")
        .contains("<bdi>2026-12-07T22:30:00Z</bdi>")
        .contains("<bdi>雷达</bdi>")
        .contains("<bdi>18000</bdi> <span class=\"unit\"><bdi>m</bdi></span>")
        .contains(
            "<span class=\"free-text\" lang=\"en\"><bdi>Balloon, white, drifting east"
                + " &lt;b&gt;slowly&lt;/b&gt;</bdi></span> <span class=\"original\">原文，未经翻译</span>")
        .contains("href=\"/messages/" + id + "?card=en\"");
    assertThat(reader.get("/messages/" + id + "?card=en").body())
        .contains("<dt><bdi>Time observed (UTC)</bdi></dt>")
        .contains("<bdi>Radar</bdi>")
        .contains("original, not translated");
    assertThat(reader.get("/inbox").body()).contains(">空中物体目击通报</bdi></a>");
    assertThat(signedIn(us).get("/outbox").body()).contains(">Aerial object sighting</bdi></a>");
  }

  @Test
  void a_flash_notification_is_confirmed_first_with_its_values_kept_and_sent_on_confirmation() {
    ConsoleClient officer = signedIn(us);
    int sent = us.links().messages(LinkStore.Box.OUTBOX, Long.MAX_VALUE, 1000).size();
    Map<String, String> form =
        aerial(
            Map.of(
                "precedence", "FLASH",
                "f/observed_at", "2026-12-07T22:45",
                "f/position", "21.300000,114.800000",
                "f/description", "Second object, same track"));

    HttpResponse<String> asked = officer.post("/compose/notification", form);
    assertThat(asked.statusCode()).isEqualTo(200);
    assertThat(asked.body())
        .contains("Send FLASH to cn?")
        .contains("<input type=\"hidden\" name=\"confirmed\" value=\"yes\">")
        .contains("name=\"f/position\" value=\"21.300000,114.800000\"")
        .contains(">Second object, same track</textarea>");
    assertThat(us.links().messages(LinkStore.Box.OUTBOX, Long.MAX_VALUE, 1000)).hasSize(sent);

    Map<String, String> confirmed = new HashMap<>(form);
    confirmed.put("confirmed", "yes");
    HttpResponse<String> accepted = officer.post("/compose/notification", confirmed);
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(303);
    assertThat(us.links().messages(LinkStore.Box.OUTBOX, Long.MAX_VALUE, 1000))
        .hasSize(sent + 1)
        .first()
        .satisfies(
            message -> {
              assertThat(message.draft().precedence()).isEqualTo(Precedence.FLASH);
              assertThat(message.template().id()).isEqualTo("aerial-object-sighting");
            });
  }

  @Test
  void a_notification_that_breaks_its_template_shows_invalid_with_its_failing_fields_and_values() {
    Template template = TemplateCatalog.shipped("aerial-object-sighting").orElseThrow();
    // The link never checks values: a node that skipped the check sends this as it stands.
    String values = "{\"description\":\"<script>alert(1)</script>\",\"heading\":999}";
    MessageId id =
        sentUnchecked(
            new TemplateRef(template.id(), template.version(), template.sha256()), values);

    received(id);
    String page = signedIn(cn).get("/messages/" + id + "?card=en").body();
    assertThat(page)
        .contains("data-validity=\"INVALID\"")
        .contains("INVALID: the values do not meet the template.")
        .contains("<td><code><bdi>/heading</bdi></code></td><td><bdi>maximum</bdi></td>")
        .contains("<td><code><bdi>/observed_at</bdi></code></td><td><bdi>required</bdi></td>")
        .contains("<td><code><bdi>/position</bdi></code></td><td><bdi>required</bdi></td>")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .doesNotContain("<script>alert(1)</script>");
  }

  @Test
  void a_notification_against_a_template_nobody_adopted_shows_as_unknown_with_its_values() {
    MessageId id =
        sentUnchecked(
            new TemplateRef("aerial-object-sighting", 1, "0".repeat(64)),
            "{\"description\":\"seen\"}");

    received(id);
    String page = signedIn(cn).get("/messages/" + id + "?card=en").body();
    assertThat(page)
        .contains("data-validity=\"UNKNOWN_TEMPLATE\"")
        .contains("UNKNOWN TEMPLATE: no template adopted on this link")
        .contains("no adoption on the link has the template&#39;s hash")
        .contains("{&quot;description&quot;:&quot;seen&quot;}");
  }

  /** Sends a formatted notification straight to the outbox, past the console's check. */
  @Test
  void the_translate_form_offers_free_text_fields_and_a_translation_shows_beside_its_field() {
    MessageId id =
        sentFromForm(
            Map.of(
                "f/observed_at", "2026-12-07T23:10",
                "f/position", "21.400000,114.900000",
                "f/description", "Object hovering, no lights",
                "f/actions_taken", "Patrol aircraft sent"));
    received(id);

    ConsoleClient reader = signedIn(cn);
    String card = reader.get("/messages/" + id).body();
    assertThat(card)
        .contains("<select id=\"translation-field\" name=\"field\" required")
        .contains("<option value=\"/description\">描述</option>")
        .contains("<option value=\"/actions_taken\">")
        .doesNotContain("<option value=\"/position\">")
        .contains("cn 对该字段的理解");

    HttpResponse<String> translated =
        reader.post(
            "/messages/" + id + "/translations",
            Map.of("language", "zh", "field", "/description", "text", "物体悬停，无灯光"));
    assertThat(translated.statusCode()).as(translated.body()).isEqualTo(303);

    String atSender =
        Await.until(
            "us shows how cn read /description",
            Duration.ofSeconds(30),
            () -> signedIn(us).get("/messages/" + id).body(),
            page -> page.contains("物体悬停，无灯光"));
    String description =
        atSender.substring(
            atSender.indexOf("<dd data-pointer=\"/description\">"),
            atSender.indexOf("<dd data-pointer=\"/actions_taken\">"));
    assertThat(description)
        .contains("Object hovering, no lights")
        .contains("original, not translated")
        .contains("<div class=\"field-translation\"")
        .contains("as read by cn")
        .contains("<span class=\"translation-text\" lang=\"zh\"><bdi>物体悬停，无灯光</bdi></span>");
    assertThat(atSender)
        .contains(
            "<span class=\"translated-field\" data-field=\"/description\"><bdi>Description</bdi></span>");

    HttpResponse<String> coded =
        reader.post(
            "/messages/" + id + "/translations",
            Map.of("language", "zh", "field", "/position", "text", "北纬"));
    assertThat(coded.statusCode()).isEqualTo(400);
    assertThat(coded.body()).contains("not a free-text field");
  }

  @Test
  void a_held_notification_shows_its_templates_title_and_its_fields_on_the_releases_page() {
    Template template = TemplateCatalog.shipped("aerial-object-sighting").orElseThrow();
    Draft draft =
        new Draft(
            cnParty,
            Precedence.FLASH,
            StatusFlag.EXERCISE,
            template.id(),
            "{\"description\":\"Held object\",\"observed_at\":\"2026-12-07T23:20:00Z\","
                + "\"observed_by\":\"radar\",\"position\":\"21.300000,114.800000\"}",
            "en",
            null,
            "notifications",
            new TemplateRef(template.id(), template.version(), template.sha256()));
    // Held as the node holds a FLASH draft under two-person release, in its own database: this
    // node runs without two-person release, which other tests here rely on.
    try (org.hotline.testing.ConsoleStores.Opened stores =
        org.hotline.testing.ConsoleStores.open(us.home().dir())) {
      java.time.Clock clock = java.time.Clock.systemUTC();
      new org.hotline.console.Releases(
              stores.console(),
              new org.hotline.console.Audit(stores.console(), clock),
              clock,
              true,
              false)
          .hold(draft, org.hotline.console.Actor.CLI);
    }

    String releases = signedIn(us).get("/releases").body();
    assertThat(releases)
        .contains("Aerial object sighting")
        .contains("Description: Held object")
        .contains("Observed by: Radar")
        .doesNotContain("aerial-object-sighting</bdi>")
        .doesNotContain("{&#34;description&#34;");
    assertThat(signedIn(us).get("/outbox/rows").body())
        .contains("<td class=\"subject\"><bdi>Aerial object sighting</bdi></td>");
  }

  private static MessageId sentUnchecked(TemplateRef ref, String values) {
    Draft draft =
        new Draft(
            cnParty,
            Precedence.ROUTINE,
            StatusFlag.EXERCISE,
            ref.id(),
            values,
            "en",
            null,
            "notifications",
            ref);
    return us.links().outbox().submit(List.of(draft)).getFirst().id();
  }
}
