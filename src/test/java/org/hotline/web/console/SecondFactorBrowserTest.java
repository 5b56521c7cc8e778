package org.hotline.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.apache.commons.codec.binary.Base32;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.console.Role;
import org.hotline.console.SecondFactor;
import org.hotline.testing.Browser;
import org.hotline.testing.MutableClock;
import org.hotline.testing.Nodes;
import org.hotline.testing.Users;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;

/**
 * An administrator's first sign-in in real headless Chromium with the default configuration: the
 * enrolment page draws its QR code and shows the key, the first code signs in and shows the
 * recovery codes, and the next sign-in asks for a code. The node's clock is the test's, so the
 * second sign-in's code is of a later step than the enrolment's.
 */
class SecondFactorBrowserTest {
  @TempDir Path dir;

  @Test
  void an_administrator_enrols_at_the_first_sign_in_and_then_signs_in_with_a_code() {
    Browser.requireChromium();
    NodeHome home = Nodes.init(dir, "us");
    Nodes.requireSecondFactor(home);
    Users.add(home, "admin", Role.ADMINISTRATOR);
    MutableClock clock = MutableClock.atNow();
    try (Node us = Nodes.start(home, clock)) {
      String base = "http://127.0.0.1:" + us.apiPort();
      byte[] secret;
      try (Browser admin = Browser.open(base).signIn("admin", Users.PASSWORD)) {
        assertThat(admin.path()).isEqualTo("/signin/enrol");
        WebElement qr = admin.await("#enrol-qr");
        assertThat(qr.getSize().getWidth()).isGreaterThan(100);
        assertThat(admin.find("#enrol-link").getDomAttribute("href"))
            .startsWith("otpauth://totp/Hotline%20Party%20US:admin?secret=");
        secret = new Base32().decode(admin.find("#enrol-secret").getText().replace(" ", ""));
        admin.find("#code").sendKeys(SecondFactor.code(secret, SecondFactor.step(clock.instant())));
        admin.find("#verify").click();
        List<WebElement> codes =
            admin.until(
                d -> {
                  List<WebElement> found =
                      d.findElements(org.openqa.selenium.By.cssSelector("#recovery-codes code"));
                  return found.isEmpty() ? null : found;
                },
                "the recovery codes");
        assertThat(codes).hasSize(SecondFactor.RECOVERY_CODES);
        admin.find("#continue").click();
        admin.until(d -> admin.path().equals("/inbox") ? Boolean.TRUE : null, "the inbox");
      }
      clock.advance(SecondFactor.STEP);
      try (Browser admin = Browser.open(base).signIn("admin", Users.PASSWORD)) {
        assertThat(admin.path()).isEqualTo("/signin/code");
        admin.find("#code").sendKeys(SecondFactor.code(secret, SecondFactor.step(clock.instant())));
        admin.find("#verify").click();
        admin.until(d -> admin.path().equals("/inbox") ? Boolean.TRUE : null, "the inbox");
        admin.go("/admin");
        assertThat(admin.find("tr[data-username='admin'] .second-factor").getText())
            .startsWith("authenticator since");
      }
    }
  }
}
