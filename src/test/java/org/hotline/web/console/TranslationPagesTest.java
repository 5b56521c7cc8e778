package org.hotline.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.console.Role;
import org.hotline.link.entry.MessageId;
import org.hotline.testing.Api;
import org.hotline.testing.Await;
import org.hotline.testing.ConsoleClient;
import org.hotline.testing.Nodes;
import org.hotline.testing.Users;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Translations on the message page over HTTP against two real paired nodes, cn's console in
 * Chinese: the reader's duty officer translates from the form, the author's page shows the
 * translation as read by cn beside the original labelled authoritative and offers a dispute, the
 * reader's page shows the dispute; a viewer gets no form and is refused; every change is audited.
 */
@Tag("slow")
class TranslationPagesTest {
  @TempDir static Path dir;
  static Node us;
  static Node cn;

  @BeforeAll
  static void start() {
    NodeHome usHome = Nodes.init(dir, "us");
    NodeHome cnHome = Nodes.init(dir, "cn");
    Users.add(usHome, "officer", Role.DUTY_OFFICER);
    Users.add(usHome, "admin", Role.ADMINISTRATOR);
    Users.add(cnHome, "officer", Role.DUTY_OFFICER);
    Users.add(cnHome, "watcher", Role.VIEWER);
    Nodes.configure(cnHome, config -> Nodes.console(config).put("language", "zh"));
    us = Nodes.start(usHome);
    cn = Nodes.start(cnHome);
    Nodes.pair(us, cn);
    Nodes.awaitReads(us, cn, 4);
  }

  @AfterAll
  static void stop() {
    cn.close();
    us.close();
  }

  private static ConsoleClient signedIn(Node node, String username) {
    ConsoleClient client = new ConsoleClient(node.apiPort());
    assertThat(client.signIn(username, Users.PASSWORD).statusCode()).isEqualTo(303);
    return client;
  }

  private static String awaitPage(ConsoleClient client, String path, String shows) {
    return Await.until(
        path + " shows " + shows,
        Duration.ofSeconds(30),
        () -> client.get(path).body(),
        page -> page.contains(shows));
  }

  @Test
  void cn_translates_from_the_form_us_sees_it_as_read_by_cn_and_disputes_and_cn_sees_the_dispute() {
    Api usApi = new Api(us.home(), us.apiPort());
    Api.Response sent =
        usApi.post(
            "/api/v1/messages",
            "{\"to\":\"cn\",\"precedence\":\"PRIORITY\",\"subject\":\"Aerial object\","
                + "\"body\":\"Object at 18 km, heading 270.\"}");
    assertThat(sent.status()).as(sent.raw().body()).isEqualTo(201);
    String id = sent.body().path("id").asText();
    String path = "/messages/" + id;
    ConsoleClient reader = signedIn(cn, "officer");
    String unread = awaitPage(reader, path, "Object at 18 km");
    assertThat(unread)
        .contains("<html lang=\"zh\">")
        .contains("id=\"form-translate\"")
        .contains("签署并发送译文")
        .contains("<option value=\"zh\" selected>")
        .doesNotContain("id=\"original-label\"");
    ConsoleClient author = signedIn(us, "officer");
    assertThat(author.get(path).body()).doesNotContain("id=\"form-translate\"");

    ConsoleClient watcher = signedIn(cn, "watcher");
    assertThat(watcher.get(path).body()).doesNotContain("id=\"form-translate\"");
    HttpResponse<String> refused =
        watcher.post(path + "/translations", Map.of("language", "zh", "text", "旁观者的译文"));
    assertThat(refused.statusCode()).isEqualTo(403);

    HttpResponse<String> translated =
        reader.post(path + "/translations", Map.of("language", "zh", "text", "不明物体，距离十八公里。"));
    assertThat(translated.statusCode()).as(translated.body()).isEqualTo(303);

    assertThat(awaitPage(author, path + "/translations", "as read by cn"))
        .contains("不明物体，距离十八公里。")
        .doesNotContain("<html");
    String ours = awaitPage(author, path, "as read by cn");
    assertThat(ours)
        .contains("id=\"original-label\">original (authoritative)<")
        .contains("不明物体，距离十八公里。")
        .contains("lang=\"zh\"")
        .contains("translated by <bdi>officer</bdi>")
        .contains("class=\"change-form dispute-form\"");
    String change =
        us.crisis()
            .translationsOf(MessageId.parse(id))
            .orElseThrow()
            .readings()
            .getFirst()
            .id()
            .toString();
    HttpResponse<String> disputed =
        author.post(
            path + "/translations/" + change + "/dispute",
            Map.of("note", "18 km is the distance, not the altitude"));
    assertThat(disputed.statusCode()).as(disputed.body()).isEqualTo(303);

    String theirs = awaitPage(reader, path, "us 对译文提出异议");
    assertThat(theirs)
        .contains("18 km is the distance, not the altitude")
        .contains("cn 的理解")
        .contains("原文（权威文本）")
        .doesNotContain("class=\"change-form dispute-form\"");
    assertThat(signedIn(us, "admin").get("/admin").body())
        .contains(
            "<td>crisis.change</td><td><bdi>translation/" + id + "</bdi></td><td><bdi>dispute {");
  }
}
