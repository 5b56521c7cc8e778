package org.hotline.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.console.Lockout;
import org.hotline.console.Role;
import org.hotline.testing.Api;
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
 * The duty officer's console end to end: real headless Chromium against two real nodes, us (with
 * two-person release) and cn, on loopback with a 500 ms heartbeat. Nothing is reloaded where the
 * console promises live updates: a marker set in the page before the change must survive it.
 * Screenshots go to {@code -Dhotline.screenshots=DIR} (default target/screenshots).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
  private static final Duration HEARTBEAT = Duration.ofMillis(500);
  private static final Path SCREENSHOTS =
      Path.of(System.getProperty("hotline.screenshots", "target/screenshots"));

  @TempDir static Path dir;
  private NodeHome usHome;
  private NodeHome cnHome;
  private Node us;
  private Node cn;
  private Browser usOfficer;
  private Browser cnOfficer;

  @BeforeAll
  void start() {
    Browser.requireChromium();
    usHome = Nodes.init(dir, "us");
    cnHome = Nodes.init(dir, "cn");
    Nodes.heartbeat(usHome, HEARTBEAT);
    Nodes.heartbeat(cnHome, HEARTBEAT);
    Users.twoPersonRelease(usHome);
    Users.add(usHome, "officer", Role.DUTY_OFFICER);
    Users.add(usHome, "releaser", Role.RELEASING_OFFICER);
    Users.add(usHome, "watcher", Role.VIEWER);
    Users.add(usHome, "admin", Role.ADMINISTRATOR);
    Users.add(cnHome, "li.wei", Role.DUTY_OFFICER);
    us = Nodes.start(usHome);
    cn = Nodes.start(cnHome);
    Nodes.pair(us, cn);
    usOfficer = Browser.open(base(us)).signIn("officer", Users.PASSWORD);
    cnOfficer = Browser.open(base(cn)).signIn("li.wei", Users.PASSWORD);
  }

  @AfterAll
  void stop() {
    for (AutoCloseable closeable : new AutoCloseable[] {usOfficer, cnOfficer, cn, us}) {
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

  private String sendFromCn(String precedence, String status, String subject, String body) {
    String json =
        org.hotline.Json.mapper()
            .createObjectNode()
            .put("to", "us")
            .put("precedence", precedence)
            .put("status", status)
            .put("subject", subject)
            .put("body", body)
            .toString();
    Api.Response sent = new Api(cn.home(), cn.apiPort()).post("/api/v1/messages", json);
    assertThat(sent.status()).isEqualTo(201);
    return sent.body().get("id").asText();
  }

  @Test
  @Order(1)
  void
      a_flash_from_the_peer_appears_live_with_its_alarm_and_acknowledging_it_turns_the_senders_console_to_acknowledged() {
    sendFromCn("ROUTINE", "ACTUAL", "Weekly link check", "Routine traffic.");
    sendFromCn(
        "PRIORITY",
        "EXERCISE",
        "EXERCISE: notification of a naval drill",
        "Drill in the exercise area, 0600Z to 1400Z.");
    sendFromCn("ROUTINE", "TEST", "TEST message", "Testing the console.");
    usOfficer.go("/inbox").await("tr[data-state=RECEIVED]");
    mark(usOfficer);
    assertThat(usOfficer.present("#banners [data-alarm]")).isFalse();

    cnOfficer.go("/compose");
    new Select(cnOfficer.find("#to")).selectByValue("us");
    new Select(cnOfficer.find("#precedence")).selectByValue("FLASH");
    cnOfficer.find("#subject").sendKeys("Unidentified aircraft approaching the border");
    cnOfficer.find("#body").sendKeys("Request immediate call between duty officers.");
    cnOfficer.find("#send").click();
    cnOfficer.await("#confirm-flash").click();
    String id = cnOfficer.await("article.message[data-message-id]").getAttribute("data-message-id");

    usOfficer.await("tr[data-message-id='" + id + "'].prec-FLASH.unanswered");
    usOfficer.await("#banners [data-alarm=FLASH]");
    usOfficer.until(
        d -> d.getTitle().contains("FLASH") ? Boolean.TRUE : null,
        "the tab title to carry the alarm");
    assertNotReloaded(usOfficer);
    assertThat(usOfficer.find("tr[data-message-id='" + id + "'] .countdown").getText())
        .contains("left");
    assertThat(usOfficer.find("tr.flag-EXERCISE .flag").getText()).isEqualTo("EXERCISE");
    assertThat(usOfficer.find("tr.flag-TEST .flag").getText()).isEqualTo("TEST");
    usOfficer.screenshot(SCREENSHOTS, "console-inbox-alarm.png");

    cnOfficer.go("/outbox").await("tr[data-message-id='" + id + "']");
    mark(cnOfficer);
    usOfficer.click("tr[data-message-id='" + id + "'] .subject a");
    usOfficer.await("#acknowledge").click();
    usOfficer.await("#message-answer");
    assertThat(usOfficer.find("#message-answer").getText()).isEqualTo("ACKNOWLEDGED");
    usOfficer.awaitGone("#banners [data-alarm]");

    cnOfficer.await("tr[data-message-id='" + id + "'][data-answer=ACKNOWLEDGED]");
    assertNotReloaded(cnOfficer);
    cnOfficer.go("/messages/" + id).await("li[data-step='timeline.acknowledged']");
    cnOfficer.await(".proof-receipted");
    assertThat(cnOfficer.find("#live").getText())
        .contains("Delivered")
        .contains("Read")
        .contains("officer (us)");
    cnOfficer.screenshot(SCREENSHOTS, "console-message-timeline.png");
  }

  @Test
  @Order(2)
  void
      a_flash_by_a_duty_officer_waits_for_a_releasing_officers_approval_and_both_names_are_recorded() {
    usOfficer.go("/compose");
    new Select(usOfficer.find("#precedence")).selectByValue("FLASH");
    usOfficer.find("#subject").sendKeys("Request for an urgent call");
    usOfficer.find("#body").sendKeys("Our principal requests a call at 0600Z.");
    usOfficer.find("#send").click();
    usOfficer.await("#confirm-flash").click();
    usOfficer.await("tr[data-release-id]");
    String release = usOfficer.find("tr[data-release-id]").getAttribute("data-release-id");
    usOfficer.go("/releases").await("article[data-release-id='" + release + "']");
    assertThat(usOfficer.present("article[data-release-id='" + release + "'] .approve"))
        .as("the author cannot approve")
        .isFalse();

    try (Browser releaser = Browser.open(base(us)).signIn("releaser", Users.PASSWORD)) {
      releaser.await("#banners .release-banner");
      releaser.go("/releases").await("article[data-release-id='" + release + "'] .approve").click();
      String id =
          releaser.await("article.message[data-message-id]").getAttribute("data-message-id");
      assertThat(releaser.find("#release-names").getText())
          .contains("officer")
          .contains("releaser");
      cnOfficer.go("/inbox").await("tr[data-message-id='" + id + "'].prec-FLASH");
      assertThat(
              new Api(us.home(), us.apiPort())
                  .get("/api/v1/messages/" + id)
                  .body()
                  .get("subject")
                  .asText())
          .isEqualTo("Request for an urgent call");
    }
    usOfficer.go("/admin");
    assertThat(usOfficer.find("#error-detail").getAttribute("data-status")).isEqualTo("403");
  }

  @Test
  @Order(3)
  void a_subject_and_body_with_html_and_script_render_as_inert_text() {
    String subject = "<img src=x onerror=\"window.__injected=1\"><b>bold</b>";
    String body = "<script>window.__injected=1</script>\n<h1>big</h1> & \"quotes\"";
    String id = sendFromCn("ROUTINE", "ACTUAL", subject, body);
    usOfficer.go("/inbox").await("tr[data-message-id='" + id + "']");
    assertThat(usOfficer.find("tr[data-message-id='" + id + "'] .subject a").getText())
        .isEqualTo(subject);
    usOfficer.go("/messages/" + id).await("#body");
    assertThat(usOfficer.find("#subject").getText()).isEqualTo(subject);
    assertThat(usOfficer.find("#body").getText()).isEqualTo(body);
    assertThat(usOfficer.all("#subject b, #subject img, #body script, #body h1")).isEmpty();
    assertThat(usOfficer.script("return window.__injected === undefined;")).isEqualTo(true);
  }

  @Test
  @Order(4)
  void a_post_without_the_csrf_token_is_refused() {
    usOfficer.go("/compose");
    usOfficer.find("#subject").sendKeys("Forged without a token");
    usOfficer.script("document.querySelector('form.compose input[name=_csrf]').remove();");
    usOfficer.find("#send").click();
    assertThat(usOfficer.await("#error-detail").getAttribute("data-status")).isEqualTo("403");
    assertThat(usOfficer.find("#error-detail").getText()).contains("CSRF");
    assertThat(
            new Api(us.home(), us.apiPort()).get("/api/v1/messages?box=outbox").body().toString())
        .doesNotContain("Forged without a token");
  }

  @Test
  @Order(5)
  void a_viewer_can_read_but_cannot_send_or_acknowledge() {
    String id = sendFromCn("IMMEDIATE", "ACTUAL", "For the viewer", "text");
    try (Browser viewer = Browser.open(base(us)).signIn("watcher", Users.PASSWORD)) {
      viewer.go("/inbox").await("tr[data-message-id='" + id + "']");
      assertThat(viewer.present("nav a[href='/compose']")).isFalse();
      viewer.go("/messages/" + id).await("#body");
      assertThat(viewer.present("#acknowledge")).isFalse();
      assertThat(viewer.present("#reply")).isFalse();
      viewer.go("/compose");
      assertThat(viewer.await("#error-detail").getAttribute("data-status")).isEqualTo("403");
    }
    assertThat(
            new Api(us.home(), us.apiPort())
                .get("/api/v1/messages/" + id)
                .body()
                .get("read_at")
                .isNull())
        .as("a viewer's look is not a reading")
        .isTrue();
  }

  @Test
  @Order(6)
  void a_sixth_failed_sign_in_from_one_address_makes_it_wait_and_says_until_when() {
    try (Browser browser = Browser.open(base(us))) {
      for (int attempt = 1; attempt <= Lockout.ADDRESS_FREE_FAILURES + 1; attempt++) {
        browser.go("/signin");
        browser.find("#username").sendKeys("admin");
        browser.find("#password").sendKeys("not the password " + attempt);
        browser.find("#signin").click();
        browser.await("#signin-error");
      }
      assertThat(browser.find("#signin-error").getText()).contains("try again after");
      assertThat(browser.path()).isEqualTo("/signin");
    }
  }

  @Test
  @Order(7)
  void stopping_the_peer_shows_the_link_down_and_restarting_it_shows_it_up_without_a_reload() {
    usOfficer.go("/links").await("section.link[data-peer=cn][data-state=UP]");
    mark(usOfficer);
    usOfficer.screenshot(SCREENSHOTS, "console-links.png");
    cn.close();
    usOfficer.await("section.link[data-peer=cn][data-state=DOWN]");
    cn = Nodes.start(NodeHome.open(cnHome.dir()));
    usOfficer.await("section.link[data-peer=cn][data-state=UP]");
    assertNotReloaded(usOfficer);
  }
}
