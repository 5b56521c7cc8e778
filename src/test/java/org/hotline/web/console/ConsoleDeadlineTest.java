package org.hotline.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.console.Role;
import org.hotline.testing.Api;
import org.hotline.testing.ConsoleClient;
import org.hotline.testing.MutableClock;
import org.hotline.testing.Nodes;
import org.hotline.testing.Users;
import org.hotline.testing.Watching;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deadlines as the console shows them, on two real nodes sharing a test clock. */
class ConsoleDeadlineTest {
  @TempDir static Path dir;
  static MutableClock clock;
  static Node us;
  static Node cn;

  @BeforeAll
  static void start() {
    clock = MutableClock.atNow();
    NodeHome usHome = Nodes.init(dir, "us");
    NodeHome cnHome = Nodes.init(dir, "cn");
    Users.add(usHome, "officer", Role.DUTY_OFFICER);
    Users.add(cnHome, "officer", Role.DUTY_OFFICER);
    us = Nodes.start(usHome, clock);
    cn = Nodes.start(cnHome, clock);
    Nodes.pair(us, cn);
  }

  @AfterAll
  static void stop() {
    cn.close();
    us.close();
  }

  private static ConsoleClient officer(Node node) {
    ConsoleClient client = new ConsoleClient(node.apiPort());
    assertThat(client.signIn("officer", Users.PASSWORD).statusCode()).isEqualTo(303);
    return client;
  }

  @Test
  void
      an_unanswered_flash_counts_down_then_shows_overdue_on_both_consoles_and_the_miss_in_the_senders_timeline() {
    Api usApi = new Api(us.home(), us.apiPort());
    Api cnApi = new Api(cn.home(), cn.apiPort());
    String id = Watching.sendAndDeliver(cnApi, usApi, "us", "FLASH");
    ConsoleClient usOfficer = officer(us);
    ConsoleClient cnOfficer = officer(cn);
    assertThat(usOfficer.get("/inbox/rows").body())
        .contains("data-message-id=\"" + id + "\"")
        .contains("10:00 left");

    clock.advance(Duration.ofMinutes(10).plusSeconds(5));
    us.watch().tick();
    cn.watch().tick();
    Watching.awaitMessage(
        cnApi,
        id,
        message ->
            !message.path("deadline_missed_at").isNull()
                && !message.path("deadline_missed_at").isMissingNode());

    String inbox = usOfficer.get("/inbox/rows").body();
    assertThat(inbox)
        .containsPattern(
            "class=\"msg prec-FLASH flag-EXERCISE overdue unanswered\" data-message-id=\""
                + id
                + "\"")
        .contains("OVERDUE by 0:05");
    assertThat(cnOfficer.get("/outbox/rows").body())
        .containsPattern("overdue unanswered\" data-message-id=\"" + id + "\"");
    assertThat(cnOfficer.get("/messages/" + id + "/timeline").body())
        .contains("Deadline missed, on the record");
  }
}
