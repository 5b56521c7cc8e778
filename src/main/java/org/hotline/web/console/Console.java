package org.hotline.web.console;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.hotline.ConflictException;
import org.hotline.HotlineException;
import org.hotline.InvalidInputException;
import org.hotline.NotFoundException;
import org.hotline.OverloadedException;
import org.hotline.console.Audit;
import org.hotline.console.NotPermittedException;
import org.hotline.console.Permission;
import org.hotline.console.PersonalAlert;
import org.hotline.console.SecurityAlarm;
import org.hotline.console.Sessions;
import org.hotline.console.User;
import org.hotline.link.LinkStore;
import org.hotline.link.MessageRecord;
import org.hotline.link.SecurityEvent;
import org.hotline.link.entry.Precedence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console for people, on the console port beside the API: server-rendered pages (jte), live
 * updates by server-sent events (htmx and its SSE extension, served by the node), sessions with
 * HttpOnly, SameSite=Strict cookies and a CSRF token on every state-changing request. Every path
 * outside {@code /api/}, {@code /healthz}, {@code /readyz}, {@code /metrics}, {@code /assets/} and
 * {@code /signin} needs a session. Thread-safe.
 */
public final class Console {
  private static final Logger LOG = LoggerFactory.getLogger(Console.class);

  static final String SESSION_COOKIE = "hotline_session";
  static final String CSRF_FIELD = "_csrf";
  static final String CSRF_HEADER = "X-CSRF-Token";
  private static final String VIEWER = "hotline.viewer";

  /** Paths outside the console: the API keeps its own authentication and error format. */
  private static final Set<String> OPEN_PREFIXES = Set.of("/api/", "/assets/");

  private final ConsoleServices services;
  private final Templates templates = new Templates();
  private final SignInPages signIn;
  private final MessagePages messages;
  private final ComposePages compose;
  private final LinkPages links;
  private final AdminPages admin;
  private final AccountPages account;
  private final CrisisPages crisis;

  public Console(ConsoleServices services) {
    this.services = services;
    this.signIn = new SignInPages(this);
    this.messages = new MessagePages(this);
    this.compose = new ComposePages(this);
    this.links = new LinkPages(this);
    this.admin = new AdminPages(this);
    this.account = new AccountPages(this);
    this.crisis = new CrisisPages(this);
  }

  /** Whether {@code path} belongs to the console (and its errors are pages, not problem JSON). */
  public static boolean owns(String path) {
    return !path.equals("/healthz")
        && !path.equals("/readyz")
        && !path.equals("/metrics")
        && !path.startsWith("/api/")
        && !path.equals("/api");
  }

  /** Adds the console's routes, its guard and its asset handler to the console port's server. */
  public void register(JavalinConfig config) {
    config.routes.before(this::guard);
    Assets.register(config);
    signIn.register(config);
    messages.register(config);
    compose.register(config);
    links.register(config);
    admin.register(config);
    account.register(config);
    crisis.register(config);
    config.routes.get("/", ctx -> ctx.redirect("/inbox", HttpStatus.SEE_OTHER));
    config.routes.get(
        "/fragments/banners",
        ctx -> ctx.html(templates.render("banners.jte", banners(viewer(ctx)))));
    config.routes.post("/alerts/{id}/acknowledge", this::acknowledgeAlert);
    config.routes.sse("/events", client -> ConsoleEvents.stream(client, services.links().events()));
  }

  /**
   * The signed-in person acknowledges a personal alert, then sees its message, which still needs
   * its own answer (the page sends no Referer to come back to).
   */
  private void acknowledgeAlert(Context ctx) {
    Viewer viewer = viewer(ctx);
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw new InvalidInputException("id", viewer.t().get("error.notAlertNumber"));
    }
    PersonalAlert alert =
        services.personalAlerts().acknowledge(id, viewer.user().username(), viewer.actor());
    redirect(ctx, viewer, "/messages/" + alert.message(), viewer.t().get("personal.acknowledged"));
  }

  ConsoleServices services() {
    return services;
  }

  /** The personal alerts, which the API lists and acknowledges too. */
  public org.hotline.console.PersonalAlerts personalAlerts() {
    return services.personalAlerts();
  }

  /** Two-person release, which the API asks too: every path that sends a FLASH waits for it. */
  public org.hotline.console.Releases releases() {
    return services.releases();
  }

  /** Tells open consoles that a draft now waits for release (the releases page and the outbox). */
  public void announceHeld(org.hotline.console.PendingRelease held) {
    services
        .links()
        .events()
        .publish(new org.hotline.event.Event.ReleaseChanged(held.id(), held.state()));
  }

  Templates templates() {
    return templates;
  }

  // ------------------------------------------------------------------ the guard

  private void guard(Context ctx) {
    String path = ctx.path();
    if (!owns(path)
        || OPEN_PREFIXES.stream().anyMatch(path::startsWith)
        || path.equals(Assets.FAVICON)) {
      return;
    }
    securityHeaders(ctx);
    if (path.equals(SignInPages.PATH)
        || path.equals(SignInPages.CODE_PATH)
        || path.equals(SignInPages.ENROL_PATH)) {
      return;
    }
    Sessions.Session session =
        services.sessions().find(ctx.cookie(SESSION_COOKIE)).orElseThrow(SignInRequired::new);
    User user = services.accounts().find(session.username()).orElse(null);
    if (user == null || user.disabled()) {
      services.sessions().endAll(session.username());
      throw new SignInRequired();
    }
    Text t = Text.choose(user.language(), services.language(), ctx.header("Accept-Language"));
    Viewer viewer = new Viewer(user, session, t, ctx.ip(), ctx.path());
    if (!ctx.method().name().equals("GET") && !ctx.method().name().equals("HEAD")) {
      String offered = ctx.header(CSRF_HEADER);
      if (offered == null) {
        offered = ctx.formParam(CSRF_FIELD);
      }
      if (!session.csrfMatches(offered)) {
        services
            .audit()
            .record(
                viewer.actor(),
                Audit.REFUSED,
                ctx.method().name() + " " + path,
                "missing or wrong CSRF token");
        throw new CsrfRefused(t.get("error.csrf"));
      }
    }
    ctx.attribute(VIEWER, viewer);
  }

  /**
   * Content-Security-Policy allows only the node's own scripts and styles: injected markup cannot
   * run.
   */
  static void securityHeaders(Context ctx) {
    ctx.header(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; connect-src 'self';"
            + " frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "no-store");
  }

  Viewer viewer(Context ctx) {
    Viewer viewer = ctx.attribute(VIEWER);
    if (viewer == null) {
      throw new SignInRequired();
    }
    return viewer;
  }

  /** Not signed in (or the session ended). */
  static final class SignInRequired extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SignInRequired() {
      super("sign in first", null, false, false);
    }
  }

  /** A state-changing request without this session's CSRF token. */
  static final class CsrfRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CsrfRefused(String message) {
      super(message, null, false, false);
    }
  }

  // ------------------------------------------------------------------ errors

  /** Turns an error on a console path into a page (or, for htmx, a short fragment). */
  public void error(Exception e, Context ctx) {
    if (e instanceof SignInRequired) {
      String next =
          ctx.method().name().equals("GET")
                  && !ctx.path().startsWith("/fragments/")
                  && !ctx.path().equals("/events")
              ? ctx.path()
              : "/inbox";
      if (ctx.header("HX-Request") != null) {
        ctx.header("HX-Redirect", SignInPages.PATH);
        ctx.status(HttpStatus.UNAUTHORIZED);
        return;
      }
      ctx.redirect(
          SignInPages.PATH
              + "?next="
              + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8),
          HttpStatus.SEE_OTHER);
      return;
    }
    Viewer signedIn = ctx.attribute(VIEWER);
    Text t = signedIn != null ? signedIn.t() : text(ctx);
    HttpStatus status;
    String detail = e.getMessage();
    if (e instanceof CsrfRefused) {
      status = HttpStatus.FORBIDDEN;
    } else if (e instanceof HotlineException hotline) {
      status =
          switch (hotline) {
            case InvalidInputException invalid -> HttpStatus.BAD_REQUEST;
            case NotFoundException notFound -> HttpStatus.NOT_FOUND;
            case ConflictException conflict -> HttpStatus.CONFLICT;
            case NotPermittedException forbidden -> HttpStatus.FORBIDDEN;
            case OverloadedException overloaded -> HttpStatus.SERVICE_UNAVAILABLE;
            default -> HttpStatus.UNPROCESSABLE_CONTENT;
          };
      if (e instanceof NotPermittedException) {
        Viewer viewer = ctx.attribute(VIEWER);
        if (viewer != null) {
          services
              .audit()
              .record(
                  viewer.actor(),
                  Audit.REFUSED,
                  ctx.method().name() + " " + ctx.path(),
                  e.getMessage());
        }
      }
    } else {
      LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
      status = HttpStatus.INTERNAL_SERVER_ERROR;
      detail = t.get("error.internal");
    }
    page(ctx, status, detail);
  }

  private static final String ANSWERED = "hotline.answered";

  /** Whether a console page already answered this request (so the 404 handler leaves it alone). */
  public static boolean answered(Context ctx) {
    return ctx.attribute(ANSWERED) != null;
  }

  /** A console page for {@code status}, within the frame if someone is signed in. */
  void page(Context ctx, HttpStatus status, String detail) {
    ctx.attribute(ANSWERED, true);
    securityHeaders(ctx);
    Viewer viewer = ctx.attribute(VIEWER);
    Text t = viewer != null ? viewer.t() : text(ctx);
    String heading = t.get("error." + status.getCode());
    ctx.status(status);
    if (viewer == null) {
      ctx.html(
          templates.render(
              "error_bare.jte", new Views.BareErrorPage(t, status.getCode(), heading, detail)));
    } else {
      ctx.html(
          templates.render(
              "error.jte",
              new Views.ErrorPage(frame(viewer, heading, ""), status.getCode(), heading, detail)));
    }
  }

  /**
   * The words for someone not signed in (or not yet known): the node's default language, else the
   * browser's.
   */
  Text text(Context ctx) {
    return Text.choose(null, services.language(), ctx.header("Accept-Language"));
  }

  /** Starts the enrolment of an authenticator for a signed-in user (from the account page). */
  void enrol(Context ctx, String username, String next) {
    signIn.enrol(ctx, username, next);
  }

  /**
   * The words for {@code username}, known but not yet signed in (the second step of a sign-in):
   * their own language, else the node's, else the browser's.
   */
  Text text(Context ctx, String username) {
    String chosen =
        services.accounts().find(username).map(org.hotline.console.User::language).orElse(null);
    return Text.choose(chosen, services.language(), ctx.header("Accept-Language"));
  }

  /** The 404 of a console path. */
  public void notFound(Context ctx) {
    Viewer viewer = ctx.attribute(VIEWER);
    Text t = viewer != null ? viewer.t() : text(ctx);
    page(ctx, HttpStatus.NOT_FOUND, t.format("error.noPage", ctx.path()));
  }

  // ------------------------------------------------------------------ the frame and banners

  /** Messages considered for the alarm banner: the most urgent unanswered ones. */
  static final int ALARM_SCAN_MAX = 20;

  Views.Frame frame(Viewer viewer, String title, String active) {
    Views.Banners banners = banners(viewer);
    Text t = viewer.t();
    // The marks around the level stay as they are: console.js finds the prefix by them.
    String prefix =
        !banners.personal().isEmpty()
            ? "‼ " + t.get("personal.level." + banners.personalLevel()) + " — "
            : banners.alarmOn() ? "‼ " + t.word("precedence", banners.alarmLevel()) + " — " : "";
    String notice = viewer.session().takeNotice();
    return new Views.Frame(
        t,
        prefix + t.format("title.page", title, services.links().self().value()),
        active,
        viewer.session().csrfToken(),
        services.partyName(),
        viewer.user().username(),
        viewer.t().label("role", viewer.user().role()),
        viewer.can(Permission.SEND),
        viewer.can(Permission.RELEASE),
        viewer.can(Permission.ADMINISTER),
        services.releases().twoPersonRelease(),
        notice,
        banners,
        viewer.path(),
        viewer.user().language());
  }

  Views.Banners banners(Viewer viewer) {
    List<MessageRecord> urgent =
        services.links().unanswered(LinkStore.Box.INBOX, ALARM_SCAN_MAX).stream()
            .filter(m -> m.draft().precedence().rank() <= Precedence.IMMEDIATE.rank())
            .toList();
    String level = urgent.isEmpty() ? "" : urgent.get(0).draft().precedence().name();
    List<Views.AlarmItem> alarms =
        urgent.stream()
            .map(
                m ->
                    new Views.AlarmItem(
                        m.id().toString(),
                        m.draft().precedence().name(),
                        m.draft().status().name(),
                        m.from().value(),
                        m.draft().subject(),
                        m.acceptedAt()))
            .toList();
    List<SecurityAlarm> security = services.alarms().unacknowledged();
    List<Views.SecurityItem> items = security.stream().map(Console::securityItem).toList();
    long through = security.isEmpty() ? 0 : security.get(0).id();
    int pending = viewer.can(Permission.RELEASE) ? services.releases().pending().size() : 0;
    return new Views.Banners(
        viewer.t(),
        viewer.session().csrfToken(),
        level,
        alarms,
        items,
        through,
        viewer.can(Permission.ADMINISTER),
        pending,
        viewer.can(Permission.RELEASE),
        services.personalAlerts().standingFor(viewer.user(), viewer.actor()).stream()
            .map(alert -> personalItem(alert, viewer.t()))
            .toList(),
        services.links().blocks().blocked().entrySet().stream()
            .map(blocked -> blockedItem(blocked.getKey(), blocked.getValue()))
            .toList());
  }

  static Views.BlockedItem blockedItem(
      org.hotline.identity.PartyId peer, org.hotline.link.health.LinkBlocks.Block block) {
    return new Views.BlockedItem(
        peer.value(), block.direction().name(), block.problem(), block.detail(), block.since());
  }

  static Views.PersonalItem personalItem(PersonalAlert alert, Text t) {
    return new Views.PersonalItem(
        alert.id(),
        alert.username() != null
            ? t.format("personal.toUser", alert.username())
            : t.format("personal.toRole", alert.role().label(), t.label("role", alert.role())),
        alert.message().toString(),
        alert.precedence().name(),
        alert.status().name(),
        alert.side(),
        alert.peer().value(),
        alert.level(),
        alert.loop(),
        alert.deadline(),
        alert.raisedAt());
  }

  static Views.SecurityItem securityItem(SecurityAlarm alarm) {
    return new Views.SecurityItem(
        alarm.id(),
        alarm.event().at(),
        alarm.event().peer(),
        alarm.event().kindName(),
        alarm.event().detail(),
        alarm.event().kind() == SecurityEvent.Kind.UNINTERPRETABLE_ENTRY);
  }

  /** Sends {@code html} as a full page or fragment. */
  void html(Context ctx, String template, Object model) {
    ctx.html(templates.render(template, model));
  }

  /** After a POST: a one-time notice for the next page, and a 303 to it. */
  void redirect(Context ctx, Viewer viewer, String path, String notice) {
    if (notice != null) {
      viewer.session().notice(notice);
    }
    ctx.redirect(path, HttpStatus.SEE_OTHER);
  }

  Instant now() {
    return services.clock().instant();
  }
}
