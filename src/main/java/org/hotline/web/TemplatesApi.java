package org.hotline.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.hotline.InvalidInputException;
import org.hotline.notice.TemplateLimits;
import org.hotline.notice.Templates;

/**
 * {@code /api/v1/templates}: the notification templates this node knows, shipped and added by its
 * operators (docs/notifications.md). A template's document is served as its canonical JSON with its
 * SHA-256 as the ETag. The API token adds under the name given in {@code by} (default {@code api}).
 * Thread-safe.
 */
final class TemplatesApi {
  private final Templates templates;

  TemplatesApi(Templates templates) {
    this.templates = templates;
  }

  void list(Context ctx) {
    ctx.json(Map.of("templates", templates.all().stream().map(TemplatesApi::summary).toList()));
  }

  void show(Context ctx) {
    Templates.Known known = templates.find(ctx.pathParam("id"), version(ctx.queryParam("version")));
    ctx.header("ETag", "\"" + known.template().sha256() + "\"");
    ctx.contentType("application/json").result(known.template().canonical());
  }

  void add(Context ctx) {
    String by = ctx.queryParam("by");
    Templates.Added added = templates.add(ctx.body(), by == null ? CrisisApi.BY_DEFAULT : by);
    ctx.status(added.created() ? HttpStatus.CREATED : HttpStatus.OK).json(summary(added.known()));
  }

  private static OptionalInt version(String text) {
    if (text == null) {
      return OptionalInt.empty();
    }
    try {
      int version = Integer.parseInt(text);
      if (version >= 1 && version <= TemplateLimits.VERSION_MAX) {
        return OptionalInt.of(version);
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new InvalidInputException(
        "version", "version: an integer from 1 to " + TemplateLimits.VERSION_MAX);
  }

  static Map<String, Object> summary(Templates.Known known) {
    Map<String, Object> shown = new LinkedHashMap<>();
    shown.put("id", known.template().id());
    shown.put("version", known.template().version());
    shown.put("sha256", known.template().sha256());
    shown.put("titles", known.template().titles());
    shown.put("source", known.source().name().toLowerCase(java.util.Locale.ROOT));
    shown.put("added_by", known.addedBy().isEmpty() ? null : known.addedBy());
    shown.put("added_at", known.addedAt() == null ? null : known.addedAt().toString());
    return shown;
  }
}
