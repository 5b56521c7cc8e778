package org.hotline.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.console.Role;
import org.hotline.identity.PartyId;
import org.hotline.link.LinkStore;
import org.hotline.link.MessageRecord;
import org.hotline.link.entry.EntryCodec;
import org.hotline.notice.TemplateCatalog;
import org.hotline.testing.Await;
import org.hotline.testing.Browser;
import org.hotline.testing.Nodes;
import org.hotline.testing.Users;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Formatted notifications in real headless Chromium between two real paired nodes: a duty officer
 * of us composes an aerial object sighting from the template's form in English, and a duty officer
 * of cn, whose console speaks Chinese, reads it as a card with Chinese labels and composes one back
 * from the same form in Chinese. Screenshots go to {@code -Dhotline.screenshots=DIR} (default
 * target/screenshots); docs/notifications.md and docs/console.md show them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoticeBrowserTest {
  private static final Duration HEARTBEAT = Duration.ofMillis(500);
  private static final Duration WITHIN = Duration.ofSeconds(30);
  private static final Path SCREENSHOTS =
      Path.of(System.getProperty("hotline.screenshots", "target/screenshots"));
  private static final String AERIAL = "aerial-object-sighting";

  @TempDir static Path dir;
  private Node us;
  private Node cn;
  private Browser usOfficer;
  private Browser cnOfficer;

  @BeforeAll
  void start() {
    Browser.requireChromium();
    NodeHome usHome = Nodes.init(dir, "us");
    NodeHome cnHome = Nodes.init(dir, "cn");
    Nodes.heartbeat(usHome, HEARTBEAT);
    Nodes.heartbeat(cnHome, HEARTBEAT);
    Nodes.configure(cnHome, config -> Nodes.console(config).put("language", "zh"));
    Users.add(usHome, "officer", Role.DUTY_OFFICER);
    Users.add(cnHome, "wang", Role.DUTY_OFFICER);
    us = Nodes.start(usHome);
    cn = Nodes.start(cnHome);
    Nodes.pair(us, cn);
    PartyId usParty = us.home().party();
    PartyId cnParty = cn.home().party();
    Await.until(
        "both nodes know the other reads entry format 4",
        WITHIN,
        () ->
            us.links().capabilities().of(cnParty).reads(EntryCodec.FORMAT_4)
                && cn.links().capabilities().of(usParty).reads(EntryCodec.FORMAT_4));
    // Each side reads aerial object sightings on the notifications channel.
    String template = TemplateCatalog.shipped(AERIAL).orElseThrow().canonical();
    us.crisis()
        .changeChannel(
            cnParty,
            "notifications",
            "adopt",
            Map.of("template", template),
            "admin",
            Role.ADMINISTRATOR);
    cn.crisis()
        .changeChannel(
            usParty,
            "notifications",
            "adopt",
            Map.of("template", template),
            "admin",
            Role.ADMINISTRATOR);
    Await.until(
        "each side holds the other's adoption",
        WITHIN,
        () ->
            us.crisis().state(cnParty).adopted(cnParty, "notifications").size() == 1
                && cn.crisis().state(usParty).adopted(usParty, "notifications").size() == 1);
    usOfficer = Browser.open(base(us)).signIn("officer", Users.PASSWORD);
    cnOfficer = Browser.open(base(cn)).signIn("wang", Users.PASSWORD);
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

  /** Sets an input's or a select's value as a person's choice would. */
  private static void set(Browser browser, String id, String value) {
    browser.script(
        "const e=document.getElementById(arguments[0]);e.value=arguments[1];"
            + "e.dispatchEvent(new Event('change',{bubbles:true}));",
        id,
        value);
  }

  /** Fills in the aerial object sighting form open in {@code browser} and sends it. */
  private static void fillAndSend(Browser browser, String description) {
    set(browser, "field-observed-at", "2026-12-07T22:30");
    browser.find("#field-position").sendKeys("21.300000,114.800000");
    browser.find("#field-altitude").sendKeys("18000");
    browser.find("#field-heading").sendKeys("90");
    set(browser, "field-observed-by", "radar");
    browser.find("#field-description").sendKeys(description);
    browser.click("#send");
    browser.until(
        d -> browser.path().startsWith("/messages/") ? Boolean.TRUE : null, "the message page");
  }

  @Test
  void a_duty_officer_reading_chinese_reads_a_notification_card_and_composes_one_from_the_form() {
    usOfficer.go("/compose/notification?to=cn&channel=notifications&template=" + AERIAL + ":1");
    assertThat(usOfficer.find("#form-title").getText()).isEqualTo("Aerial object sighting");
    usOfficer.screenshot(SCREENSHOTS, "console-notification-form.png");
    fillAndSend(usOfficer, "White balloon drifting east, no lights.");
    String id = usOfficer.path().substring("/messages/".length());
    assertThat(usOfficer.find("#notice-card").getDomAttribute("data-validity")).isEqualTo("VALID");
    usOfficer.screenshot(SCREENSHOTS, "console-notification-card.png");

    Await.until(
        "cn holds the notification",
        WITHIN,
        () -> cn.links().message(org.hotline.link.entry.MessageId.parse(id)).isPresent());
    cnOfficer.go("/messages/" + id);
    assertThat(cnOfficer.find("html").getDomAttribute("lang")).isEqualTo("zh");
    assertThat(cnOfficer.find("#notice-title").getText()).isEqualTo("空中物体目击通报");
    assertThat(cnOfficer.find("#notice-card").getText())
        .contains("观察时间（协调世界时）", "雷达", "描述", "原文，未经翻译")
        .contains("White balloon drifting east, no lights.");
    assertThat(cnOfficer.find("#notice-card .free-text").getDomAttribute("lang")).isEqualTo("en");
    cnOfficer.screenshot(SCREENSHOTS, "console-notification-card-zh.png");
    cnOfficer.click("#notice-other-language");
    cnOfficer.until(
        d -> cnOfficer.find("#notice-title").getText().equals("Aerial object sighting") ? 1 : null,
        "the card in English");

    cnOfficer.go("/compose/notification?to=us&channel=notifications&template=" + AERIAL + ":1");
    assertThat(cnOfficer.find("#form-title").getText()).isEqualTo("空中物体目击通报");
    assertThat(cnOfficer.find("label[for='field-description']").getText()).startsWith("描述");
    set(cnOfficer, "language", "zh");
    cnOfficer.screenshot(SCREENSHOTS, "console-notification-form-zh.png");
    fillAndSend(cnOfficer, "白色气球向东漂移，无灯光。");
    String reply = cnOfficer.path().substring("/messages/".length());
    Await.until(
        "us holds cn's notification",
        WITHIN,
        () -> us.links().message(org.hotline.link.entry.MessageId.parse(reply)).isPresent());
    MessageRecord received =
        us.links().requireMessage(org.hotline.link.entry.MessageId.parse(reply));
    assertThat(received.template().id()).isEqualTo(AERIAL);
    assertThat(received.draft().language()).isEqualTo("zh");
    assertThat(us.crisis().notification(received).orElseThrow().validity().name())
        .isEqualTo("VALID");
    assertThat(us.links().messages(LinkStore.Box.INBOX, Long.MAX_VALUE, 10)).hasSize(1);
  }
}
