package org.hotline.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.console.Role;
import org.hotline.testing.Api;
import org.hotline.testing.Await;
import org.hotline.testing.ConsoleClient;
import org.hotline.testing.MutableClock;
import org.hotline.testing.Nodes;
import org.hotline.testing.Users;
import org.hotline.testing.Watching;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An escalation as the message's timeline shows it, on two real nodes sharing a test clock: us
 * escalates level 1 of its chain to the duty officers when a FLASH from cn goes unanswered.
 */
class ConsoleEscalationTimelineTest {
  @TempDir static Path dir;
  static MutableClock clock;
  static Node us;
  static Node cn;

  @BeforeAll
  static void start() {
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
    us = Nodes.start(usHome, clock);
    cn = Nodes.start(cnHome, clock);
    Nodes.pair(us, cn);
  }

  @AfterAll
  static void stop() {
    cn.close();
    us.close();
  }

  @Test
  void the_timeline_names_the_escalation_level_the_api_and_the_banner_name() {
    Api usApi = new Api(us.home(), us.apiPort());
    Api cnApi = new Api(cn.home(), cn.apiPort());
    String id = Watching.sendAndDeliver(cnApi, usApi, "us", "FLASH");

    clock.advance(Duration.ofMinutes(10).plusSeconds(5));
    us.watch().tick();
    JsonNode escalations = usApi.get("/api/v1/notifications").body().get("notifications");
    assertThat(escalations.findValuesAsText("kind")).containsOnly("deadline.escalation");
    assertThat(escalations.findValuesAsText("level")).as("the API's level").containsOnly("1");

    ConsoleClient officer = new ConsoleClient(us.apiPort());
    assertThat(officer.signIn("officer", Users.PASSWORD).statusCode()).isEqualTo(303);
    awaitBanner(officer, "ACK OVERDUE, escalation level 1 (round 1)");
    assertThat(officer.get("/messages/" + id + "/timeline").body())
        .contains("L1 role duty-officer")
        .doesNotContain("L2");
  }

  /** The personal alert reaches the console once the watch has delivered it (its own thread). */
  private static void awaitBanner(ConsoleClient officer, String text) {
    Await.until(
        "the banner to say '" + text + "'",
        Watching.REAL_TIME_WAIT,
        () -> officer.get("/inbox").body(),
        banner -> banner.contains(text));
  }
}
