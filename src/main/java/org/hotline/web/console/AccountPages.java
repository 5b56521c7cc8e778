package org.hotline.web.console;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.net.URI;

/**
 * What a signed-in person sets for themselves: the language of their console ({@code POST
 * /account/language}, from the selector in every page's header). Any role may.
 */
final class AccountPages {
  private final Console console;

  AccountPages(Console console) {
    this.console = console;
  }

  void register(JavalinConfig config) {
    config.routes.post("/account/language", this::language);
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
    console.redirect(ctx, viewer, back(ctx.header("Referer")), chosen.get("nav.languageSet"));
  }

  /** The page the selector was on, if it was one of this console's; else the inbox. */
  static String back(String referer) {
    if (referer == null) {
      return "/inbox";
    }
    try {
      URI uri = URI.create(referer);
      String path = uri.getRawPath();
      return path == null ? "/inbox" : SignInPages.next(path);
    } catch (IllegalArgumentException e) {
      return "/inbox";
    }
  }
}
