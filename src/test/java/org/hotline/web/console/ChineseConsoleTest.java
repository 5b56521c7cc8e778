package org.hotline.web.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.hotline.InvalidInputException;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.console.Role;
import org.hotline.testing.Browser;
import org.hotline.testing.ConsoleClient;
import org.hotline.testing.Nodes;
import org.hotline.testing.Users;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console in Simplified Chinese on a real node: by the node's default, by a user's own choice
 * from the selector on every page, and in real headless Chromium with a CJK font.
 */
class ChineseConsoleTest {
  @TempDir Path dir;

  @Test
  void a_node_whose_default_is_chinese_greets_everyone_in_chinese_until_they_choose_english() {
    NodeHome home = Nodes.init(dir, "cn");
    Nodes.configure(home, config -> Nodes.console(config).put("language", "zh"));
    Users.add(home, "officer", Role.DUTY_OFFICER);
    try (Node cn = Nodes.start(home)) {
      ConsoleClient client = new ConsoleClient(cn.apiPort());
      HttpResponse<String> signIn = client.get("/signin");
      assertThat(signIn.body()).contains("<html lang=\"zh\">", "用户名", "密码");
      assertThat(client.signIn("officer", Users.PASSWORD).statusCode()).isEqualTo(303);
      HttpResponse<String> inbox = client.get("/inbox");
      assertThat(inbox.body()).contains("<html lang=\"zh\">", ">收件箱<", "退出登录");

      // The selector's form names the page it is on, and the answer goes back there.
      assertThat(client.get("/links").body()).contains("name=\"back\" value=\"/links\"");
      HttpResponse<String> chosen =
          client.post("/account/language", Map.of("language", "en", "back", "/links"));
      assertThat(chosen.statusCode()).isEqualTo(303);
      assertThat(chosen.headers().firstValue("Location")).hasValue("/links");
      HttpResponse<String> links = client.get("/links");
      assertThat(links.body())
          .contains("<html lang=\"en\">", "The console speaks English to you now.");
      // Another person on the same node still reads the node's default.
      assertThat(new ConsoleClient(cn.apiPort()).get("/signin").body()).contains("用户名");

      HttpResponse<String> refused = client.post("/account/language", Map.of("language", "fr"));
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(refused.body()).contains("the console speaks en and zh, not fr");
      assertThat(client.get("/inbox").body()).contains("<html lang=\"en\">");

      // Back to the node's default.
      client.post("/account/language", Map.of("language", "", "back", "/inbox"));
      assertThat(client.get("/inbox").body())
          .contains("<html lang=\"zh\">", "<option value=\"\" selected>本节点默认</option>");
    }
  }

  @Test
  void a_console_language_the_console_does_not_have_is_refused_at_start() {
    NodeHome home = Nodes.init(dir, "cn");
    Nodes.configure(home, config -> Nodes.console(config).put("language", "fr"));
    assertThatThrownBy(() -> NodeHome.open(home.dir()).config())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("the console speaks en and zh, not fr");
  }

  @Test
  void a_duty_officer_who_chose_chinese_reads_the_console_in_chinese_in_chromium() {
    Browser.requireChromium();
    NodeHome home = Nodes.init(dir, "us");
    Users.add(home, "officer", Role.DUTY_OFFICER);
    try (Node us = Nodes.start(home);
        Browser officer =
            Browser.open("http://127.0.0.1:" + us.apiPort()).signIn("officer", Users.PASSWORD)) {
      assertThat(officer.find("html").getDomAttribute("lang")).isEqualTo("en");
      officer.go("/links");
      officer.find("#language-select").sendKeys("中文");
      officer.click("#language-set");
      officer.until(
          d ->
              "zh"
                      .equals(
                          d.findElement(org.openqa.selenium.By.cssSelector("html"))
                              .getDomAttribute("lang"))
                  ? Boolean.TRUE
                  : null,
          "the console in Chinese");
      assertThat(officer.path()).isEqualTo("/links");
      assertThat(officer.find("nav a[href='/inbox']").getText()).isEqualTo("收件箱");
      assertThat(officer.find("body").getText()).contains("控制台现在使用中文。");
      // A font of the page's stack draws the Han characters (installed by
      // scripts/install-test-deps): a Han character is a full em wide, unlike the box drawn for a
      // character no font has (a private-use code point).
      Object widths =
          officer.script(
              "const w=t=>{const s=document.createElement('span');s.style.fontSize='40px';"
                  + "s.textContent=t;document.body.appendChild(s);"
                  + "const x=s.getBoundingClientRect().width;s.remove();return x;};"
                  + "return [w('收'), w(String.fromCodePoint(0x10FFFD))];");
      List<?> measured = (List<?>) widths;
      double han = ((Number) measured.get(0)).doubleValue();
      double missing = ((Number) measured.get(1)).doubleValue();
      assertThat(han).isGreaterThan(36).isNotEqualTo(missing);
    }
  }
}
