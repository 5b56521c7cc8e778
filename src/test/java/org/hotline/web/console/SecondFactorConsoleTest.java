package org.hotline.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The second factor through a real node's console over HTTP, with the default configuration: an
 * administrator enrols at their first sign-in (QR code and key on the page, the first code
 * confirms, recovery codes shown once), then signs in with a code; a used code, a stale pending
 * sign-in and a missing form token are refused; an administrator resets another's second factor.
 * The codes are computed from the key the page shows, as the authenticator app would. The node runs
 * on a clock the test moves: a code is used once, so each sign-in with a code steps the clock 30 s
 * on, and each test starts two hours later, when the lockout has forgotten the failures of the
 * others (all come from 127.0.0.1).
 */
class SecondFactorConsoleTest {
  private static final Pattern SECRET = Pattern.compile("id=\"enrol-secret\">([A-Z2-7 ]+)<");
  private static final Pattern FORM_TOKEN = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private static final Pattern RECOVERY = Pattern.compile("<code>([a-z2-7-]{19})</code>");

  @TempDir static Path dir;
  static Node us;
  static byte[] adminSecret;
  static List<String> adminRecoveryCodes;
  static final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T03:00:00Z"));

  @BeforeAll
  static void start() {
    NodeHome home = Nodes.init(dir, "us");
    Nodes.requireSecondFactor(home);
    Users.add(home, "admin", Role.ADMINISTRATOR);
    Users.add(home, "releaser", Role.RELEASING_OFFICER);
    Users.add(home, "officer", Role.DUTY_OFFICER);
    us = Nodes.start(home, clock);
    ConsoleClient client = new ConsoleClient(us.apiPort());
    HttpResponse<String> password = client.signIn("admin", Users.PASSWORD);
    assertThat(password.statusCode()).isEqualTo(303);
    assertThat(location(password)).startsWith("/signin/enrol");
    HttpResponse<String> page = client.get(location(password));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("id=\"enrol-qr\"", "otpauth://totp/Hotline%20Party%20US:admin");
    assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
    adminSecret = secretOn(page.body());
    HttpResponse<String> codes =
        client.postRaw(
            "/signin/enrol",
            Map.of("_csrf", formToken(page.body()), "code", nextCode(adminSecret)));
    assertThat(codes.statusCode()).isEqualTo(200);
    adminRecoveryCodes = new ArrayList<>();
    Matcher found = RECOVERY.matcher(codes.body());
    while (found.find()) {
      adminRecoveryCodes.add(found.group(1));
    }
    assertThat(adminRecoveryCodes).hasSize(SecondFactor.RECOVERY_CODES);
    assertThat(client.get("/admin").statusCode()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    us.close();
  }

  private static String location(HttpResponse<String> response) {
    return response.headers().firstValue("Location").orElseThrow();
  }

  /** The Administration page's row of {@code username}. */
  private static String row(String page, String username) {
    int start = page.indexOf("<tr data-username=\"" + username + "\">");
    assertThat(start).as("the row of " + username).isNotNegative();
    return page.substring(start, page.indexOf("</tr>", start));
  }

  private static byte[] secretOn(String page) {
    Matcher secret = SECRET.matcher(page);
    assertThat(secret.find()).as("the key on the enrolment page").isTrue();
    return new Base32().decode(secret.group(1).replace(" ", ""));
  }

  private static String formToken(String page) {
    Matcher token = FORM_TOKEN.matcher(page);
    assertThat(token.find()).isTrue();
    return token.group(1);
  }

  /** A code the node has not seen used: the clock moves to the next step first. */
  private static String nextCode(byte[] secret) {
    clock.advance(SecondFactor.STEP);
    return SecondFactor.code(secret, SecondFactor.step(clock.instant()));
  }

  @BeforeEach
  void later() {
    clock.advance(Duration.ofHours(2));
  }

  /** Signs in with the password; returns the client on the code page, and the page. */
  private static HttpResponse<String> toCodePage(ConsoleClient client, String username) {
    HttpResponse<String> password = client.signIn(username, Users.PASSWORD);
    assertThat(password.statusCode()).isEqualTo(303);
    assertThat(location(password)).startsWith("/signin/code");
    HttpResponse<String> page = client.get(location(password));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("autocomplete=\"one-time-code\"");
    return page;
  }

  @Test
  void an_enrolled_administrator_signs_in_with_a_code_and_not_without() {
    ConsoleClient client = new ConsoleClient(us.apiPort());
    HttpResponse<String> page = toCodePage(client, "admin");
    // Between the two steps there is no session yet.
    assertThat(client.get("/inbox").statusCode()).isEqualTo(303);
    HttpResponse<String> signedIn =
        client.postRaw(
            "/signin/code",
            Map.of(
                "_csrf", formToken(page.body()), "code", nextCode(adminSecret), "next", "/admin"));
    assertThat(signedIn.statusCode()).isEqualTo(303);
    assertThat(location(signedIn)).isEqualTo("/admin");
    assertThat(client.get("/admin").statusCode()).isEqualTo(200);
  }

  @Test
  void a_code_used_once_is_refused_the_second_time() {
    String code = nextCode(adminSecret);
    ConsoleClient first = new ConsoleClient(us.apiPort());
    HttpResponse<String> page = toCodePage(first, "admin");
    assertThat(
            first
                .postRaw("/signin/code", Map.of("_csrf", formToken(page.body()), "code", code))
                .statusCode())
        .isEqualTo(303);
    ConsoleClient second = new ConsoleClient(us.apiPort());
    HttpResponse<String> again = toCodePage(second, "admin");
    HttpResponse<String> refused =
        second.postRaw("/signin/code", Map.of("_csrf", formToken(again.body()), "code", code));
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).contains("Wrong or already used code.");
    assertThat(second.get("/inbox").statusCode()).isEqualTo(303);
  }

  @Test
  void a_recovery_code_signs_in_once() {
    String recovery = adminRecoveryCodes.get(0);
    ConsoleClient client = new ConsoleClient(us.apiPort());
    HttpResponse<String> page = toCodePage(client, "admin");
    assertThat(
            client
                .postRaw("/signin/code", Map.of("_csrf", formToken(page.body()), "code", recovery))
                .statusCode())
        .isEqualTo(303);
    ConsoleClient again = new ConsoleClient(us.apiPort());
    HttpResponse<String> second = toCodePage(again, "admin");
    assertThat(
            again
                .postRaw(
                    "/signin/code", Map.of("_csrf", formToken(second.body()), "code", recovery))
                .statusCode())
        .isEqualTo(401);
  }

  @Test
  void the_code_step_needs_the_pending_sign_in_and_the_form_token() {
    ConsoleClient stranger = new ConsoleClient(us.apiPort());
    assertThat(location(stranger.get("/signin/code"))).isEqualTo("/signin");
    assertThat(location(stranger.get("/signin/enrol"))).isEqualTo("/signin");
    // A valid form token, but no pending sign-in: refused, and no session.
    String strangerToken = formToken(stranger.get("/signin").body());
    HttpResponse<String> noPending =
        stranger.postRaw(
            "/signin/code", Map.of("_csrf", strangerToken, "code", nextCode(adminSecret)));
    assertThat(noPending.statusCode()).isEqualTo(403);
    assertThat(stranger.get("/inbox").statusCode()).isEqualTo(303);
    ConsoleClient client = new ConsoleClient(us.apiPort());
    toCodePage(client, "admin");
    HttpResponse<String> noToken =
        client.postRaw("/signin/code", Map.of("code", nextCode(adminSecret)));
    assertThat(noToken.statusCode()).isEqualTo(403);
    // A user who has enrolled is never shown a new key.
    assertThat(location(client.get("/signin/enrol"))).isEqualTo("/signin");
  }

  @Test
  void five_wrong_codes_end_the_pending_sign_in() {
    ConsoleClient client = new ConsoleClient(us.apiPort());
    HttpResponse<String> page =
        toCodePage(client, "releaser-not-enrolled".isEmpty() ? "" : "admin");
    String token = formToken(page.body());
    int refused = 0;
    HttpResponse<String> last = null;
    for (int i = 0; i < 6; i++) {
      last = client.postRaw("/signin/code", Map.of("_csrf", token, "code", "12345x"));
      refused += last.statusCode() == 401 ? 1 : 0;
    }
    // Five tries on the pending sign-in (each also counted by the lockout), then the password
    // again.
    assertThat(refused).isGreaterThanOrEqualTo(5);
    assertThat(last.body()).contains("sign in again with your password");
    assertThat(location(client.get("/signin/code"))).isEqualTo("/signin");
    // The lockout counted them too (Lockout.ADDRESS_FREE_FAILURES is 5): one wrong password more
    // and this address waits before its next try.
    HttpResponse<String> locked = new ConsoleClient(us.apiPort()).signIn("admin", "wrong password");
    assertThat(locked.statusCode()).isEqualTo(429);
  }

  @Test
  void a_releasing_officer_is_asked_to_enrol_and_a_duty_officer_is_not() {
    ConsoleClient releaser = new ConsoleClient(us.apiPort());
    HttpResponse<String> password = releaser.signIn("releaser", Users.PASSWORD);
    assertThat(location(password)).startsWith("/signin/enrol");
    // Until the enrolment is confirmed, nothing is stored and nothing is open.
    assertThat(releaser.get("/inbox").statusCode()).isEqualTo(303);
    ConsoleClient officer = new ConsoleClient(us.apiPort());
    HttpResponse<String> direct = officer.signIn("officer", Users.PASSWORD);
    assertThat(location(direct)).isEqualTo("/inbox");
  }

  @Test
  void an_administrator_resets_a_second_factor_and_the_user_enrols_again() {
    ConsoleClient releaser = new ConsoleClient(us.apiPort());
    HttpResponse<String> password = releaser.signIn("releaser", Users.PASSWORD);
    HttpResponse<String> page = releaser.get(location(password));
    byte[] secret = secretOn(page.body());
    String code = nextCode(secret);
    assertThat(
            releaser
                .postRaw("/signin/enrol", Map.of("_csrf", formToken(page.body()), "code", code))
                .statusCode())
        .isEqualTo(200);

    ConsoleClient admin = new ConsoleClient(us.apiPort());
    HttpResponse<String> adminPage = toCodePage(admin, "admin");
    admin.postRaw(
        "/signin/code",
        Map.of("_csrf", formToken(adminPage.body()), "code", nextCode(adminSecret)));
    HttpResponse<String> users = admin.get("/admin");
    assertThat(users.body()).contains("/admin/users/releaser/second-factor/reset");
    assertThat(releaser.get("/inbox").statusCode()).isEqualTo(200);
    HttpResponse<String> forged =
        admin.postRaw("/admin/users/releaser/second-factor/reset", Map.of());
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(row(admin.get("/admin").body(), "releaser"))
        .contains("/admin/users/releaser/second-factor/reset");
    HttpResponse<String> reset = admin.post("/admin/users/releaser/second-factor/reset", Map.of());
    assertThat(reset.statusCode()).isEqualTo(303);
    // The reset ends the user's open sessions.
    assertThat(releaser.get("/inbox").statusCode()).isEqualTo(303);
    assertThat(row(admin.get("/admin").body(), "releaser"))
        .contains("class=\"second-factor\">due at next sign-in")
        .doesNotContain("/admin/users/releaser/second-factor/reset");

    ConsoleClient next = new ConsoleClient(us.apiPort());
    HttpResponse<String> enrolAgain = next.signIn("releaser", Users.PASSWORD);
    assertThat(location(enrolAgain)).startsWith("/signin/enrol");
    byte[] newSecret = secretOn(next.get(location(enrolAgain)).body());
    assertThat(HexFormat.of().formatHex(newSecret)).isNotEqualTo(HexFormat.of().formatHex(secret));
  }
}
