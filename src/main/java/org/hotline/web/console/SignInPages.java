package org.hotline.web.console;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import org.hotline.console.Accounts;
import org.hotline.console.Audit;
import org.hotline.console.Sessions;

/**
 * {@code /signin} and {@code /signout}. The sign-in form is itself protected against cross-site
 * posting by a double-submit token (a cookie and a form field that must match), since there is no
 * session yet; a refused sign-in is answered only after the {@link org.hotline.console.Lockout}
 * delay.
 */
final class SignInPages {
  static final String PATH = "/signin";
  static final String FORM_COOKIE = "hotline_signin";

  /** Long enough to type a password after a coffee; the form is reloaded after that. */
  static final int FORM_COOKIE_SECONDS = 3_600;

  /**
   * The form token as we issue it: kept while the browser holds it, so two open sign-in tabs both
   * work.
   */
  private static final java.util.regex.Pattern TOKEN =
      java.util.regex.Pattern.compile("[A-Za-z0-9_-]{32}");

  private final Console console;
  private final SecureRandom random = new SecureRandom();

  SignInPages(Console console) {
    this.console = console;
  }

  void register(JavalinConfig config) {
    config.routes.get(PATH, this::form);
    config.routes.post(PATH, this::signIn);
    config.routes.post("/signout", this::signOut);
  }

  private void form(Context ctx) {
    if (console.services().sessions().find(ctx.cookie(Console.SESSION_COOKIE)).isPresent()) {
      ctx.redirect(next(ctx.queryParam("next")), HttpStatus.SEE_OTHER);
      return;
    }
    render(ctx, HttpStatus.OK, "", null);
  }

  private void render(Context ctx, HttpStatus status, String username, String error) {
    Text t = Text.forLanguages(ctx.header("Accept-Language"));
    String token = ctx.cookie(FORM_COOKIE);
    if (token == null || !TOKEN.matcher(token).matches()) {
      byte[] bytes = new byte[24];
      random.nextBytes(bytes);
      token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
    ctx.cookie(cookie(FORM_COOKIE, token, PATH, FORM_COOKIE_SECONDS));
    ctx.status(status);
    String next = ctx.formParam("next") != null ? ctx.formParam("next") : ctx.queryParam("next");
    console.html(
        ctx,
        "signin.jte",
        new Views.SignInPage(
            t, console.services().partyName(), token, username, error, next(next)));
  }

  private void signIn(Context ctx) throws InterruptedException {
    Text t = Text.forLanguages(ctx.header("Accept-Language"));
    String cookie = ctx.cookie(FORM_COOKIE);
    String field = ctx.formParam(Console.CSRF_FIELD);
    if (cookie == null
        || field == null
        || !MessageDigest.isEqual(
            cookie.getBytes(StandardCharsets.UTF_8), field.getBytes(StandardCharsets.UTF_8))) {
      render(ctx, HttpStatus.FORBIDDEN, "", t.get("signin.expired"));
      return;
    }
    String username = ctx.formParam("username") == null ? "" : ctx.formParam("username").trim();
    String password = ctx.formParam("password") == null ? "" : ctx.formParam("password");
    Accounts.SignIn outcome =
        console.services().accounts().signIn(username, password.toCharArray(), ctx.ip());
    switch (outcome) {
      case Accounts.SignIn.Accepted accepted -> {
        Sessions.Started started = console.services().sessions().start(accepted.user().username());
        ctx.cookie(cookie(Console.SESSION_COOKIE, started.token(), "/", -1));
        ctx.removeCookie(FORM_COOKIE, PATH);
        ctx.redirect(next(ctx.formParam("next")), HttpStatus.SEE_OTHER);
      }
      case Accounts.SignIn.Refused refused -> {
        Thread.sleep(refused.delay());
        render(ctx, HttpStatus.UNAUTHORIZED, username, t.get("signin.refused"));
      }
      case Accounts.SignIn.Locked locked -> {
        Thread.sleep(Duration.ofMillis(250));
        render(
            ctx,
            HttpStatus.TOO_MANY_REQUESTS,
            username,
            t.format("signin.locked", Times.utc(locked.until())));
      }
    }
  }

  private void signOut(Context ctx) {
    Viewer viewer = console.viewer(ctx);
    console.services().sessions().end(viewer.session());
    console.services().audit().record(viewer.actor(), Audit.SIGN_OUT, "", "");
    ctx.removeCookie(Console.SESSION_COOKIE, "/");
    ctx.redirect(PATH, HttpStatus.SEE_OTHER);
  }

  /**
   * Cookies the page's scripts cannot read, never sent by another site's request, Secure over TLS.
   */
  private Cookie cookie(String name, String value, String path, int maxAgeSeconds) {
    return new Cookie(
        name,
        value,
        path,
        maxAgeSeconds,
        console.services().secureCookies(),
        true,
        null,
        SameSite.STRICT);
  }

  /**
   * Only a path on this console: never another site, so the sign-in cannot be used to redirect
   * elsewhere.
   */
  static String next(String wanted) {
    if (wanted == null
        || !wanted.startsWith("/")
        || wanted.startsWith("//")
        || wanted.contains("\\")
        || wanted.startsWith(PATH)
        || wanted.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
      return "/inbox";
    }
    return wanted;
  }
}
