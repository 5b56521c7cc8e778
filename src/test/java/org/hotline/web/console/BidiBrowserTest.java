package org.hotline.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.hotline.Json;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.console.Role;
import org.hotline.testing.Browser;
import org.hotline.testing.Nodes;
import org.hotline.testing.TestPeer;
import org.hotline.testing.Users;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer's right-to-left override and control characters as real headless Chromium renders them:
 * the message list row keeps its order and its subject reads left to right, with the override and
 * the control shown as marks. The text arrives as a format-1 entry signed by a peer, the one way
 * text with control characters can reach a node whose API refuses them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BidiBrowserTest {
  /** "abc", RIGHT-TO-LEFT OVERRIDE, "def", ESC: without marks the browser would show "abcfed". */
  private static final String SUBJECT = "abc\u202edef\u001b[2J";

  @TempDir static Path dir;
  private Node us;
  private Browser officer;
  private String id;

  @BeforeAll
  void start() throws Exception {
    Browser.requireChromium();
    NodeHome usHome = Nodes.init(dir, "us");
    Users.add(usHome, "officer", Role.DUTY_OFFICER);
    us = Nodes.start(usHome);
    try (TestPeer peer = TestPeer.pinnedOn(us, "xx")) {
      byte[] entry = TestPeer.formatOneMessage(peer.log(), 1, SUBJECT, "body\u202eydob");
      id = Json.mapper().readTree(entry).get("id").asText();
      TestPeer.Response answer = peer.push(peer.honestBatch(List.of(entry)));
      assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }
    officer = Browser.open("http://127.0.0.1:" + us.apiPort()).signIn("officer", Users.PASSWORD);
  }

  @AfterAll
  void stop() throws Exception {
    if (officer != null) {
      officer.close();
    }
    if (us != null) {
      us.close();
    }
  }

  @Test
  void a_right_to_left_override_in_a_subject_is_a_visible_mark_and_reorders_nothing() {
    officer.go("/inbox");
    String row = "tr[data-message-id='" + id + "']";
    officer.await(row);

    String subject = officer.find(row + " td.subject a").getText();
    assertThat(subject).isEqualTo("abc<U+202E>def\\e[2J");
    assertThat(officer.all(row + " td.subject span.ctl")).hasSize(2);
    assertThat(officer.find(row + " td.subject span.ctl").getAttribute("title"))
        .isEqualTo("U+202E RIGHT-TO-LEFT OVERRIDE");
    assertThat(leftOf(row + " td.subject a", "d")).isLessThan(leftOf(row + " td.subject a", "f"));
    assertThat(leftOf(row + " td.subject a", "a")).isLessThan(leftOf(row + " td.subject a", "d"));
    List<Object> cells =
        (List<Object>)
            officer.script(
                "return Array.from(document.querySelectorAll(arguments[0] + ' td'))"
                    + ".map(td => td.getBoundingClientRect().left);",
                row);
    assertThat(cells.stream().map(left -> ((Number) left).doubleValue()).toList())
        .as("the row's cells stay in order, left to right")
        .isSorted();

    officer.go("/messages/" + id);
    assertThat(officer.find("#subject").getText()).isEqualTo("abc<U+202E>def\\e[2J");
    assertThat(officer.find("#body").getText()).isEqualTo("body<U+202E>ydob");
    JsonNode stored =
        new org.hotline.testing.Api(us.home(), us.apiPort()).get("/api/v1/messages/" + id).body();
    assertThat(stored.get("subject").asText()).as("stored as it came").isEqualTo(SUBJECT);
  }

  /** Where the first occurrence of {@code letter} in the element's text is drawn. */
  private double leftOf(String css, String letter) {
    Object left =
        officer.script(
            "const walker = document.createTreeWalker(document.querySelector(arguments[0]),"
                + " NodeFilter.SHOW_TEXT);"
                + "for (let node = walker.nextNode(); node; node = walker.nextNode()) {"
                + "  const at = node.data.indexOf(arguments[1]);"
                + "  if (at >= 0) { const range = document.createRange();"
                + "    range.setStart(node, at); range.setEnd(node, at + 1);"
                + "    return range.getBoundingClientRect().left; } }"
                + "return null;",
            css,
            letter);
    assertThat(left).as("letter %s in %s", letter, css).isNotNull();
    return ((Number) left).doubleValue();
  }
}
