package org.hotline.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hotline.Json;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.console.Role;
import org.hotline.link.Peer;
import org.hotline.testing.Api;
import org.hotline.testing.Await;
import org.hotline.testing.Browser;
import org.hotline.testing.FaultProxy;
import org.hotline.testing.Messaging;
import org.hotline.testing.Nodes;
import org.hotline.testing.SqliteFile;
import org.hotline.testing.TestPeer;
import org.hotline.testing.Users;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pictures in docs/console.md that ConsoleBrowserTest does not take: real headless Chromium
 * against real nodes on loopback, each scene brought about the way the behaviour tests bring it
 * about, then saved as a PNG.
 *
 * <p>Skipped unless {@code -Dhotline.screenshots=DIR} is set, and tagged {@code screenshots} so
 * that neither the ordinary build nor PIT runs it: it proves nothing the behaviour tests
 * (BidiBrowserTest, BlockedLinkTest, ReleaseOnEveryPathTest) do not, and a run only rewrites the
 * pictures. To refresh them:
 *
 * <pre>
 * ./mvnw -o test -Djacoco.skip=true -Dspotless.check.skip=true -Dtest=ScreenshotsTest \
 *     -Dsurefire.excludedGroups=jazzer -Dhotline.screenshots=docs/images
 * </pre>
 */
@Tag("screenshots")
@Tag("slow")
class ScreenshotsTest {
  /** A heartbeat short enough that a link changes state within a second or two. */
  private static final Duration HEARTBEAT = Duration.ofMillis(500);

  /** Long enough for a refusal to turn a link BLOCKED on a loaded 2-core machine. */
  private static final Duration BLOCKED_WITHIN = Duration.ofSeconds(30);

  private static Path screenshots;

  @TempDir Path dir;

  @BeforeAll
  static void only_when_asked() {
    String target = System.getProperty("hotline.screenshots");
    Assumptions.assumeTrue(
        target != null, "skipped: set -Dhotline.screenshots=DIR to write the console pictures");
    screenshots = Path.of(target);
    Browser.requireChromium();
  }

  private static String base(Node node) {
    return "http://127.0.0.1:" + node.apiPort();
  }

  @Test
  void a_peers_right_to_left_override_and_escape_show_as_marks_in_an_inbox_of_mixed_scripts()
      throws Exception {
    NodeHome usHome = Nodes.init(dir, "us");
    Users.add(usHome, "officer", Role.DUTY_OFFICER);
    try (Node us = Nodes.start(usHome);
        TestPeer cn = TestPeer.pinnedOn(us, "cn")) {
      // Format-1 entries signed by the peer: the one way control characters reach a node.
      List<String> subjects =
          List.of(
              "Weekly link check / בדיקת קו שבועית",
              "تأكيد الاستلام: 3 رسائل / Receipt confirmed: 3 messages",
              "Drill status: \u202eLAUTCA\u202c\u001b[2J");
      List<byte[]> entries = new ArrayList<>();
      for (String subject : subjects) {
        entries.add(
            TestPeer.formatOneMessage(
                cn.log(), entries.size() + 1, subject, "Status \u202eLAUTCA\u202c\u001b[2J"));
      }
      cn.deliver(cn.honestBatch(entries));
      String id = Json.mapper().readTree(entries.get(2)).get("id").asText();

      try (Browser officer = Browser.open(base(us)).signIn("officer", Users.PASSWORD)) {
        officer.go("/inbox");
        String row = "tr[data-message-id='" + id + "']";
        officer.await(row);
        assertThat(officer.find(row + " td.subject").getText())
            .isEqualTo("Drill status: <U+202E>LAUTCA<U+202C>\\e[2J");
        officer.screenshot(screenshots, "console-message-bidi-controls.png");
      }
    }
  }

  @Test
  void a_link_whose_batches_the_peer_refuses_is_blocked_with_its_reason_on_every_page()
      throws Exception {
    NodeHome usHome = Nodes.init(dir, "us");
    NodeHome cnHome = Nodes.init(dir, "cn");
    Nodes.heartbeat(usHome, HEARTBEAT);
    Nodes.heartbeat(cnHome, HEARTBEAT);
    Users.add(usHome, "officer", Role.DUTY_OFFICER);
    try (Node us = Nodes.start(usHome);
        Node cn = Nodes.start(cnHome);
        FaultProxy toCn = FaultProxy.start(cn.federationPort())) {
      us.addPeer(new Peer(cn.home().card(), List.of(toCn.endpoint())));
      cn.addPeer(new Peer(us.home().card(), List.of(Nodes.endpoint(us.home()))));
      Api usApi = new Api(us.home(), us.apiPort());
      Messaging.send(usApi, "cn", List.of("Daily position report"));
      Messaging.awaitDelivered(usApi, "cn", 1);

      // As BlockedLinkTest does: hold the next batch back, change a byte of its signed entry in
      // us's database, and let cn refuse it for real (root-mismatch) on every retry.
      toCn.set(new FaultProxy.DropAfter(0));
      String held = Messaging.send(usApi, "cn", List.of("Evening position report")).get(0);
      try (SqliteFile db = SqliteFile.open(us.home().dir())) {
        String query = "SELECT entry FROM log_entries WHERE entry_id = ?";
        Await.until(
            "the held message to be signed",
            Messaging.DELIVERY_TIMEOUT,
            () -> !db.column(byte[].class, query, held).isEmpty());
        String signed = new String(db.one(byte[].class, query, held), StandardCharsets.UTF_8);
        byte[] changed = signed.replace("Evening", "EVENING").getBytes(StandardCharsets.UTF_8);
        db.update("UPDATE log_entries SET entry = ? WHERE entry_id = ?", changed, held);
      }
      toCn.set(new FaultProxy.Pass());
      Await.until(
          "the link to cn to be BLOCKED",
          BLOCKED_WITHIN,
          () -> usApi.get("/api/v1/links").body().at("/links/0/state").asText().equals("BLOCKED"));

      try (Browser officer = Browser.open(base(us)).signIn("officer", Users.PASSWORD)) {
        officer.go("/links").await("#banners [data-alarm=BLOCKED]");
        officer.await("section.link[data-state=BLOCKED]");
        officer.screenshot(screenshots, "console-link-blocked.png");
      }
    }
  }

  @Test
  void a_flash_submitted_with_the_api_token_waits_on_the_releases_page() {
    NodeHome usHome = Nodes.init(dir, "us");
    NodeHome cnHome = Nodes.init(dir, "cn");
    Nodes.heartbeat(usHome, HEARTBEAT);
    Nodes.heartbeat(cnHome, HEARTBEAT);
    Users.twoPersonRelease(usHome);
    Users.add(usHome, "releaser", Role.RELEASING_OFFICER);
    try (Node us = Nodes.start(usHome);
        Node cn = Nodes.start(cnHome)) {
      Nodes.pair(us, cn);
      String flash =
          Json.mapper()
              .createObjectNode()
              .put("to", "cn")
              .put("precedence", "FLASH")
              .put("status", "ACTUAL")
              .put("subject", "Unidentified aircraft approaching the border")
              .put("body", "Request immediate call between duty officers.")
              .toString();
      Api.Response held = new Api(us.home(), us.apiPort()).post("/api/v1/messages", flash);
      assertThat(held.status()).as(held.raw().body()).isEqualTo(202);

      try (Browser releaser = Browser.open(base(us)).signIn("releaser", Users.PASSWORD)) {
        releaser.go("/releases").await("[data-release-id='" + held.body().get("release") + "']");
        releaser.screenshot(screenshots, "console-release-pending.png");
      }
    }
  }

  @Test
  void an_administrator_enrols_an_authenticator_at_the_first_sign_in() {
    NodeHome usHome = Nodes.init(dir, "us");
    Nodes.requireSecondFactor(usHome);
    Users.add(usHome, "admin", Role.ADMINISTRATOR);
    try (Node us = Nodes.start(usHome);
        Browser admin = Browser.open(base(us)).signIn("admin", Users.PASSWORD)) {
      admin.await("#enrol-qr");
      admin.screenshot(screenshots, "console-second-factor-enrol.png");
      byte[] secret =
          new org.apache.commons.codec.binary.Base32()
              .decode(admin.find("#enrol-secret").getText().replace(" ", ""));
      admin
          .find("#code")
          .sendKeys(
              org.hotline.console.SecondFactor.code(
                  secret, org.hotline.console.SecondFactor.step(java.time.Instant.now())));
      admin.find("#verify").click();
      admin.await("#recovery-codes");
      admin.screenshot(screenshots, "console-second-factor-recovery-codes.png");
    }
  }

  @Test
  void the_inbox_of_a_duty_officer_who_reads_chinese() {
    NodeHome usHome = Nodes.init(dir, "us");
    NodeHome cnHome = Nodes.init(dir, "cn");
    Nodes.heartbeat(usHome, HEARTBEAT);
    Nodes.heartbeat(cnHome, HEARTBEAT);
    Nodes.configure(cnHome, config -> Nodes.console(config).put("language", "zh"));
    Users.add(cnHome, "officer", Role.DUTY_OFFICER);
    try (Node us = Nodes.start(usHome);
        Node cn = Nodes.start(cnHome)) {
      Nodes.pair(us, cn);
      Api api = new Api(us.home(), us.apiPort());
      for (String[] message :
          new String[][] {
            {"IMMEDIATE", "EXERCISE", "Request for a call between duty officers at 0300Z"},
            {"ROUTINE", "TEST", "Weekly link test"}
          }) {
        String body =
            Json.mapper()
                .createObjectNode()
                .put("to", "cn")
                .put("precedence", message[0])
                .put("status", message[1])
                .put("subject", message[2])
                .put("body", "Please acknowledge.")
                .toString();
        assertThat(api.post("/api/v1/messages", body).status()).isEqualTo(201);
      }
      try (Browser officer = Browser.open(base(cn)).signIn("officer", Users.PASSWORD)) {
        officer.go("/inbox").await("tr.flag-TEST");
        officer.screenshot(screenshots, "console-inbox-zh.png");
      }
    }
  }
}
