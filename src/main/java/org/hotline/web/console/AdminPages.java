package org.hotline.web.console;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.List;
import org.hotline.HotlineException;
import org.hotline.console.AuditEntry;
import org.hotline.console.Permission;
import org.hotline.console.Role;

/**
 * Administration: users (add, disable, enable, new password), peers with their fingerprints, the
 * audit log.
 */
final class AdminPages {
  /** Audit lines on one page; older ones follow a link. */
  static final int AUDIT_PAGE = 200;

  private final Console console;

  AdminPages(Console console) {
    this.console = console;
  }

  void register(JavalinConfig config) {
    config.routes.get("/admin", ctx -> page(ctx, null, 200));
    config.routes.post("/admin/users", this::addUser);
    config.routes.post("/admin/users/{username}/disable", ctx -> change(ctx, "disable"));
    config.routes.post("/admin/users/{username}/enable", ctx -> change(ctx, "enable"));
    config.routes.post("/admin/users/{username}/password", ctx -> change(ctx, "password"));
    config.routes.post(
        "/admin/users/{username}/second-factor/reset", ctx -> change(ctx, "secondFactorReset"));
  }

  private void page(Context ctx, String error, int status) {
    Viewer viewer = console.viewer(ctx);
    viewer.require(Permission.ADMINISTER);
    var accounts = console.services().accounts();
    java.util.Map<String, java.time.Instant> enrolled = accounts.secondFactorsEnrolled();
    List<Views.UserRow> users =
        accounts.list().stream()
            .map(
                u ->
                    new Views.UserRow(
                        u.username(),
                        viewer.t().label("role", u.role()),
                        u.disabled(),
                        accounts.waitsUntil(u.username()).orElse(null),
                        u.lastSignInAt(),
                        accounts.waitsUntil(u.username()).isPresent(),
                        enrolled.get(u.username()),
                        accounts.secondFactorRequired(u.role())))
            .toList();
    List<Views.Option> roles =
        Arrays.stream(Role.values())
            .map(
                r ->
                    new Views.Option(
                        r.label(), viewer.t().label("role", r), r == Role.DUTY_OFFICER))
            .toList();
    List<Views.PeerRow> peers =
        console.services().peers().peers().stream()
            .map(
                p ->
                    new Views.PeerRow(
                        p.id().value(),
                        p.card().name(),
                        p.card().fingerprint(),
                        String.join(" ", p.endpoints().stream().map(Object::toString).toList()),
                        p.mode().name()))
            .toList();
    long before = parseLong(ctx.queryParam("before"));
    List<AuditEntry> entries = console.services().audit().page(before, AUDIT_PAGE);
    List<Views.AuditRow> audit =
        entries.stream()
            .map(
                e ->
                    new Views.AuditRow(
                        e.id(),
                        e.at(),
                        e.username(),
                        e.action(),
                        e.target(),
                        e.detail(),
                        e.address()))
            .toList();
    Long older = entries.size() == AUDIT_PAGE ? entries.get(entries.size() - 1).id() : null;
    ctx.status(status);
    console.html(
        ctx,
        "admin.jte",
        new Views.AdminPage(
            console.frame(viewer, viewer.t().get("admin.title"), "admin"),
            users,
            roles,
            peers,
            audit,
            older,
            error));
  }

  private static long parseLong(String text) {
    if (text == null) {
      return Long.MAX_VALUE;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  private void addUser(Context ctx) {
    Viewer viewer = console.viewer(ctx);
    viewer.require(Permission.ADMINISTER);
    String password = ctx.formParam("password") == null ? "" : ctx.formParam("password");
    if (!password.equals(ctx.formParam("password_again"))) {
      page(ctx, viewer.t().get("admin.passwordsDiffer"), 400);
      return;
    }
    String username = ctx.formParam("username") == null ? "" : ctx.formParam("username").trim();
    try {
      console
          .services()
          .accounts()
          .add(username, Role.parse(ctx.formParam("role")), password.toCharArray(), viewer.actor());
    } catch (HotlineException e) {
      page(ctx, e.getMessage(), 400);
      return;
    }
    console.redirect(ctx, viewer, "/admin", viewer.t().format("admin.userAdded", username));
  }

  private void change(Context ctx, String what) {
    Viewer viewer = console.viewer(ctx);
    viewer.require(Permission.ADMINISTER);
    String username = ctx.pathParam("username");
    var accounts = console.services().accounts();
    switch (what) {
      case "disable" -> {
        if (username.equals(viewer.user().username())) {
          page(ctx, viewer.t().get("admin.notYourself"), 400);
          return;
        }
        accounts.disable(username, viewer.actor());
        console.services().sessions().endAll(username);
      }
      case "enable" -> accounts.enable(username, viewer.actor());
      case "secondFactorReset" -> {
        accounts.resetSecondFactor(username, viewer.actor());
        if (!username.equals(viewer.user().username())) {
          console.services().sessions().endAll(username);
        }
      }
      default -> {
        String password = ctx.formParam("password") == null ? "" : ctx.formParam("password");
        try {
          accounts.setPassword(username, password.toCharArray(), viewer.actor());
        } catch (HotlineException e) {
          page(ctx, e.getMessage(), 400);
          return;
        }
        if (!username.equals(viewer.user().username())) {
          console.services().sessions().endAll(username);
        }
      }
    }
    console.redirect(ctx, viewer, "/admin", viewer.t().format("admin." + what + "Done", username));
  }
}
