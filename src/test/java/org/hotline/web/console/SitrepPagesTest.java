package org.hotline.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.console.Role;
import org.hotline.crisis.TimelineItem;
import org.hotline.identity.PartyId;
import org.hotline.record.SitrepHtml;
import org.hotline.testing.Api;
import org.hotline.testing.Await;
import org.hotline.testing.ConsoleClient;
import org.hotline.testing.Nodes;
import org.hotline.testing.Users;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The incident page's situation report over HTTP against two real paired nodes: "open report" shows
 * the report the CLI writes, as a page or a PDF; issuing one from the page records the change
 * {@code report} with the hash of the very report it answers with, as {@code hotline sitrep
 * --issue} does; FINAL only for the release role; a viewer may read but not issue; a form without
 * the CSRF token changes nothing; the report speaks the person's language.
 */
class SitrepPagesTest {
  @TempDir static Path dir;
  static Node us;
  static Node cn;
  static Api usApi;
  static PartyId cnParty;

  @BeforeAll
  static void start() {
    NodeHome usHome = Nodes.init(dir, "us");
    NodeHome cnHome = Nodes.init(dir, "cn");
    Users.add(usHome, "officer", Role.DUTY_OFFICER);
    Users.add(usHome, "watcher", Role.VIEWER);
    Users.add(usHome, "releaser", Role.RELEASING_OFFICER);
    us = Nodes.start(usHome);
    cn = Nodes.start(cnHome);
    Nodes.pair(us, cn);
    usApi = new Api(us.home(), us.apiPort());
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

  /** An incident opened here and placed in our log; returns its id. */
  private static String open(String title) {
    Api.Response opened =
        usApi.post(
            "/api/v1/incidents",
            "{\"peer\":\"cn\",\"title\":\"" + title + "\",\"severity\":3,\"by\":\"officer\"}");
    assertThat(opened.status()).as(opened.raw().body()).isEqualTo(201);
    String id = opened.body().path("change").path("id").asText();
    awaitPlaced();
    return id;
  }

  private static void awaitPlaced() {
    Await.until(
        "our changes placed", Duration.ofSeconds(30), () -> us.crisis().pending(cnParty).isEmpty());
  }

  private static List<TimelineItem> reports(String id) {
    awaitPlaced();
    return us.crisis().find("incident/" + id).orElseThrow().object().timeline().stream()
        .filter(item -> item.op().equals("report"))
        .toList();
  }

  @Test
  void open_report_shows_the_incidents_report_as_a_page_and_as_a_pdf() {
    String id = open("Object over the strait");
    ConsoleClient officer = signedIn("officer");
    String page = officer.get("/incidents/" + id).body();
    assertThat(page)
        .contains("id=\"open-report\"")
        .contains("href=\"/incidents/" + id + "/report\"")
        .contains("href=\"/incidents/" + id + "/report.pdf\"")
        .contains("id=\"form-report\"")
        .contains("The next report is number 1.")
        .contains("<option value=\"INITIAL\" selected>")
        .doesNotContain("value=\"FINAL\"")
        .contains("FINAL is for releasing officers and administrators.");

    HttpResponse<String> report = officer.get("/incidents/" + id + "/report");
    assertThat(report.statusCode()).isEqualTo(200);
    assertThat(report.headers().firstValue("Content-Security-Policy").orElseThrow())
        .startsWith("default-src 'none'");
    assertThat(report.body())
        .contains("<title>Situation report</title>")
        .contains("Situation report <bdi>1</bdi> (<bdi>INITIAL</bdi>)")
        .contains("Object over the strait")
        .contains("<th>Prepared by</th><td><bdi>officer</bdi></td>");
    assertThat(SitrepHtml.embeddedSha256(report.body())).hasSize(64);
    assertThat(reports(id)).as("opening a report issues nothing").isEmpty();

    HttpResponse<String> pdf = officer.get("/incidents/" + id + "/report.pdf");
    assertThat(pdf.statusCode()).isEqualTo(200);
    assertThat(pdf.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/pdf");
    assertThat(pdf.headers().firstValue("Content-Disposition").orElseThrow())
        .isEqualTo("attachment; filename=\"sitrep-" + id + "-1.pdf\"");
    assertThat(pdf.body()).startsWith("%PDF-");
  }

  @Test
  void issuing_a_report_records_the_hash_of_the_report_it_answers_with_and_is_audited() {
    String id = open("Detained national");
    ConsoleClient officer = signedIn("officer");
    officer.get("/incidents/" + id);
    HttpResponse<String> issued =
        officer.post(
            "/incidents/" + id + "/report",
            Map.of(
                "version", "UPDATE",
                "authorized_by", "director",
                "next_contact", "0600Z by voice",
                "format", "html"));
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
    assertThat(issued.body())
        .contains("<th>Authorized by</th><td><bdi>director</bdi></td>")
        .contains("<bdi>0600Z by voice</bdi>")
        .contains("(<bdi>UPDATE</bdi>)");
    String sha256 = SitrepHtml.embeddedSha256(issued.body());
    List<TimelineItem> reports = reports(id);
    assertThat(reports).singleElement();
    TimelineItem report = reports.get(0);
    assertThat(report.by()).isEqualTo("officer");
    assertThat(report.data())
        .containsEntry("version", "UPDATE")
        .containsEntry("sha256", sha256)
        .containsEntry("number", 1L);
    assertThat(officer.get("/incidents/" + id).body())
        .contains("Report 1 issued")
        .contains("The next report is number 2.");
    assertThat(signedIn("releaser").get("/incidents/" + id).body())
        .contains("The next report is number 2.")
        .contains("value=\"FINAL\"");
    ConsoleClient admin = new ConsoleClient(us.apiPort());
    Users.add(us.home(), "auditor", Role.ADMINISTRATOR);
    assertThat(admin.signIn("auditor", Users.PASSWORD).statusCode()).isEqualTo(303);
    assertThat(admin.get("/admin").body())
        .contains("<td>crisis.change</td><td><bdi>incident/" + id + "</bdi></td><td><bdi>report {");
  }

  @Test
  void final_is_for_the_release_role_a_viewer_may_read_but_not_issue_and_a_form_needs_its_token() {
    String id = open("Commercial flight diverted");
    ConsoleClient officer = signedIn("officer");
    officer.get("/incidents/" + id);
    HttpResponse<String> finalByOfficer =
        officer.post("/incidents/" + id + "/report", Map.of("version", "FINAL"));
    assertThat(finalByOfficer.statusCode()).isEqualTo(403);
    assertThat(finalByOfficer.body()).contains("FINAL is for releasing officers");
    ConsoleClient watcher = signedIn("watcher");
    assertThat(watcher.get("/incidents/" + id).body())
        .contains("id=\"open-report\"")
        .doesNotContain("id=\"form-report\"");
    assertThat(watcher.get("/incidents/" + id + "/report").statusCode()).isEqualTo(200);
    HttpResponse<String> byViewer =
        watcher.post("/incidents/" + id + "/report", Map.of("version", "INITIAL"));
    assertThat(byViewer.statusCode()).isEqualTo(403);
    assertThat(byViewer.body()).contains("watcher (viewer) may not issue a situation report");
    HttpResponse<String> forged =
        officer.postRaw("/incidents/" + id + "/report", Map.of("version", "INITIAL"));
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.body()).contains("CSRF");
    HttpResponse<String> badVersion =
        officer.post("/incidents/" + id + "/report", Map.of("version", "LAST"));
    assertThat(badVersion.statusCode()).isEqualTo(400);
    HttpResponse<String> tooLong =
        officer.post(
            "/incidents/" + id + "/report",
            Map.of("version", "INITIAL", "authorized_by", "x".repeat(201)));
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(tooLong.body()).contains("authorized_by: at most 200 characters");
    assertThat(reports(id)).isEmpty();

    ConsoleClient releaser = signedIn("releaser");
    releaser.get("/incidents/" + id);
    HttpResponse<String> finalByReleaser =
        releaser.post("/incidents/" + id + "/report", Map.of("version", "FINAL", "format", "pdf"));
    assertThat(finalByReleaser.statusCode()).isEqualTo(200);
    assertThat(finalByReleaser.body()).startsWith("%PDF-");
    assertThat(reports(id))
        .singleElement()
        .satisfies(item -> assertThat(item.data()).containsEntry("version", "FINAL"));
  }

  @Test
  void the_report_and_its_buttons_speak_the_persons_language() {
    String id = open("Radar contact");
    ConsoleClient officer = signedIn("officer");
    URI base = URI.create("http://127.0.0.1:" + us.apiPort());
    HttpResponse<String> page =
        officer.send(
            HttpRequest.newBuilder(base.resolve("/incidents/" + id))
                .header("Accept-Language", "zh-CN")
                .GET());
    assertThat(page.body()).contains("打开报告").contains("下载 PDF").contains("下一份报告编号为 1。");
    HttpResponse<String> report =
        officer.send(
            HttpRequest.newBuilder(base.resolve("/incidents/" + id + "/report"))
                .header("Accept-Language", "zh-CN")
                .GET());
    assertThat(report.body())
        .contains("lang=\"zh\"")
        .contains("<title>态势报告</title>")
        .contains("<th>编制人</th><td><bdi>officer</bdi></td>");
  }
}
