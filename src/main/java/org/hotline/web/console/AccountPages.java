package org.hotline.web.console;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.List;

/**
 * What a signed-in person sets for themselves, any role: the language of their console ({@code POST
 * /account/language}, from the selector in every page's header), and on {@code /account} their
 * second factor: setting up an authenticator (after their password again) and new recovery codes
 * (after a code from the authenticator).
 */
final class AccountPages {
  private final Console console;

  AccountPages(Console console) {
    this.console = console;
  }

  void register(JavalinConfig config) {
    config.routes.get("/account", ctx -> page(ctx, List.of(), null, 200));
    config.routes.post("/account/language", this::language);
    config.routes.post("/account/second-factor", this::setUp);
    config.routes.post("/account/recovery-codes", this::newCodes);
  }

  private void page(Context ctx, List<String> newCodes, String error, int status) {
    Viewer viewer = console.viewer(ctx);
    var accounts = console.services().accounts();
    var state = accounts.secondFactor(viewer.user().username());
    if (!newCodes.isEmpty()) {
      // Shown once, in answer to the POST.
      ctx.header("Cache-Control", "no-store");
    }
    ctx.status(status);
    console.html(
        ctx,
        "account.jte",
        new Views.AccountPage(
            console.frame(viewer, viewer.t().get("account.title"), "account"),
            viewer.t().label("role", viewer.user().role()),
            state.map(s -> s.enrolledAt()).orElse(null),
            state.map(s -> s.recoveryCodesLeft()).orElse(0),
            accounts.secondFactorRequired(viewer.user().role()),
            newCodes,
            error));
  }

  /** The password again, then the enrolment step of the sign-in pages, back here afterwards. */
  private void setUp(Context ctx) {
    Viewer viewer = console.viewer(ctx);
    String password = ctx.formParam("password") == null ? "" : ctx.formParam("password");
    var accounts = console.services().accounts();
    if (accounts.secondFactor(viewer.user().username()).isPresent()
        || !accounts.confirmPassword(viewer.user().username(), password.toCharArray(), ctx.ip())) {
      page(ctx, List.of(), viewer.t().get("account.refused"), 403);
      return;
    }
    console.enrol(ctx, viewer.user().username(), "/account");
  }

  private void newCodes(Context ctx) {
    Viewer viewer = console.viewer(ctx);
    String code = ctx.formParam("code") == null ? "" : ctx.formParam("code").trim();
    java.util.Optional<List<String>> codes =
        console.services().accounts().newRecoveryCodes(viewer.user().username(), code, ctx.ip());
    if (codes.isEmpty()) {
      page(ctx, List.of(), viewer.t().get("account.refused"), 403);
      return;
    }
    page(ctx, codes.get(), null, 200);
  }

  private void language(Context ctx) {
    Viewer viewer = console.viewer(ctx);
    String language = ctx.formParam("language");
    console.services().accounts().setLanguage(viewer.user().username(), language, viewer.actor());
    Text chosen =
        Text.choose(
            org.hotline.console.User.checkLanguage(language),
            console.services().language(),
            ctx.header("Accept-Language"));
    // Back to the page the selector was on (the form says which), if it is one of this console's.
    console.redirect(
        ctx, viewer, SignInPages.next(ctx.formParam("back")), chosen.get("nav.languageSet"));
  }
}
