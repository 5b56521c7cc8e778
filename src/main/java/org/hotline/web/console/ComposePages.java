package org.hotline.web.console;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.List;
import org.hotline.InvalidInputException;
import org.hotline.console.Audit;
import org.hotline.console.PendingRelease;
import org.hotline.console.Permission;
import org.hotline.event.Event;
import org.hotline.identity.PartyId;
import org.hotline.link.MessageRecord;
import org.hotline.link.Peer;
import org.hotline.link.entry.Draft;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.link.entry.StatusFlag;
import org.hotline.link.send.Outbox;

/**
 * Composing and sending: the form (prefilled for a reply), a confirmation step for FLASH, and
 * two-person release of FLASH drafts when the node is set to it.
 */
final class ComposePages {
  private final Console console;

  ComposePages(Console console) {
    this.console = console;
  }

  void register(JavalinConfig config) {
    config.routes.get("/compose", this::form);
    config.routes.post("/compose", this::send);
    config.routes.get("/releases", this::releases);
    config.routes.post("/releases/{id}/approve", this::approve);
    config.routes.post("/releases/{id}/reject", this::reject);
    new NoticePages(console, this).register(config);
  }

  private void form(Context ctx) {
    Viewer viewer = console.viewer(ctx);
    viewer.require(Permission.SEND);
    Views.ComposeForm form =
        new Views.ComposeForm(
            "",
            Precedence.ROUTINE.name(),
            StatusFlag.ACTUAL.name(),
            Draft.LANGUAGE_DEFAULT,
            "",
            "",
            "",
            Draft.CHANNEL_DEFAULT,
            null,
            null);
    String replyTo = ctx.queryParam("reply_to");
    if (replyTo != null) {
      MessageRecord original = console.services().links().requireMessage(MessageId.parse(replyTo));
      String subject =
          original.draft().subject().startsWith("Re: ")
              ? original.draft().subject()
              : "Re: " + original.draft().subject();
      subject =
          subject.length() > Draft.SUBJECT_LENGTH_MAX
              ? subject.substring(0, Draft.SUBJECT_LENGTH_MAX)
              : subject;
      PartyId other =
          original.from().equals(console.services().links().self())
              ? original.to()
              : original.from();
      form =
          new Views.ComposeForm(
              other.value(),
              original.draft().precedence().name(),
              original.draft().status().name(),
              original.draft().language(),
              subject,
              "",
              original.id().toString(),
              original.draft().channel(),
              null,
              null);
    }
    page(ctx, viewer, form, false, 200);
  }

  private void page(
      Context ctx, Viewer viewer, Views.ComposeForm form, boolean confirmFlash, int status) {
    Text t = viewer.t();
    List<Views.Option> peers = peers(form.to());
    List<Views.Option> precedences = precedences(t, form.precedence());
    List<Views.Option> statuses = statuses(t, form.status());
    List<Views.Option> channels =
        channelNames().stream().map(c -> new Views.Option(c, c, c.equals(form.channel()))).toList();
    boolean held =
        console.services().releases().twoPersonRelease() && !viewer.can(Permission.RELEASE);
    ctx.status(status);
    console.html(
        ctx,
        "compose.jte",
        new Views.ComposePage(
            console.frame(
                viewer, t.get(confirmFlash ? "compose.confirmTitle" : "compose.title"), "compose"),
            form,
            peers,
            precedences,
            statuses,
            channels,
            confirmFlash,
            held));
  }

  private void send(Context ctx) {
    Viewer viewer = console.viewer(ctx);
    viewer.require(Permission.SEND);
    Views.ComposeForm form =
        new Views.ComposeForm(
            field(ctx, "to"),
            field(ctx, "precedence"),
            field(ctx, "status"),
            field(ctx, "language"),
            field(ctx, "subject"),
            ctx.formParam("body") == null ? "" : ctx.formParam("body"),
            field(ctx, "in_reply_to"),
            field(ctx, "channel").isEmpty() ? Draft.CHANNEL_DEFAULT : field(ctx, "channel"),
            null,
            null);
    Draft draft;
    try {
      draft = draft(form, viewer.t());
    } catch (InvalidInputException e) {
      page(ctx, viewer, withError(form, e.getMessage(), e.field()), false, 400);
      return;
    }
    if (draft.precedence() == Precedence.FLASH && !"yes".equals(ctx.formParam("confirmed"))) {
      page(ctx, viewer, form, true, 200);
      return;
    }
    Refusal refusal = deliver(ctx, viewer, draft);
    if (refusal != null) {
      page(
          ctx,
          viewer,
          withError(form, refusal.message(), refusal.field()),
          false,
          refusal.status());
    }
  }

  /** The peers a form offers, {@code chosen} selected. */
  List<Views.Option> peers(String chosen) {
    return console.services().peers().peers().stream()
        .map(Peer::id)
        .map(id -> new Views.Option(id.value(), id.value(), id.value().equals(chosen)))
        .toList();
  }

  /** The precedences a form offers, {@code chosen} selected. */
  static List<Views.Option> precedences(Text t, String chosen) {
    return java.util.Arrays.stream(Precedence.values())
        .map(p -> new Views.Option(p.name(), t.label("precedence", p), p.name().equals(chosen)))
        .toList();
  }

  /** The status flags a form offers, {@code chosen} selected. */
  static List<Views.Option> statuses(Text t, String chosen) {
    return java.util.Arrays.stream(StatusFlag.values())
        .map(s -> new Views.Option(s.name(), t.label("status", s), s.name().equals(chosen)))
        .toList();
  }

  /** Why the outbox refused a draft: the status to answer, and the form field at fault. */
  record Refusal(int status, String message, String field) {}

  /**
   * Holds {@code draft} for a releasing officer when the node's rules want a second person, else
   * submits it, audits it and redirects to the message; the same for every form that sends. Returns
   * the outbox's refusal instead, having written nothing, for the form to show as typed.
   */
  Refusal deliver(Context ctx, Viewer viewer, Draft draft) {
    if (console.services().releases().needsSecondPerson(draft, viewer.user().role())) {
      Draft checked;
      try {
        // Refused now, as a submission would be, not when someone releases it.
        checked = console.services().links().outbox().check(draft);
      } catch (InvalidInputException e) {
        return new Refusal(400, e.getMessage(), e.field());
      } catch (org.hotline.ChannelRefusedException e) {
        return new Refusal(409, e.getMessage(), "channel");
      }
      PendingRelease held = console.services().releases().hold(checked, viewer.actor());
      console
          .services()
          .links()
          .events()
          .publish(new Event.ReleaseChanged(held.id(), held.state()));
      console.redirect(
          ctx, viewer, "/outbox", viewer.t().format("compose.held", String.valueOf(held.id())));
      return null;
    }
    MessageId id;
    try {
      id = submit(draft);
    } catch (InvalidInputException e) {
      return new Refusal(400, e.getMessage(), e.field());
    } catch (org.hotline.ChannelRefusedException e) {
      // The channel's state says no (the peer suspended it, or it does not take this precedence):
      // the form stays as written, with the channel and the peer's reason.
      return new Refusal(409, e.getMessage(), "channel");
    }
    console
        .services()
        .audit()
        .record(
            viewer.actor(),
            Audit.MESSAGE_SEND,
            id.toString(),
            draft.precedence()
                + " "
                + draft.status()
                + " to "
                + draft.to()
                + ": "
                + draft.subject());
    console.redirect(ctx, viewer, "/messages/" + id, viewer.t().get("compose.sent"));
    return null;
  }

  private MessageId submit(Draft draft) {
    Outbox.Accepted accepted = console.services().links().outbox().submit(List.of(draft)).get(0);
    return accepted.id();
  }

  /**
   * The channels the form offers: the five every link has, then those the parties agreed on any
   * link, by name. A channel another link lacks is refused on sending, naming the channel.
   */
  List<String> channelNames() {
    java.util.TreeSet<String> agreed = new java.util.TreeSet<>();
    var crisis = console.services().crisis();
    for (var peer : crisis.peers()) {
      crisis.state(peer).channels().stream()
          .filter(org.hotline.crisis.Channel::exists)
          .map(org.hotline.crisis.Channel::channel)
          .filter(name -> !Draft.CHANNELS_DEFAULT.contains(name))
          .forEach(agreed::add);
    }
    List<String> names = new java.util.ArrayList<>(Draft.CHANNELS_DEFAULT);
    names.addAll(agreed);
    return names;
  }

  private static Views.ComposeForm withError(Views.ComposeForm form, String error, String field) {
    return new Views.ComposeForm(
        form.to(),
        form.precedence(),
        form.status(),
        form.language(),
        form.subject(),
        form.body(),
        form.inReplyTo(),
        form.channel(),
        error,
        field);
  }

  private static String field(Context ctx, String name) {
    String value = ctx.formParam(name);
    return value == null ? "" : value.trim();
  }

  /**
   * The form as a {@link Draft}; throws {@link InvalidInputException} naming the field at fault.
   */
  private static Draft draft(Views.ComposeForm form, Text t) {
    if (form.to().isEmpty()) {
      throw new InvalidInputException("to", t.get("compose.chooseRecipient"));
    }
    PartyId to;
    try {
      to = PartyId.of(form.to());
    } catch (InvalidInputException e) {
      throw new InvalidInputException("to", e.getMessage());
    }
    MessageId inReplyTo = form.inReplyTo().isEmpty() ? null : MessageId.parse(form.inReplyTo());
    return new Draft(
        to,
        Precedence.parse(form.precedence()),
        StatusFlag.parse(form.status()),
        form.subject(),
        form.body(),
        form.language().isEmpty() ? null : form.language(),
        inReplyTo,
        form.channel());
  }

  // ------------------------------------------------------------------ two-person release

  private void releases(Context ctx) {
    Viewer viewer = console.viewer(ctx);
    List<Views.ReleaseRow> rows =
        console.services().releases().pending().stream()
            .map(r -> releaseRow(r, viewer, console.services().crisis()))
            .toList();
    console.html(
        ctx,
        "releases.jte",
        new Views.ReleasesPage(
            console.frame(viewer, viewer.t().get("releases.title"), "releases"), rows));
  }

  static Views.ReleaseRow releaseRow(
      PendingRelease release, Viewer viewer, org.hotline.crisis.Crisis crisis) {
    Draft draft = release.draft();
    return new Views.ReleaseRow(
        release.id(),
        draft.to().value(),
        draft.precedence().name(),
        draft.status().name(),
        Notices.subject(draft, draft.to(), crisis, viewer.t().language()),
        Notices.body(draft, draft.to(), crisis, viewer.t().language()),
        release.draftedBy(),
        release.draftedAt(),
        viewer.can(Permission.RELEASE) && !release.draftedBy().equals(viewer.user().username()));
  }

  private void approve(Context ctx) {
    Viewer viewer = console.viewer(ctx);
    long id = releaseId(ctx, viewer.t());
    MessageId message =
        console.services().releases().approve(id, viewer.user(), viewer.actor(), this::submit);
    console
        .services()
        .links()
        .events()
        .publish(new Event.ReleaseChanged(id, PendingRelease.State.RELEASED));
    console.redirect(
        ctx,
        viewer,
        "/messages/" + message,
        viewer.t().format("releases.approved", String.valueOf(id)));
  }

  private void reject(Context ctx) {
    Viewer viewer = console.viewer(ctx);
    long id = releaseId(ctx, viewer.t());
    console
        .services()
        .releases()
        .reject(id, viewer.user(), viewer.actor(), ctx.formParam("reason"));
    console
        .services()
        .links()
        .events()
        .publish(new Event.ReleaseChanged(id, PendingRelease.State.REJECTED));
    console.redirect(
        ctx, viewer, "/releases", viewer.t().format("releases.rejected", String.valueOf(id)));
  }

  private static long releaseId(Context ctx, Text t) {
    try {
      return Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw new org.hotline.NotFoundException(t.format("error.noRelease", ctx.pathParam("id")));
    }
  }
}
