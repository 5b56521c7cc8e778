package org.hotline.web.console;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import org.hotline.InvalidInputException;
import org.hotline.link.Links;
import org.hotline.link.SecurityEvent;
import org.hotline.link.health.LinkHealth;

/**
 * The links page: each peer's state, endpoint, round-trip chart, clock offset, queue and receipts;
 * and security events.
 */
final class LinkPages {
  /** Security events listed on the links page, newest first. */
  static final int EVENTS_SHOWN_MAX = 50;

  private final Console console;

  LinkPages(Console console) {
    this.console = console;
  }

  void register(JavalinConfig config) {
    config.routes.get("/links", this::page);
    config.routes.get(
        "/links/panel", ctx -> console.html(ctx, "links_panel.jte", fragment(console.viewer(ctx))));
    config.routes.post("/alarms/acknowledge", this::acknowledge);
  }

  private void page(Context ctx) {
    Viewer viewer = console.viewer(ctx);
    console.html(
        ctx,
        "links.jte",
        new Views.LinksPage(
            console.frame(viewer, viewer.t().get("links.title"), "links"), fragment(viewer)));
  }

  private Views.LinksFragment fragment(Viewer viewer) {
    Links links = console.services().links();
    Instant now = console.now();
    List<Views.LinkView> views =
        links.status().stream()
            .map(
                status -> {
                  LinkHealth health = links.heartbeats().health(status.peer());
                  return new Views.LinkView(
                      status.peer().value(),
                      status.name(),
                      status.state(),
                      status.endpoint(),
                      status.rttMillis(),
                      status.clockOffsetMillis(),
                      status.lastHeartbeatReceived(),
                      status.queued(),
                      status.inFlight(),
                      status.sent(),
                      status.deliveredUpTo(),
                      status.lastReceiptAt(),
                      status.received(),
                      status.lastError() == null ? "" : status.lastError(),
                      RttChart.of(health.history(), now),
                      status.blocked() == null
                          ? null
                          : Console.blockedItem(status.peer(), status.blocked()));
                })
            .toList();
    List<Views.SecurityItem> events =
        links.securityEvents(EVENTS_SHOWN_MAX).stream()
            .map(
                e ->
                    new Views.SecurityItem(
                        0,
                        e.at(),
                        e.peer(),
                        e.kindName(),
                        e.detail(),
                        e.kind() == SecurityEvent.Kind.UNINTERPRETABLE_ENTRY))
            .toList();
    return new Views.LinksFragment(viewer.t(), views, events);
  }

  private void acknowledge(Context ctx) {
    Viewer viewer = console.viewer(ctx);
    long through;
    try {
      through = Long.parseLong(ctx.formParam("through"));
    } catch (NumberFormatException e) {
      throw new InvalidInputException("through", viewer.t().get("error.notAlarmNumber"));
    }
    console.services().alarms().acknowledge(through, viewer.user(), viewer.actor());
    String back = ctx.header("Referer");
    console.redirect(
        ctx,
        viewer,
        back != null && back.contains("/links") ? "/links" : "/inbox",
        viewer.t().get("alarms.acknowledged"));
  }
}
