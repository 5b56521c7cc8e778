package org.hotline.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.codec.binary.Base32;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.console.Role;
import org.hotline.console.SecondFactor;
import org.hotline.testing.ConsoleClient;
import org.hotline.testing.MutableClock;
import org.hotline.testing.Nodes;
import org.hotline.testing.Users;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A duty officer, whose role does not require a second factor, sets one up from their account page
 * (after typing the password again), then replaces their recovery codes (after a code), on a real
 * node whose clock the test moves.
 */
class AccountPageTest {
  private static final Pattern SECRET = Pattern.compile("id=\"enrol-secret\">([A-Z2-7 ]+)<");
  private static final Pattern FORM_TOKEN = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private static final Pattern RECOVERY = Pattern.compile("<code>([a-z2-7-]{19})</code>");

  @TempDir Path dir;
  final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T03:00:00Z"));

  private static List<String> recoveryCodes(String page) {
    List<String> codes = new ArrayList<>();
    Matcher found = RECOVERY.matcher(page);
    while (found.find()) {
      codes.add(found.group(1));
    }
    return codes;
  }

  private String nextCode(byte[] secret) {
    clock.advance(SecondFactor.STEP);
    return SecondFactor.code(secret, SecondFactor.step(clock.instant()));
  }

  @Test
  void a_duty_officer_sets_up_an_authenticator_and_later_replaces_the_recovery_codes() {
    NodeHome home = Nodes.init(dir, "us");
    Nodes.requireSecondFactor(home);
    Users.add(home, "officer", Role.DUTY_OFFICER);
    try (Node us = Nodes.start(home, clock)) {
      ConsoleClient officer = new ConsoleClient(us.apiPort());
      assertThat(officer.signIn("officer", Users.PASSWORD).headers().firstValue("Location"))
          .hasValue("/inbox");
      HttpResponse<String> account = officer.get("/account");
      assertThat(account.statusCode()).isEqualTo(200);
      assertThat(account.body()).contains("Not set up.", "id=\"set-up\"");

      // Without the form's token, or with a wrong password, nothing starts.
      assertThat(
              officer
                  .postRaw("/account/second-factor", Map.of("password", Users.PASSWORD))
                  .statusCode())
          .isEqualTo(403);
      HttpResponse<String> wrong =
          officer.post("/account/second-factor", Map.of("password", "not the password"));
      assertThat(wrong.statusCode()).isEqualTo(403);
      assertThat(wrong.body()).contains("nothing was changed");

      HttpResponse<String> start =
          officer.post("/account/second-factor", Map.of("password", Users.PASSWORD));
      assertThat(start.statusCode()).isEqualTo(303);
      assertThat(start.headers().firstValue("Location")).hasValue("/signin/enrol?next=%2Faccount");
      HttpResponse<String> enrolPage = officer.get("/signin/enrol?next=%2Faccount");
      Matcher key = SECRET.matcher(enrolPage.body());
      assertThat(key.find()).isTrue();
      byte[] secret = new Base32().decode(key.group(1).replace(" ", ""));
      Matcher token = FORM_TOKEN.matcher(enrolPage.body());
      assertThat(token.find()).isTrue();
      HttpResponse<String> enrolled =
          officer.postRaw(
              "/signin/enrol",
              Map.of("_csrf", token.group(1), "code", nextCode(secret), "next", "/account"));
      assertThat(enrolled.statusCode()).isEqualTo(200);
      List<String> first = recoveryCodes(enrolled.body());
      assertThat(first).hasSize(10);
      assertThat(enrolled.body()).contains("href=\"/account\"");

      HttpResponse<String> after = officer.get("/account");
      assertThat(after.body()).contains("authenticator since", "10 recovery codes left");
      HttpResponse<String> refused =
          officer.post("/account/recovery-codes", Map.of("code", "000000"));
      assertThat(refused.statusCode()).isEqualTo(403);
      officer.get("/account");
      HttpResponse<String> renewed =
          officer.post("/account/recovery-codes", Map.of("code", nextCode(secret)));
      assertThat(renewed.statusCode()).isEqualTo(200);
      assertThat(renewed.headers().firstValue("Cache-Control")).hasValue("no-store");
      List<String> second = recoveryCodes(renewed.body());
      assertThat(second).hasSize(10).doesNotContainAnyElementsOf(first);

      // From now on the officer signs in with a code, and the first codes no longer work.
      ConsoleClient again = new ConsoleClient(us.apiPort());
      HttpResponse<String> password = again.signIn("officer", Users.PASSWORD);
      assertThat(password.headers().firstValue("Location").orElseThrow())
          .startsWith("/signin/code");
      HttpResponse<String> codePage = again.get(password.headers().firstValue("Location").get());
      Matcher codeToken = FORM_TOKEN.matcher(codePage.body());
      assertThat(codeToken.find()).isTrue();
      assertThat(
              again
                  .postRaw(
                      "/signin/code", Map.of("_csrf", codeToken.group(1), "code", first.get(0)))
                  .statusCode())
          .isEqualTo(401);
      assertThat(
              again
                  .postRaw(
                      "/signin/code", Map.of("_csrf", codeToken.group(1), "code", second.get(0)))
                  .statusCode())
          .isEqualTo(303);
    }
  }
}
