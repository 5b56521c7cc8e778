package org.hotline.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hotline.Json;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.identity.IdentityCard;
import org.hotline.testing.Api;
import org.hotline.testing.Await;
import org.hotline.testing.Cli;
import org.hotline.testing.Messaging;
import org.hotline.testing.Nodes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The situation report of an incident shared by two real nodes: {@code hotline sitrep} writes every
 * timeline entry, linked message, answer and commitment with its place in the record and a proof
 * that {@code hotline verify-sitrep} checks with the two identity cards alone; an edited bundle, or
 * a page that names another bundle, fails. Issuing a report records its bundle hash on the
 * incident's timeline, and the next report shows that entry proved like any other.
 */
class SitrepTest {
  private static final String SCRIPT = "<script>alert(1)</script>";

  /** A right-to-left override, which would reverse the rest of the line if shown as itself. */
  private static final String RTL_OVERRIDE = "\u202E";

  private static final String NOTE = "Radar contact " + SCRIPT + RTL_OVERRIDE + " lost at 0415Z";

  private static final String TRANSLATION = "物体在十八公里处穿越";

  private static final String DISPUTE = "18 km is the distance from the coast, not the altitude";

  private static final String CHINESE_TITLE = "不明高空物体";
  private static final String CHINESE_NOTE = "雷达于0415Z失去接触，请求共享航迹";

  @TempDir static Path root;
  private static Path bundleFile;
  private static Path htmlFile;
  private static Path usCardFile;
  private static Path cnCardFile;
  private static List<IdentityCard> cards;
  private static byte[] bundle;
  private static String incident;
  private static String issuedSha256;
  private static String chineseIncident;

  @BeforeAll
  static void two_nodes_share_an_incident_and_one_writes_its_report() throws IOException {
    NodeHome usHome = Nodes.init(root, "us");
    NodeHome cnHome = Nodes.init(root, "cn");
    try (Node us = Nodes.start(usHome);
        Node cn = Nodes.start(cnHome)) {
      Nodes.pair(us, cn);
      Api usApi = new Api(us.home(), us.apiPort());
      Api cnApi = new Api(cn.home(), cn.apiPort());
      Await.until(
          "both nodes know the other reads changes",
          Duration.ofSeconds(30),
          () ->
              us.links().capabilities().of(cn.home().party()).kinds().contains("change")
                  && cn.links().capabilities().of(us.home().party()).kinds().contains("change"));
      String message = Messaging.send(usApi, "cn", "IMMEDIATE", "Object crossing at 18 km");
      Await.until(
          "cn holds the message",
          Duration.ofSeconds(30),
          () -> cnApi.get("/api/v1/messages/" + message).status() == 200);
      assertThat(
              cnApi
                  .post("/api/v1/messages/" + message + "/ack", "{\"by\":\"duty-officer-li\"}")
                  .status())
          .isEqualTo(200);
      Api.Response translated =
          cnApi.post(
              "/api/v1/messages/" + message + "/translations",
              Json.mapper()
                  .createObjectNode()
                  .put("language", "zh")
                  .put("text", TRANSLATION)
                  .put("by", "translator-wang")
                  .toString());
      assertThat(translated.status()).as(translated.raw().body()).isEqualTo(201);
      String translation = translated.body().path("change").path("id").asText();
      Await.until(
          "us holds cn's translation",
          Duration.ofSeconds(30),
          () -> usApi.get("/api/v1/messages/" + message).body().path("translations").size() == 1);
      Api.Response disputed =
          usApi.post(
              "/api/v1/messages/" + message + "/translations/" + translation + "/dispute",
              Json.mapper().createObjectNode().put("note", DISPUTE).toString());
      assertThat(disputed.status()).as(disputed.raw().body()).isEqualTo(201);
      Api.Response opened =
          usApi.post(
              "/api/v1/incidents",
              "{\"peer\":\"cn\",\"title\":\"Unidentified object\",\"severity\":3,\"messages\":[\""
                  + message
                  + "\"],\"by\":\"duty officer\"}");
      assertThat(opened.status()).as(opened.raw().body()).isEqualTo(201);
      incident = opened.body().path("change").path("id").asText();
      String path = "/api/v1/incidents/" + incident;
      awaitStatus(cnApi, path, 200);
      assertThat(cnApi.post(path + "/changes", "{\"severity\":5,\"by\":\"watch\"}").status())
          .isEqualTo(201);
      assertThat(
              usApi
                  .post(
                      path + "/changes",
                      Json.mapper().createObjectNode().put("note", NOTE).toString())
                  .status())
          .isEqualTo(201);
      Api.Response proposed =
          usApi.post(
              "/api/v1/commitments",
              "{\"peer\":\"cn\",\"owed_by\":\"cn\",\"what\":\"Share the radar track\","
                  + "\"due\":\"2026-12-08T09:00:00Z\",\"incident\":\""
                  + incident
                  + "\"}");
      assertThat(proposed.status()).as(proposed.raw().body()).isEqualTo(201);
      String commitment =
          "/api/v1/commitments/" + proposed.body().path("change").path("id").asText();
      awaitStatus(cnApi, commitment, 200);
      assertThat(cnApi.post(commitment + "/changes", "{\"agree\":true}").status()).isEqualTo(201);
      Await.until(
          "us sees the commitment agreed and cn's severity",
          Duration.ofSeconds(30),
          () ->
              usApi.get(commitment).body().path("state").asText().equals("AGREED")
                  && usApi.get(path).body().path("severity").asLong() == 5);
      Api.Response badHash =
          usApi.post(
              path + "/changes",
              "{\"report_number\":1,\"report_version\":\"INITIAL\",\"report_sha256\":\"abc\"}");
      assertThat(badHash.status()).as(badHash.raw().body()).isEqualTo(400);
      assertThat(badHash.body().path("field").asText()).isEqualTo("report_sha256");
      Api.Response chinese =
          cnApi.post(
              "/api/v1/incidents",
              Json.mapper()
                  .createObjectNode()
                  .put("peer", "us")
                  .put("title", CHINESE_TITLE)
                  .put("severity", 4)
                  .put("by", "值班员")
                  .toString());
      assertThat(chinese.status()).as(chinese.raw().body()).isEqualTo(201);
      chineseIncident = chinese.body().path("change").path("id").asText();
      String chinesePath = "/api/v1/incidents/" + chineseIncident;
      awaitStatus(usApi, chinesePath, 200);
      assertThat(
              usApi
                  .post(
                      chinesePath + "/changes",
                      Json.mapper().createObjectNode().put("note", CHINESE_NOTE).toString())
                  .status())
          .isEqualTo(201);
      Await.until(
          "cn holds the note in Chinese",
          Duration.ofSeconds(30),
          () -> cnApi.get(chinesePath).body().path("timeline").toString().contains(CHINESE_NOTE));
      Path initial = root.resolve("initial.html");
      Path initialJson = root.resolve("initial.json");
      Cli.Run issued =
          Cli.run(
              root,
              "sitrep",
              "--dir",
              usHome.dir().toString(),
              "--incident",
              incident,
              "--out",
              initial.toString(),
              "--json",
              initialJson.toString(),
              "--prepared-by",
              "scribe",
              "--issue");
      assertThat(issued.exitCode()).as(issued.output()).isZero();
      issuedSha256 = SitrepVerifier.sha256(Files.readAllBytes(initialJson));
      Await.until(
          "cn sees the report issued",
          Duration.ofSeconds(30),
          () -> cnApi.get(path).body().path("timeline").toString().contains(issuedSha256));
      JsonNode asOf = usApi.get(path).body().path("as_of");
      Messaging.awaitDelivered(usApi, "cn", asOf.path("hotline/us/cn").asLong());
      Messaging.awaitDelivered(cnApi, "us", asOf.path("hotline/cn/us").asLong());
    }
    cards = List.of(usHome.card(), cnHome.card());
    usCardFile = root.resolve("us.card.json");
    cnCardFile = root.resolve("cn.card.json");
    Files.write(usCardFile, Json.mapper().writeValueAsBytes(usHome.card()));
    Files.write(cnCardFile, Json.mapper().writeValueAsBytes(cnHome.card()));
    bundleFile = root.resolve("sitrep.json");
    htmlFile = root.resolve("sitrep.html");
    Cli.Run run =
        Cli.run(
            root,
            "sitrep",
            "--dir",
            usHome.dir().toString(),
            "--incident",
            incident,
            "--out",
            htmlFile.toString(),
            "--json",
            bundleFile.toString(),
            "--number",
            "2",
            "--version",
            "UPDATE",
            "--prepared-by",
            "scribe",
            "--authorized-by",
            "director",
            "--next-contact",
            "0600Z by voice",
            "--proofs");
    assertThat(run.exitCode()).as(run.output()).isZero();
    bundle = Files.readAllBytes(bundleFile);
    assertThat(run.output()).contains("bundle SHA-256 " + SitrepVerifier.sha256(bundle));
  }

  private static void awaitStatus(Api api, String path, int status) {
    Await.until(
        path + " answers " + status,
        Duration.ofSeconds(30),
        () -> api.get(path).status() == status);
  }

  private static Map<String, Object> parsed() throws IOException {
    return Json.mapper().readValue(bundle, new TypeReference<Map<String, Object>>() {});
  }

  @Test
  void the_report_holds_every_timeline_entry_receipted_and_every_proof_verifies()
      throws IOException {
    Map<String, Object> report = parsed();
    assertThat(report.get("report"))
        .isEqualTo(
            Map.of(
                "number", 2,
                "version", "UPDATE",
                "prepared_by", "scribe",
                "authorized_by", "director",
                "next_contact", "0600Z by voice",
                "time_of_report", ((Map<?, ?>) report.get("report")).get("time_of_report"),
                "prepared_at", "us"));
    List<?> timeline = (List<?>) report.get("timeline");
    assertThat(timeline.stream().map(item -> String.valueOf(((Map<?, ?>) item).get("op"))).toList())
        .containsExactly("open", "severity", "note", "report");
    assertThat(((Map<?, ?>) timeline.get(3)).get("data"))
        .isEqualTo(Map.of("number", 1, "version", "INITIAL", "sha256", issuedSha256));
    List<?> commitments = (List<?>) report.get("commitments");
    assertThat(commitments).hasSize(1);
    Map<?, ?> commitment = (Map<?, ?>) commitments.get(0);
    assertThat(commitment.get("state")).isEqualTo("AGREED");
    assertThat(commitment.get("overdue")).isEqualTo(false);
    List<?> messages = (List<?>) report.get("messages");
    assertThat(messages).hasSize(1);
    Map<?, ?> message = (Map<?, ?>) messages.get(0);
    assertThat(message.get("subject")).isEqualTo("Object crossing at 18 km");
    assertThat((List<?>) message.get("answers"))
        .singleElement()
        .satisfies(answer -> assertThat(((Map<?, ?>) answer).get("kind")).isEqualTo("ACK"));
    for (Object item : timeline) {
      assertThat(((Map<?, ?>) ((Map<?, ?>) item).get("proof")).get("status"))
          .as("proof of %s", item)
          .isEqualTo("RECEIPTED");
    }

    SitrepVerifier.Result result = SitrepVerifier.verify(bundle, cards);
    assertThat(result.findings()).isEmpty();
    // 4 incident changes, 2 commitment changes, the message, its acknowledgement, its translation
    // and the dispute of it
    assertThat(result.entries()).isEqualTo(4 + 2 + 1 + 1 + 2);
    assertThat(SituationReport.bytes(report)).isEqualTo(bundle);
  }

  @Test
  void verify_sitrep_exits_0_and_the_page_embeds_the_bundle_hash_and_shows_hostile_text_as_text()
      throws IOException {
    Cli.Run run =
        Cli.run(
            root,
            "verify-sitrep",
            "--bundle",
            bundleFile.toString(),
            "--cards",
            usCardFile.toString(),
            cnCardFile.toString(),
            "--html",
            htmlFile.toString());
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("OK: 10 entries of the report checked against the cards given");
    String page = Files.readString(htmlFile, StandardCharsets.UTF_8);
    assertThat(SitrepHtml.embeddedSha256(page)).isEqualTo(SitrepVerifier.sha256(bundle));
    assertThat(page)
        .doesNotContain(SCRIPT)
        .doesNotContain(RTL_OVERRIDE)
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;U+202E&gt;")
        .contains("Share the radar track");
  }

  @Test
  void the_report_shows_how_cn_read_the_linked_message_and_the_dispute_and_checks_both()
      throws IOException {
    Map<?, ?> message = (Map<?, ?>) ((List<?>) parsed().get("messages")).get(0);
    Map<?, ?> translation = (Map<?, ?>) ((List<?>) message.get("translations")).get(0);
    assertThat(translation.get("party")).isEqualTo("cn");
    assertThat(translation.get("language")).isEqualTo("zh");
    assertThat(translation.get("text")).isEqualTo(TRANSLATION);
    assertThat(translation.get("by")).isEqualTo("translator-wang");
    assertThat(((Map<?, ?>) translation.get("proof")).get("status")).isEqualTo("RECEIPTED");
    Map<?, ?> dispute = (Map<?, ?>) ((List<?>) translation.get("disputes")).get(0);
    assertThat(dispute.get("party")).isEqualTo("us");
    assertThat(dispute.get("note")).isEqualTo(DISPUTE);
    assertThat(Files.readString(htmlFile, StandardCharsets.UTF_8))
        .contains("the original above is the authoritative text")
        .contains("as read by <bdi>cn</bdi>")
        .contains(TRANSLATION)
        .contains("translation disputed by <bdi>us</bdi>")
        .contains(DISPUTE);

    String text = new String(bundle, StandardCharsets.UTF_8);
    String edited = text.replace(TRANSLATION, "物体在十九公里处穿越");
    assertThat(edited).isNotEqualTo(text);
    assertThat(SitrepVerifier.verify(edited.getBytes(StandardCharsets.UTF_8), cards).findings())
        .singleElement()
        .asString()
        .endsWith("differs from its signed entry in text");
  }

  @Test
  void a_bundle_with_one_byte_of_a_note_edited_fails_its_check() {
    String text = new String(bundle, StandardCharsets.UTF_8);
    String edited = text.replace("lost at 0415Z", "lost at 0416Z");
    assertThat(edited).isNotEqualTo(text);
    SitrepVerifier.Result result =
        SitrepVerifier.verify(edited.getBytes(StandardCharsets.UTF_8), cards);
    assertThat(result.ok()).isFalse();
    assertThat(result.findings())
        .anyMatch(finding -> finding.endsWith("differs from its signed entry in data"))
        .anyMatch(finding -> finding.startsWith("the incident: its fields and timeline"));
  }

  @Test
  void a_bundle_with_a_timeline_entry_left_out_fails_its_check() throws IOException {
    Map<String, Object> report = parsed();
    List<?> timeline = (List<?>) report.get("timeline");
    report.put("timeline", timeline.subList(0, timeline.size() - 1));
    SitrepVerifier.Result result = SitrepVerifier.verify(SituationReport.bytes(report), cards);
    assertThat(result.findings())
        .singleElement()
        .asString()
        .contains("the incident: its fields and timeline as shown do not give its state hash");
  }

  @Test
  void a_bundle_with_a_field_of_a_commitment_edited_fails_its_check() throws IOException {
    Map<String, Object> report = parsed();
    @SuppressWarnings("unchecked")
    Map<String, Object> commitment =
        (Map<String, Object>) ((List<?>) report.get("commitments")).get(0);
    commitment.put("state", "DONE");
    SitrepVerifier.Result result = SitrepVerifier.verify(SituationReport.bytes(report), cards);
    assertThat(result.findings()).singleElement().asString().contains("do not give its state hash");
  }

  @Test
  void sitrep_of_an_incident_the_node_does_not_hold_or_with_a_bad_number_exits_1_writing_nothing() {
    Path out = root.resolve("none.html");
    String dir = root.resolve("us").toString();
    Cli.Run unknown =
        Cli.run(
            root,
            "sitrep",
            "--dir",
            dir,
            "--incident",
            "01a24fbb-3a80-7001-8000-000000000001",
            "--out",
            out.toString());
    assertThat(unknown.exitCode()).as(unknown.output()).isEqualTo(1);
    assertThat(unknown.output()).contains("no incident 01a24fbb-3a80-7001-8000-000000000001");
    Cli.Run zero =
        Cli.run(
            root,
            "sitrep",
            "--dir",
            dir,
            "--incident",
            incident,
            "--number",
            "0",
            "--out",
            out.toString());
    assertThat(zero.exitCode()).as(zero.output()).isEqualTo(1);
    assertThat(zero.output()).contains("the report number must be 1 or more");
    assertThat(out).doesNotExist();
  }

  @Test
  void a_bundle_checked_with_a_card_of_another_party_key_fails() throws IOException {
    NodeHome other = Nodes.init(root.resolve("other"), "cn");
    SitrepVerifier.Result result =
        SitrepVerifier.verify(bundle, List.of(cards.get(0), other.card()));
    assertThat(result.ok()).isFalse();
    assertThat(result.findings()).anyMatch(finding -> finding.contains("not signed by cn"));
  }

  @Test
  void a_page_whose_embedded_hash_was_edited_fails_verify_sitrep() throws IOException {
    String page = Files.readString(htmlFile, StandardCharsets.UTF_8);
    String sha256 = SitrepVerifier.sha256(bundle);
    String other = (sha256.charAt(0) == '0' ? "1" : "0") + sha256.substring(1);
    Path edited = root.resolve("edited.html");
    Files.writeString(edited, page.replace(sha256, other), StandardCharsets.UTF_8);
    Cli.Run run =
        Cli.run(
            root,
            "verify-sitrep",
            "--bundle",
            bundleFile.toString(),
            "--cards",
            usCardFile.toString(),
            cnCardFile.toString(),
            "--html",
            edited.toString());
    assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
    assertThat(run.output()).contains("embeds the bundle hash " + other).contains("FAILED");
  }

  @Test
  void the_page_is_well_formed_xhtml_with_its_labels_in_the_nodes_default_language_english()
      throws Exception {
    String page = Files.readString(htmlFile, StandardCharsets.UTF_8);
    javax.xml.parsers.DocumentBuilderFactory factory =
        javax.xml.parsers.DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    org.w3c.dom.Document parsed =
        factory
            .newDocumentBuilder()
            .parse(new java.io.ByteArrayInputStream(page.getBytes(StandardCharsets.UTF_8)));
    assertThat(parsed.getDocumentElement().getAttribute("lang")).isEqualTo("en");
    assertThat(page).contains("<title>Situation report</title>").contains("Authorized by");
  }

  /** {@code hotline sitrep} of {@code id} from us's data directory, with {@code options}. */
  private static Cli.Run sitrep(String id, String... options) {
    List<String> arguments =
        new java.util.ArrayList<>(
            List.of("sitrep", "--dir", root.resolve("us").toString(), "--incident", id));
    arguments.addAll(List.of(options));
    return Cli.run(root, arguments.toArray(String[]::new));
  }

  @Test
  void a_chinese_report_renders_as_a_pdf_whose_text_holds_the_chinese_and_the_reports_fields()
      throws IOException {
    Path html = root.resolve("chinese.html");
    Path pdf = root.resolve("chinese.pdf");
    Path json = root.resolve("chinese.json");
    Cli.Run run =
        sitrep(
            chineseIncident,
            "--out",
            html.toString(),
            "--json",
            json.toString(),
            "--pdf",
            pdf.toString(),
            "--lang",
            "zh",
            "--version",
            "UPDATE",
            "--authorized-by",
            "李主任",
            "--next-contact",
            "明日0600Z电话");
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains(pdf.toString());
    String text;
    try (org.apache.pdfbox.pdmodel.PDDocument document =
        org.apache.pdfbox.Loader.loadPDF(pdf.toFile())) {
      text = new org.apache.pdfbox.text.PDFTextStripper().getText(document);
    }
    // Values wrap inside their table cells: they are looked for with the line breaks taken out.
    assertThat(text.replaceAll("\\s", ""))
        .contains("态势报告")
        .contains("批准人李主任")
        .contains("下次联络明日0600Z电话")
        .contains("版本UPDATE")
        .contains("值班员")
        .contains(CHINESE_TITLE)
        .contains(CHINESE_NOTE)
        .contains(chineseIncident)
        .contains(SitrepVerifier.sha256(Files.readAllBytes(json)));
    assertThat(Files.readString(html, StandardCharsets.UTF_8))
        .contains("lang=\"zh\"")
        .contains("<title>态势报告</title>");
  }

  @Test
  void sitrep_with_a_pdf_path_that_cannot_be_written_exits_1_with_one_line_and_writes_nothing() {
    Path html = root.resolve("unwritten.html");
    Path pdf = root.resolve("no-such-directory").resolve("report.pdf");
    Cli.Run run = sitrep(incident, "--out", html.toString(), "--pdf", pdf.toString());
    assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
    assertThat(
            run.output()
                .lines()
                .filter(line -> !line.isBlank() && !line.startsWith("WARNING: "))
                .toList())
        .as("the output but the JVM's own warnings")
        .singleElement()
        .asString()
        .startsWith("hotline: cannot write " + pdf);
    assertThat(html).doesNotExist();
    assertThat(pdf).doesNotExist();
  }

  @Test
  void sitrep_in_a_language_the_console_does_not_speak_exits_1_writing_nothing() {
    Path html = root.resolve("french.html");
    Cli.Run run = sitrep(incident, "--out", html.toString(), "--lang", "fr");
    assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
    assertThat(run.output()).contains("--lang fr: the console speaks en and zh, not fr");
    assertThat(html).doesNotExist();
  }

  @Test
  void a_page_with_chinese_text_and_no_cjk_font_is_refused_in_one_line_not_rendered_as_boxes() {
    String page =
        "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>"
            + CHINESE_NOTE
            + "</p></body></html>";
    assertThatThrownBy(() -> SitrepPdf.render(page, java.util.Optional.empty()))
        .isInstanceOf(org.hotline.ConflictException.class)
        .hasMessageContaining("no CJK TrueType font was found")
        .hasMessageNotContaining("\n");
    assertThat(
            SitrepPdf.render(
                "<html><body><p>Radar contact lost</p></body></html>", java.util.Optional.empty()))
        .startsWith("%PDF".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void
      sitrep_with_a_header_field_over_its_limit_or_of_two_lines_exits_1_naming_it_writing_nothing() {
    Path html = root.resolve("long.html");
    Cli.Run long_ =
        sitrep(
            incident,
            "--out",
            html.toString(),
            "--authorized-by",
            "x".repeat(SituationReport.Header.TEXT_MAX + 1));
    assertThat(long_.exitCode()).as(long_.output()).isEqualTo(1);
    assertThat(long_.output()).contains("authorized_by: at most 200 characters, not 201");
    Cli.Run twoLines =
        sitrep(incident, "--out", html.toString(), "--next-contact", "0600Z\nby voice");
    assertThat(twoLines.exitCode()).as(twoLines.output()).isEqualTo(1);
    assertThat(twoLines.output()).contains("next_contact: character 6");
    assertThat(html).doesNotExist();
  }
}
