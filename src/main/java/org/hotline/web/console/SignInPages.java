package org.hotline.web.console;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import io.nayuki.qrcodegen.QrCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import org.hotline.console.Accounts;
import org.hotline.console.Audit;
import org.hotline.console.SecondFactor;
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

  /** The sign-in between its password and its second factor (path {@value #PATH}). */
  static final String PENDING_COOKIE = "hotline_pending";

  static final String CODE_PATH = PATH + "/code";
  static final String ENROL_PATH = PATH + "/enrol";

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
    config.routes.get(CODE_PATH, ctx -> secondForm(ctx, false));
    config.routes.get(ENROL_PATH, ctx -> secondForm(ctx, true));
    config.routes.post(CODE_PATH, ctx -> second(ctx, false));
    config.routes.post(ENROL_PATH, ctx -> second(ctx, true));
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
    Text t = console.text(ctx);
    String token = formToken(ctx);
    ctx.status(status);
    String next = ctx.formParam("next") != null ? ctx.formParam("next") : ctx.queryParam("next");
    console.html(
        ctx,
        "signin.jte",
        new Views.SignInPage(
            t, console.services().partyName(), token, username, error, next(next)));
  }

  /** The double-submit token of the sign-in forms: the browser's, or a new one in a cookie. */
  private String formToken(Context ctx) {
    String token = ctx.cookie(FORM_COOKIE);
    if (token == null || !TOKEN.matcher(token).matches()) {
      byte[] bytes = new byte[24];
      random.nextBytes(bytes);
      token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
    ctx.cookie(cookie(FORM_COOKIE, token, PATH, FORM_COOKIE_SECONDS));
    return token;
  }

  private static boolean formTokenMatches(Context ctx) {
    String cookie = ctx.cookie(FORM_COOKIE);
    String field = ctx.formParam(Console.CSRF_FIELD);
    return cookie != null
        && field != null
        && MessageDigest.isEqual(
            cookie.getBytes(StandardCharsets.UTF_8), field.getBytes(StandardCharsets.UTF_8));
  }

  private void signIn(Context ctx) throws InterruptedException {
    Text t = console.text(ctx);
    if (!formTokenMatches(ctx)) {
      render(ctx, HttpStatus.FORBIDDEN, "", t.get("signin.expired"));
      return;
    }
    String username = ctx.formParam("username") == null ? "" : ctx.formParam("username").trim();
    String password = ctx.formParam("password") == null ? "" : ctx.formParam("password");
    Accounts.SignIn outcome =
        console.services().accounts().signIn(username, password.toCharArray(), ctx.ip());
    switch (outcome) {
      case Accounts.SignIn.Accepted accepted -> {
        startSession(ctx, accepted.user().username());
        ctx.redirect(next(ctx.formParam("next")), HttpStatus.SEE_OTHER);
      }
      case Accounts.SignIn.CodeNeeded needed -> pending(ctx, needed.user().username(), null);
      case Accounts.SignIn.EnrolmentNeeded needed ->
          pending(ctx, needed.user().username(), console.services().accounts().newEnrolment());
      case Accounts.SignIn.Enrolled enrolled ->
          throw new IllegalStateException("a password alone enrols nothing");
      case Accounts.SignIn.CodesLocked locked ->
          throw new IllegalStateException("a password alone checks no code");
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

  private void startSession(Context ctx, String username) {
    Sessions.Started started = console.services().sessions().start(username);
    ctx.cookie(cookie(Console.SESSION_COOKIE, started.token(), "/", -1));
    ctx.removeCookie(FORM_COOKIE, PATH);
    ctx.removeCookie(PENDING_COOKIE, PATH);
  }

  /** The password was right: on to the code, or to the enrolment of {@code enrolment}. */
  private void pending(Context ctx, String username, SecondFactor.Enrolment enrolment) {
    pending(ctx, username, enrolment, ctx.formParam("next"));
  }

  /**
   * A signed-in user who chose to set up an authenticator: the same enrolment step as at sign-in,
   * back to {@code next} afterwards.
   */
  void enrol(Context ctx, String username, String next) {
    pending(ctx, username, console.services().accounts().newEnrolment(), next);
  }

  private void pending(
      Context ctx, String username, SecondFactor.Enrolment enrolment, String wanted) {
    Sessions.PendingStarted started =
        console.services().sessions().startPending(username, enrolment);
    ctx.cookie(
        cookie(PENDING_COOKIE, started.token(), PATH, (int) Sessions.PENDING_MAX.toSeconds()));
    String next = next(wanted);
    ctx.redirect(
        (enrolment == null ? CODE_PATH : ENROL_PATH)
            + "?next="
            + java.net.URLEncoder.encode(next, StandardCharsets.UTF_8),
        HttpStatus.SEE_OTHER);
  }

  /** The pending sign-in of this browser, if it is in the step asked for. */
  private java.util.Optional<Sessions.Pending> pendingOf(Context ctx, boolean enrol) {
    return console
        .services()
        .sessions()
        .pending(ctx.cookie(PENDING_COOKIE))
        .filter(pending -> pending.enrolment().isPresent() == enrol);
  }

  private void secondForm(Context ctx, boolean enrol) {
    java.util.Optional<Sessions.Pending> pending = pendingOf(ctx, enrol);
    if (pending.isEmpty()) {
      ctx.redirect(PATH, HttpStatus.SEE_OTHER);
      return;
    }
    renderSecond(ctx, HttpStatus.OK, pending.get(), null);
  }

  private void renderSecond(
      Context ctx, HttpStatus status, Sessions.Pending pending, String error) {
    Text t = console.text(ctx, pending.username());
    String token = formToken(ctx);
    String next =
        next(ctx.formParam("next") != null ? ctx.formParam("next") : ctx.queryParam("next"));
    String secret = null;
    String uri = null;
    String qrPath = null;
    int qrSize = 0;
    if (pending.enrolment().isPresent()) {
      SecondFactor.Enrolment enrolment = pending.enrolment().get();
      secret = enrolment.grouped();
      uri = enrolment.uri("Hotline " + console.services().partyName(), pending.username());
      QrCode qr = QrCode.encodeText(uri, QrCode.Ecc.MEDIUM);
      qrPath = qrPath(qr);
      qrSize = qr.size + 2 * QR_BORDER;
      // The secret is on this page: no cache may keep it.
      ctx.header("Cache-Control", "no-store");
    }
    ctx.status(status);
    console.html(
        ctx,
        "signin_second.jte",
        new Views.SecondFactorPage(
            t,
            console.services().partyName(),
            pending.enrolment().isPresent() ? "enrol" : "code",
            token,
            pending.username(),
            error,
            next,
            secret,
            uri,
            qrPath,
            qrSize,
            java.util.List.of()));
  }

  private void second(Context ctx, boolean enrol) throws InterruptedException {
    Text t = console.text(ctx);
    java.util.Optional<Sessions.Pending> found = pendingOf(ctx, enrol);
    if (found.isEmpty() || !formTokenMatches(ctx)) {
      render(ctx, HttpStatus.FORBIDDEN, "", t.get("signin.expired"));
      return;
    }
    Sessions.Pending pending = found.get();
    t = console.text(ctx, pending.username());
    if (!pending.tryOnce()) {
      console.services().sessions().endPending(pending);
      ctx.removeCookie(PENDING_COOKIE, PATH);
      render(ctx, HttpStatus.UNAUTHORIZED, pending.username(), t.get("signin.code.again"));
      return;
    }
    String code = ctx.formParam("code") == null ? "" : ctx.formParam("code").trim();
    var accounts = console.services().accounts();
    Accounts.SignIn outcome =
        enrol
            ? accounts.enrol(pending.username(), pending.enrolment().get(), code, ctx.ip())
            : accounts.secondFactor(pending.username(), code, ctx.ip());
    switch (outcome) {
      case Accounts.SignIn.Accepted accepted -> {
        console.services().sessions().endPending(pending);
        startSession(ctx, accepted.user().username());
        ctx.redirect(next(ctx.formParam("next")), HttpStatus.SEE_OTHER);
      }
      case Accounts.SignIn.Enrolled enrolled -> {
        console.services().sessions().endPending(pending);
        startSession(ctx, enrolled.user().username());
        // Shown once, in answer to the POST: there is no address to load them from again.
        ctx.header("Cache-Control", "no-store");
        console.html(
            ctx,
            "signin_second.jte",
            new Views.SecondFactorPage(
                t,
                console.services().partyName(),
                "codes",
                "",
                enrolled.user().username(),
                null,
                next(ctx.formParam("next")),
                null,
                null,
                null,
                0,
                enrolled.recoveryCodes()));
      }
      case Accounts.SignIn.Refused refused -> {
        Thread.sleep(refused.delay());
        renderSecond(ctx, HttpStatus.UNAUTHORIZED, pending, t.get("signin.code.refused"));
      }
      case Accounts.SignIn.Locked locked -> {
        console.services().sessions().endPending(pending);
        ctx.removeCookie(PENDING_COOKIE, PATH);
        Thread.sleep(Duration.ofMillis(250));
        render(
            ctx,
            HttpStatus.TOO_MANY_REQUESTS,
            pending.username(),
            t.format("signin.locked", Times.utc(locked.until())));
      }
      case Accounts.SignIn.CodesLocked locked -> {
        Thread.sleep(Duration.ofMillis(250));
        renderSecond(ctx, HttpStatus.TOO_MANY_REQUESTS, pending, t.get("signin.code.locked"));
      }
      case Accounts.SignIn.CodeNeeded needed ->
          throw new IllegalStateException("a code never asks for another");
      case Accounts.SignIn.EnrolmentNeeded needed ->
          throw new IllegalStateException("a code never asks for an enrolment");
    }
  }

  /** Modules of white space around a QR code, as its standard asks. */
  private static final int QR_BORDER = 4;

  /** The dark modules of {@code qr} as one SVG path, one unit square each. */
  static String qrPath(QrCode qr) {
    StringBuilder path = new StringBuilder();
    for (int y = 0; y < qr.size; y++) {
      for (int x = 0; x < qr.size; x++) {
        if (qr.getModule(x, y)) {
          path.append('M')
              .append(x + QR_BORDER)
              .append(',')
              .append(y + QR_BORDER)
              .append("h1v1h-1z");
        }
      }
    }
    return path.toString();
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
