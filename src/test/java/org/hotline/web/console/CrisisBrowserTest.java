package org.hotline.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.console.Role;
import org.hotline.testing.Api;
import org.hotline.testing.Await;
import org.hotline.testing.Browser;
import org.hotline.testing.Nodes;
import org.hotline.testing.Users;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.support.ui.Select;

/**
 * The crisis pages end to end: real headless Chromium against two real paired nodes on loopback.
 * What one party's console does appears on the other's console without a reload (a marker set in
 * the page before the change must survive it). Screenshots go to {@code -Dhotline.screenshots=DIR}
 * (default target/screenshots); docs/console.md and docs/crisis.md show them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrisisBrowserTest {
  private static final Duration HEARTBEAT = Duration.ofMillis(500);
  private static final Duration WITHIN = Duration.ofSeconds(30);
  private static final Path SCREENSHOTS =
      Path.of(System.getProperty("hotline.screenshots", "target/screenshots"));

  @TempDir static Path dir;
  private Node us;
  private Node cn;
  private Browser usOfficer;
  private Browser cnReleaser;
  private String incident;

  @BeforeAll
  void start() {
    Browser.requireChromium();
    NodeHome usHome = Nodes.init(dir, "us");
    NodeHome cnHome = Nodes.init(dir, "cn");
    Nodes.heartbeat(usHome, HEARTBEAT);
    Nodes.heartbeat(cnHome, HEARTBEAT);
    Users.add(usHome, "officer", Role.DUTY_OFFICER);
    Users.add(cnHome, "wang", Role.RELEASING_OFFICER);
    us = Nodes.start(usHome);
    cn = Nodes.start(cnHome);
    Nodes.pair(us, cn);
    // Changes are signed only into the log of a peer that has said it reads them.
    Await.until(
        "both nodes know the other reads changes",
        WITHIN,
        () ->
            us.links().capabilities().of(cn.home().party()).kinds().contains("change")
                && cn.links().capabilities().of(us.home().party()).kinds().contains("change"));
    usOfficer = Browser.open(base(us)).signIn("officer", Users.PASSWORD);
    cnReleaser = Browser.open(base(cn)).signIn("wang", Users.PASSWORD);
  }

  @AfterAll
  void stop() {
    for (AutoCloseable closeable : new AutoCloseable[] {usOfficer, cnReleaser, cn, us}) {
      try {
        if (closeable != null) {
          closeable.close();
        }
      } catch (Exception e) {
        // keep closing the rest
      }
    }
  }

  private static String base(Node node) {
    return "http://127.0.0.1:" + node.apiPort();
  }

  /** Sets a marker that a page reload would lose. */
  private static void mark(Browser browser) {
    browser.script("window.__notReloaded = true;");
  }

  private static void assertNotReloaded(Browser browser) {
    assertThat(browser.script("return window.__notReloaded === true;"))
        .as("the page was not reloaded")
        .isEqualTo(true);
  }

  @Test
  @Order(1)
  void an_incident_opened_on_one_console_appears_live_on_the_other() {
    cnReleaser.go("/incidents");
    cnReleaser.await("#incident-rows");
    mark(cnReleaser);

    usOfficer.go("/incidents");
    usOfficer.find("#open-title").sendKeys("Unidentified high-altitude object over the coast");
    usOfficer
        .find("#open-summary")
        .sendKeys("EXERCISE. Radar contact at 18 km, drifting east at 40 km/h since 0412Z.");
    new Select(usOfficer.find("#open-severity")).selectByValue("3");
    usOfficer.click("#open-incident");
    usOfficer.until(
        d -> usOfficer.path().startsWith("/incidents/") ? Boolean.TRUE : null,
        "the incident's page");
    incident = usOfficer.path().substring("/incidents/".length());
    assertThat(usOfficer.find("#incident-title").getText())
        .isEqualTo("Unidentified high-altitude object over the coast");

    String row = "tr[data-incident-id='" + incident + "']";
    cnReleaser.await(row);
    assertThat(cnReleaser.find(row + " td.title").getText())
        .isEqualTo("Unidentified high-altitude object over the coast");
    assertNotReloaded(cnReleaser);
  }

  @Test
  @Order(2)
  void a_severity_proposed_on_the_other_console_shows_live_on_the_incidents_page() {
    usOfficer.go("/incidents/" + incident);
    mark(usOfficer);

    cnReleaser.go("/incidents/" + incident);
    new Select(cnReleaser.find("#change-severity")).selectByValue("4");
    cnReleaser.click("#submit-severity");
    // Each change reloads cn's page, and live updates replace parts of it: wait for the change
    // before filling the next form.
    cnReleaser.until(
        d ->
            cnReleaser.find("#severity-by-party").getText().contains("cn: 4") ? Boolean.TRUE : null,
        "our severity on our page");
    cnReleaser.until(
        d -> {
          cnReleaser.find("#change-lead").sendKeys("Wang Fang");
          return Boolean.TRUE;
        },
        "the lead's field");
    cnReleaser.click("#submit-lead");
    cnReleaser.until(
        d -> cnReleaser.find("#leads").getText().contains("Wang Fang") ? Boolean.TRUE : null,
        "our lead on our page");
    cnReleaser.until(
        d -> {
          cnReleaser
              .find("#change-note")
              .sendKeys("Our radar holds it too; tracking shared at 0600Z.");
          return Boolean.TRUE;
        },
        "the note's field");
    cnReleaser.click("#submit-note");

    usOfficer.until(
        d -> usOfficer.find("#severity-by-party").getText().contains("cn: 4") ? Boolean.TRUE : null,
        "the peer's severity on our page");
    usOfficer.until(
        d -> usOfficer.find("#leads").getText().contains("Wang Fang") ? Boolean.TRUE : null,
        "the peer's lead on our page");
    usOfficer.await("tr.change[data-outcome='APPLIED'] + tr + tr + tr");
    assertThat(usOfficer.find("#live .differs").getText()).isNotBlank();
    assertNotReloaded(usOfficer);
  }

  @Test
  @Order(3)
  void a_commitment_proposed_on_one_console_is_agreed_from_the_other_and_shows_agreed_on_both() {
    usOfficer.go("/commitments");
    usOfficer.find("#propose-what").sendKeys("Share the radar tracking data of the object");
    Instant due = Instant.now().plus(24, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
    usOfficer.script(
        "document.getElementById('propose-due').value = arguments[0];",
        due.atOffset(ZoneOffset.UTC).toLocalDateTime().toString());
    usOfficer.find("#propose-incident").sendKeys(incident);
    usOfficer.click("#propose-commitment");
    usOfficer.await("tr.commitment[data-state='PROPOSED']");
    String id = usOfficer.find("tr.commitment").getAttribute("data-commitment-id");
    String row = "tr[data-commitment-id='" + id + "']";
    // Our own proposal is the peer's to agree: no button here.
    assertThat(usOfficer.present(row + " button.agree")).isFalse();
    mark(usOfficer);

    cnReleaser.go("/commitments");
    cnReleaser.click(row + " button.agree");
    cnReleaser.await("#confirm-change");
    cnReleaser.click("#confirm-change");
    cnReleaser.await(row + "[data-state='AGREED']");
    assertThat(cnReleaser.find(row).getText()).contains("Agreed");

    usOfficer.await(row + "[data-state='AGREED']");
    assertThat(usOfficer.find(row).getText()).contains("Agreed");
    assertNotReloaded(usOfficer);
    usOfficer.screenshot(SCREENSHOTS, "console-crisis-commitments.png");
  }

  @Test
  @Order(4)
  void the_channels_page_shows_the_peers_suspension_with_its_reason_and_its_open_proposal() {
    usOfficer.go("/channels");
    usOfficer.await("#channel-cn-military");
    assertThat(usOfficer.present("#channel-cn-military p.suspended")).isFalse();
    mark(usOfficer);

    Api cnApi = new Api(cn.home(), cn.apiPort());
    assertThat(
            cnApi
                .post(
                    "/api/v1/channels/military/suspend",
                    "{\"peer\":\"us\",\"reason\":\"EXERCISE: talks suspended pending review\"}")
                .status())
        .isEqualTo(201);
    Api.Response proposed =
        cnApi.post(
            "/api/v1/channels",
            "{\"peer\":\"us\",\"name\":\"nrrc\",\"description\":\"Risk reduction centres\","
                + "\"precedences\":[\"FLASH\",\"IMMEDIATE\"]}");
    assertThat(proposed.status()).as(proposed.raw().body()).isEqualTo(201);

    // The proposal may arrive after the suspension and replace the rows: read them afresh.
    String suspension =
        usOfficer.until(
            d -> usOfficer.find("#channel-cn-military p.suspended.peer").getText(),
            "cn's suspension of military on our page");
    assertThat(suspension)
        .isEqualTo("cn does not receive on this channel: EXERCISE: talks suspended pending review");
    String proposal =
        usOfficer.until(
            d -> usOfficer.find("#channel-cn-nrrc").getText(), "cn's proposal on our page");
    assertThat(proposal)
        .contains("proposed")
        .contains("Proposed by cn:")
        .contains("Risk reduction centres");
    assertNotReloaded(usOfficer);
    // Tall enough to show every channel of the link and the proposed one.
    usOfficer.driver().manage().window().setSize(new org.openqa.selenium.Dimension(1366, 1000));
    usOfficer.screenshot(SCREENSHOTS, "console-channels.png");
    usOfficer.driver().manage().window().setSize(new org.openqa.selenium.Dimension(1366, 768));
  }

  @Test
  @Order(5)
  void an_internal_note_kept_from_the_console_shows_in_its_section_marked_not_shared() {
    usOfficer.go("/incidents/" + incident);
    usOfficer
        .find("#internal-note-text")
        .sendKeys(
            "EXERCISE. Minister briefed at 0700Z; do not raise the tracking gap with cn yet.");
    usOfficer.click("#submit-internal-note");
    usOfficer.await("li.internal-note");
    assertThat(usOfficer.find("#internal-notes-heading").getText())
        .contains("Internal notes")
        .contains("internal — not shared with cn");
    assertThat(usOfficer.find("li.internal-note .text").getText())
        .isEqualTo(
            "EXERCISE. Minister briefed at 0700Z; do not raise the tracking gap with cn yet.");
    assertThat(usOfficer.find("li.internal-note .meta").getText()).contains("officer");
    usOfficer.script("arguments[0].scrollIntoView();", usOfficer.find("#internal-notes"));
    usOfficer.screenshot(SCREENSHOTS, "console-internal-notes.png");
  }

  @Test
  @Order(6)
  void the_pictures_of_the_crisis_pages_in_english_and_the_incident_page_in_chinese() {
    Api cnApi = new Api(cn.home(), cn.apiPort());
    Api.Response concern =
        cnApi.post(
            "/api/v1/concerns",
            "{\"peer\":\"us\",\"title\":\"EXERCISE: precursor chemicals in transit\","
                + "\"summary\":\"Shipments named in the 2026 list.\",\"by\":\"wang\"}");
    assertThat(concern.status()).isEqualTo(201);
    String concernId = concern.body().path("change").path("id").asText();
    assertThat(
            cnApi
                .post(
                    "/api/v1/concerns/" + concernId + "/changes",
                    "{\"link_incident\":\"" + incident + "\",\"by\":\"wang\"}")
                .status())
        .isEqualTo(201);

    usOfficer.go("/concerns");
    usOfficer.await("article.concern[data-concern-id='" + concernId + "'] tbody tr + tr");
    usOfficer.screenshot(SCREENSHOTS, "console-crisis-concerns.png");

    usOfficer.go("/incidents");
    usOfficer.await("tr[data-incident-id='" + incident + "'] .differs");
    usOfficer.screenshot(SCREENSHOTS, "console-crisis-incidents.png");

    // Tall enough to show the timeline under the incident's fields.
    usOfficer.driver().manage().window().setSize(new org.openqa.selenium.Dimension(1366, 1250));
    usOfficer.go("/incidents/" + incident);
    usOfficer.await("#incident-title");
    usOfficer.screenshot(SCREENSHOTS, "console-crisis-incident.png");

    // "Open report": the report the CLI writes, as of now, in the officer's language.
    usOfficer.go("/incidents/" + incident + "/report");
    assertThat(usOfficer.await("h1").getText()).startsWith("Situation report 1 (INITIAL)");
    usOfficer.screenshot(SCREENSHOTS, "console-sitrep.png");
    usOfficer.go("/incidents/" + incident);

    new Select(usOfficer.find("#language-select")).selectByValue("zh");
    usOfficer.click("#language-set");
    usOfficer.until(
        d -> "zh".equals(usOfficer.find("html").getAttribute("lang")) ? Boolean.TRUE : null,
        "the console in Chinese");
    usOfficer.go("/incidents/" + incident);
    // The page refreshes its parts live: read them through until, which reads a redrawn element
    // again.
    usOfficer.until(
        d ->
            "变更".equals(usOfficer.find("#changes-heading").getText())
                    && "研判中".equals(usOfficer.find("#incident-state").getText())
                ? Boolean.TRUE
                : null,
        "the incident page in Chinese");
    usOfficer.screenshot(SCREENSHOTS, "console-crisis-incident-zh.png");

    usOfficer.go("/incidents/" + incident + "/report");
    assertThat(usOfficer.await("h1").getText()).startsWith("态势报告 1 (INITIAL)");
    usOfficer.screenshot(SCREENSHOTS, "console-sitrep-zh.png");
  }
}
