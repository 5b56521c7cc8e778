package org.hotline.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.console.Role;
import org.hotline.testing.Api;
import org.hotline.testing.Browser;
import org.hotline.testing.MutableClock;
import org.hotline.testing.Nodes;
import org.hotline.testing.Users;
import org.hotline.testing.Watching;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * An escalation addressed to the role duty-officer, end to end: real headless Chromium against two
 * real nodes sharing a test clock. us escalates level 1 to {@code {"role": "duty-officer"}}; the
 * duty officer's console shows it live, the viewer's never does, a duty officer who signs in later
 * finds it waiting, and bad input on the API changes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PersonalAlertBrowserTest {
  private static final Path SCREENSHOTS =
      Path.of(System.getProperty("hotline.screenshots", "target/screenshots"));
  private static final String PERSONAL = "#banners [data-personal-level]";

  @TempDir static Path dir;
  private MutableClock clock;
  private Node us;
  private Node cn;
  private Browser officer;
  private Browser watcher;

  @BeforeAll
  void start() {
    Browser.requireChromium();
    clock = MutableClock.atNow();
    NodeHome usHome = Nodes.init(dir, "us");
    NodeHome cnHome = Nodes.init(dir, "cn");
    Nodes.configure(
        usHome,
        config ->
            config
                .putObject("escalation")
                .putArray("levels")
                .addObject()
                .put("after", "PT0S")
                .putArray("targets")
                .addObject()
                .put("role", "duty-officer"));
    Users.add(usHome, "officer", Role.DUTY_OFFICER);
    Users.add(usHome, "night", Role.DUTY_OFFICER);
    Users.add(usHome, "watcher", Role.VIEWER);
    us = Nodes.start(usHome, clock);
    cn = Nodes.start(cnHome, clock);
    Nodes.pair(us, cn);
    officer = Browser.open(base()).signIn("officer", Users.PASSWORD);
    watcher = Browser.open(base()).signIn("watcher", Users.PASSWORD);
  }

  @AfterAll
  void stop() {
    for (AutoCloseable closeable : new AutoCloseable[] {officer, watcher, cn, us}) {
      try {
        if (closeable != null) {
          closeable.close();
        }
      } catch (Exception e) {
        // keep closing the rest
      }
    }
  }

  private String base() {
    return "http://127.0.0.1:" + us.apiPort();
  }

  private static void mark(Browser browser) {
    browser.script("window.__notReloaded = true;");
  }

  private static void assertNotReloaded(Browser browser) {
    assertThat(browser.script("return window.__notReloaded === true;"))
        .as("the page was not reloaded")
        .isEqualTo(true);
  }

  private static void assertProblem(Api.Response response, int status, String type) {
    assertThat(response.status()).isEqualTo(status);
    assertThat(response.raw().headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(response.body().get("type").asText()).isEqualTo("urn:hotline:problem:" + type);
    assertThat(response.body().get("status").asInt()).isEqualTo(status);
  }

  private static JsonNode onlyAlert(Api api) {
    JsonNode alerts = api.get("/api/v1/alerts").body().get("alerts");
    assertThat(alerts).hasSize(1);
    return alerts.get(0);
  }

  @Test
  void
      a_flash_escalated_to_duty_officers_appears_live_for_them_only_stands_until_acknowledged_and_bad_input_changes_nothing() {
    Api usApi = new Api(us.home(), us.apiPort());
    Api cnApi = new Api(cn.home(), cn.apiPort());
    String message = Watching.sendAndDeliver(cnApi, usApi, "us", "FLASH");
    officer.go("/inbox").await("#banners [data-alarm=FLASH]");
    watcher.go("/inbox").await("#banners [data-alarm=FLASH]");
    mark(officer);
    mark(watcher);
    assertThat(officer.present(PERSONAL)).isFalse();

    clock.advance(Duration.ofMinutes(10).plusSeconds(5));
    us.watch().tick();

    officer.await(PERSONAL + "[data-personal-level=ESCALATION]");
    officer.until(
        d -> d.getTitle().contains("ESCALATION") ? Boolean.TRUE : null,
        "the tab title to carry the personal alert");
    assertNotReloaded(officer);
    JsonNode alert = onlyAlert(usApi);
    long id = alert.get("id").asLong();
    assertThat(alert.get("addressee").asText()).isEqualTo("role duty-officer");
    assertThat(alert.get("message").asText()).isEqualTo(message);
    assertThat(alert.get("addressed").toString()).isEqualTo("[\"night\",\"officer\"]");
    assertThat(officer.find("#banners [data-personal-alert='" + id + "']").getText().toUpperCase())
        .contains("ESCALATION LEVEL 1")
        .contains("ROLE DUTY-OFFICER")
        .contains("FROM CN");
    officer.screenshot(SCREENSHOTS, "console-personal-alert.png");

    // A second FLASH from cn redraws every console's banners after the personal alert was raised:
    // once the watcher shows two alarms, its banners were drawn with that alert standing.
    Watching.sendAndDeliver(cnApi, usApi, "us", "FLASH");
    watcher.await("#banners [data-alarm=FLASH][data-count='2']");
    assertNotReloaded(watcher);
    assertThat(watcher.present(PERSONAL)).as("live, the viewer is not addressed").isFalse();
    watcher.go("/inbox").await("#banners [data-alarm=FLASH]");
    assertThat(watcher.present(PERSONAL)).as("nor after a reload").isFalse();

    try (Browser night = Browser.open(base()).signIn("night", Users.PASSWORD)) {
      night.await("#banners [data-personal-alert='" + id + "']");
    }

    String ack = "/api/v1/alerts/" + id + "/ack";
    assertProblem(
        usApi.post("/api/v1/alerts/abc/ack", "{\"by\":\"officer\"}"), 400, "invalid-input");
    assertProblem(
        usApi.post("/api/v1/alerts/999999/ack", "{\"by\":\"officer\"}"), 404, "not-found");
    assertProblem(usApi.post(ack, "{\"by\":\"watcher\"}"), 409, "conflict");
    assertProblem(usApi.post(ack, "{\"by\":\"nobody\"}"), 404, "not-found");
    Api.Response malformed = usApi.post(ack, "{\"by\":\"Officer Smith\"}");
    assertProblem(malformed, 400, "invalid-input");
    assertThat(malformed.body().get("field").asText()).isEqualTo("by");
    assertProblem(usApi.post(ack, "{\"who\":\"officer\"}"), 400, "invalid-input");
    assertProblem(usApi.post(ack, ""), 400, "invalid-input");
    assertProblem(usApi.post(ack, "[1,2"), 400, "invalid-input");
    JsonNode unchanged = onlyAlert(usApi);
    assertThat(unchanged.get("receipts").findValues("acknowledged_at"))
        .as("nobody acknowledged by bad input")
        .allMatch(JsonNode::isNull);
    assertThat(officer.present("#banners [data-personal-alert='" + id + "']")).isTrue();

    officer.find("#acknowledge-alert-" + id).click();
    officer.until(
        d -> officer.path().equals("/messages/" + message) ? Boolean.TRUE : null,
        "the message page after acknowledging");
    officer.awaitGone(PERSONAL);
    assertThat(officer.present("#banners [data-alarm=FLASH]"))
        .as("the message itself still waits for its answer")
        .isTrue();
    JsonNode acknowledged = onlyAlert(usApi);
    JsonNode officerReceipt = null;
    for (JsonNode receipt : acknowledged.get("receipts")) {
      if (receipt.get("username").asText().equals("officer")) {
        officerReceipt = receipt;
      }
    }
    assertThat(officerReceipt).isNotNull();
    assertThat(officerReceipt.get("seen_at").isNull()).isFalse();
    assertThat(officerReceipt.get("acknowledged_at").isNull()).isFalse();
    assertThat(acknowledged.get("standing").asBoolean()).isTrue();
    assertProblem(usApi.post(ack, "{\"by\":\"officer\"}"), 409, "conflict");
  }
}
