package org.hotline.web.console;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hotline.console.Audit;
import org.hotline.console.PendingRelease;
import org.hotline.console.Permission;
import org.hotline.crisis.FormattedNotification;
import org.hotline.link.LinkStore;
import org.hotline.link.Links;
import org.hotline.link.MessageAnswer;
import org.hotline.link.MessageRecord;
import org.hotline.link.MessageState;
import org.hotline.link.Proofs;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.ResponseEntry;
import org.hotline.link.entry.UninterpretableEntry;
import org.hotline.watch.Alert;
import org.hotline.watch.Notification;
import org.hotline.watch.Watch;

/** The inbox, the outbox, and a message's own page with its timeline, proof and answers. */
final class MessagePages {
  /** Unanswered messages listed at once; past this the inbox says more are waiting. */
  static final int UNANSWERED_MAX = 500;

  /** Answered messages listed under the unanswered ones, newest first. */
  static final int ANSWERED_SHOWN_MAX = 100;

  /** Sent messages listed in the outbox, newest first. */
  static final int SENT_SHOWN_MAX = 200;

  private final Console console;
  private final Links links;

  MessagePages(Console console) {
    this.console = console;
    this.links = console.services().links();
  }

  void register(JavalinConfig config) {
    config.routes.get("/inbox", ctx -> inbox(ctx, "inbox.jte"));
    config.routes.get("/inbox/rows", ctx -> inbox(ctx, "inbox_rows.jte"));
    config.routes.get("/outbox", ctx -> outbox(ctx, "outbox.jte"));
    config.routes.get("/outbox/rows", ctx -> outbox(ctx, "outbox_rows.jte"));
    config.routes.get("/messages/{id}", this::message);
    config.routes.get("/messages/{id}/timeline", this::timeline);
    config.routes.get("/messages/{id}/translations", this::translationsFragment);
    config.routes.post("/messages/{id}/ack", ctx -> answer(ctx, ResponseEntry.Kind.ACK));
    config.routes.post("/messages/{id}/decline", ctx -> answer(ctx, ResponseEntry.Kind.DECLINE));
  }

  private void inbox(Context ctx, String template) {
    Viewer viewer = console.viewer(ctx);
    Instant now = console.now();
    List<Views.MessageRow> unanswered =
        links.unanswered(LinkStore.Box.INBOX, UNANSWERED_MAX).stream()
            .map(m -> row(m, now, subject(m, viewer)))
            .toList();
    List<Views.MessageRow> answered =
        links.messages(LinkStore.Box.INBOX, Long.MAX_VALUE, ANSWERED_SHOWN_MAX).stream()
            .filter(m -> m.answer() != null)
            .map(m -> row(m, now, subject(m, viewer)))
            .toList();
    Views.Frame frame =
        template.equals("inbox.jte")
            ? console.frame(viewer, viewer.t().get("inbox.title"), "inbox")
            : null;
    console.html(ctx, template, new Views.InboxPage(frame, viewer.t(), now, unanswered, answered));
  }

  private void outbox(Context ctx, String template) {
    Viewer viewer = console.viewer(ctx);
    Instant now = console.now();
    List<Views.MessageRow> sent =
        links.messages(LinkStore.Box.OUTBOX, Long.MAX_VALUE, SENT_SHOWN_MAX).stream()
            .map(m -> row(m, now, subject(m, viewer)))
            .toList();
    List<Views.ReleaseRow> held =
        console.services().releases().pending().stream()
            .map(r -> ComposePages.releaseRow(r, viewer, console.services().crisis()))
            .toList();
    Views.Frame frame =
        template.equals("outbox.jte")
            ? console.frame(viewer, viewer.t().get("outbox.title"), "outbox")
            : null;
    console.html(ctx, template, new Views.OutboxPage(frame, viewer.t(), now, held, sent));
  }

  /** What a list shows as a message's subject: a formatted notification's title in our language. */
  private String subject(MessageRecord m, Viewer viewer) {
    return Notices.subject(m, console.services().crisis(), viewer.t().language());
  }

  static Views.MessageRow row(MessageRecord m, Instant now, String subject) {
    boolean incoming = m.state() == MessageState.RECEIVED;
    return new Views.MessageRow(
        m.id().toString(),
        m.draft().precedence().name(),
        m.draft().status().name(),
        incoming ? m.from().value() : m.to().value(),
        subject,
        m.acceptedAt(),
        Deadlines.of(m),
        Deadlines.overdue(m, now),
        m.state().name(),
        m.answer() == null ? "" : m.answer().name(),
        m.readAt() != null,
        m.draft().channel());
  }

  private void message(Context ctx) {
    Viewer viewer = console.viewer(ctx);
    MessageRecord record = links.requireMessage(MessageId.parse(ctx.pathParam("id")));
    boolean incoming = record.state() == MessageState.RECEIVED;
    if (incoming && record.readAt() == null && viewer.can(Permission.ANSWER)) {
      record =
          links
              .outbox()
              .respond(record.id(), ResponseEntry.Kind.READ, viewer.user().username(), null);
      console
          .services()
          .audit()
          .record(viewer.actor(), Audit.MESSAGE_READ, record.id().toString(), "");
    }
    Instant now = console.now();
    Optional<PendingRelease> release = console.services().releases().ofMessage(record.id());
    Views.MessageView view = view(record, now);
    Optional<FormattedNotification> notification = console.services().crisis().notification(record);
    Views.TranslationsView translations = translations(record, incoming, viewer, notification);
    console.html(
        ctx,
        "message.jte",
        new Views.MessagePage(
            console.frame(viewer, subject(record, viewer), incoming ? "inbox" : "outbox"),
            now,
            view,
            timeline(record, release, now, viewer.t()),
            proof(record, viewer.t()),
            incoming && record.answer() == null && viewer.can(Permission.ANSWER),
            incoming && viewer.can(Permission.SEND),
            release.map(PendingRelease::decidedBy).orElse(""),
            release.map(PendingRelease::draftedBy).orElse(""),
            release.map(PendingRelease::bypassed).orElse(false),
            arrival(record),
            translations,
            Notices.card(record, notification, cardLanguage(ctx, viewer), byField(translations))
                .orElse(null)));
  }

  /** The language of a formatted notification's card: as asked ({@code ?card=zh}), else ours. */
  private static String cardLanguage(Context ctx, Viewer viewer) {
    String asked = ctx.queryParam("card");
    return asked != null ? asked : viewer.t().language();
  }

  /** {@code GET /messages/{id}/translations}: the section alone, for the live refresh. */
  private void translationsFragment(Context ctx) {
    Viewer viewer = console.viewer(ctx);
    MessageRecord record = links.requireMessage(MessageId.parse(ctx.pathParam("id")));
    console.html(
        ctx,
        "translations_fragment.jte",
        new Views.TranslationsFragment(
            viewer.t(),
            record.id().toString(),
            viewer.session().csrfToken(),
            translations(
                record,
                record.state() == MessageState.RECEIVED,
                viewer,
                console.services().crisis().notification(record))));
  }

  /** The translations of a notification's free-text fields, by the field's JSON Pointer. */
  private static Map<String, List<Views.TranslationRow>> byField(Views.TranslationsView view) {
    Map<String, List<Views.TranslationRow>> byField = new HashMap<>();
    for (Views.TranslationRow row : view.rows()) {
      if (!row.fieldLabel().isEmpty()) {
        byField.computeIfAbsent(row.field(), field -> new ArrayList<>()).add(row);
      }
    }
    return byField;
  }

  /** The languages the translate form offers: those the console speaks. */
  static final List<String> TRANSLATION_LANGUAGES = List.of("zh", "en");

  /**
   * The message's translations as the record holds them, and which form the viewer gets: the
   * reader's people who may send translate it, the author's dispute.
   */
  private Views.TranslationsView translations(
      MessageRecord record,
      boolean incoming,
      Viewer viewer,
      Optional<FormattedNotification> notification) {
    Text t = viewer.t();
    String labelled = Notices.language(t.language());
    Map<String, String> labels = new LinkedHashMap<>();
    notification.stream()
        .flatMap(read -> read.freeText().stream())
        .forEach(free -> labels.put(free.pointer(), free.label(labelled)));
    List<Views.TranslationRow> rows =
        console.services().crisis().translations(record).stream()
            .flatMap(translation -> translation.readings().stream())
            .map(
                reading ->
                    new Views.TranslationRow(
                        reading.id().toString(),
                        reading.language(),
                        reading.text(),
                        reading.field().orElse(""),
                        reading.field().map(field -> labels.getOrDefault(field, "")).orElse(""),
                        reading.by(),
                        reading.party().value(),
                        reading.at(),
                        reading.disputes().stream()
                            .map(
                                dispute ->
                                    new Views.DisputeRow(
                                        dispute.note(),
                                        dispute.by(),
                                        dispute.party().value(),
                                        dispute.at()))
                            .toList()))
            .toList();
    boolean send = viewer.can(Permission.SEND) && record.seq() > 0;
    List<Views.Option> languages =
        TRANSLATION_LANGUAGES.stream()
            .map(
                language ->
                    new Views.Option(
                        language, t.get("language." + language), language.equals(t.language())))
            .toList();
    List<Views.Option> fields =
        labels.entrySet().stream()
            .map(field -> new Views.Option(field.getKey(), field.getValue(), false))
            .toList();
    // A formatted notification is translated one free-text field at a time: with none, nothing.
    boolean translatable = notification.isEmpty() || !fields.isEmpty();
    return new Views.TranslationsView(
        record.to().value(),
        incoming && send && translatable,
        !incoming && send,
        languages,
        fields,
        rows);
  }

  /**
   * The bundle key of how a received message met our suspensions of its channel, or empty when
   * nothing is to be said (sent by us, clear).
   */
  private String arrival(MessageRecord record) {
    return console
        .services()
        .crisis()
        .arrival(record)
        .filter(arrival -> arrival != org.hotline.crisis.SharedState.Arrival.CLEAR)
        .map(arrival -> "message.arrival." + arrival.name())
        .orElse("");
  }

  private void timeline(Context ctx) {
    Viewer viewer = console.viewer(ctx);
    MessageRecord record = links.requireMessage(MessageId.parse(ctx.pathParam("id")));
    Instant now = console.now();
    Optional<PendingRelease> release = console.services().releases().ofMessage(record.id());
    console.html(
        ctx,
        "timeline.jte",
        new Views.TimelineFragment(
            viewer.t(),
            now,
            view(record, now),
            timeline(record, release, now, viewer.t()),
            proof(record, viewer.t())));
  }

  private void answer(Context ctx, ResponseEntry.Kind kind) {
    Viewer viewer = console.viewer(ctx);
    viewer.require(Permission.ANSWER);
    MessageId id = MessageId.parse(ctx.pathParam("id"));
    String note =
        kind == ResponseEntry.Kind.DECLINE ? ctx.formParam("reason") : ctx.formParam("note");
    if (kind == ResponseEntry.Kind.DECLINE && (note == null || note.isBlank())) {
      throw new org.hotline.InvalidInputException(
          "reason", viewer.t().get("message.declineNeedsReason"));
    }
    MessageAnswer wanted =
        kind == ResponseEntry.Kind.ACK ? MessageAnswer.ACKNOWLEDGED : MessageAnswer.DECLINED;
    // The outbox answers a repeated answer with the message as it stands and writes nothing; the
    // audit log says so rather than recording a second acknowledgement that never happened.
    boolean already = links.requireMessage(id).answer() == wanted;
    links.outbox().respond(id, kind, viewer.user().username(), note);
    console
        .services()
        .audit()
        .record(
            viewer.actor(),
            already
                ? Audit.MESSAGE_ANSWER_UNCHANGED
                : kind == ResponseEntry.Kind.ACK ? Audit.MESSAGE_ACK : Audit.MESSAGE_DECLINE,
            id.toString(),
            already ? "already " + wanted.name().toLowerCase(java.util.Locale.ROOT) : note);
    console.redirect(
        ctx,
        viewer,
        "/messages/" + id,
        viewer
            .t()
            .get(kind == ResponseEntry.Kind.ACK ? "message.acknowledged" : "message.declined"));
  }

  static Views.MessageView view(MessageRecord m, Instant now) {
    var draft = m.draft();
    return new Views.MessageView(
        m.id().toString(),
        m.state() == MessageState.RECEIVED ? "in" : "out",
        m.from().value(),
        m.to().value(),
        draft.precedence().name(),
        draft.status().name(),
        draft.subject(),
        draft.body(),
        draft.language(),
        draft.inReplyTo() == null ? "" : draft.inReplyTo().toString(),
        m.state().name(),
        m.answer() == null ? "" : m.answer().name(),
        m.seq() == 0 ? null : m.seq(),
        Deadlines.of(m),
        Deadlines.overdue(m, now),
        draft.channel());
  }

  /** What happened to the message, in order: from the record, the receipt and the answers. */
  private List<Views.Step> timeline(
      MessageRecord m, Optional<PendingRelease> release, Instant now, Text t) {
    List<Views.Step> steps = new ArrayList<>();
    boolean incoming = m.state() == MessageState.RECEIVED;
    steps.add(new Views.Step("timeline.created", m.created(), m.from().value(), "", false));
    if (release.isPresent()) {
      PendingRelease r = release.get();
      if (r.bypassed()) {
        steps.add(
            new Views.Step(
                "timeline.releaseBypassed", r.decidedAt(), r.draftedBy(), r.reason(), true));
      } else {
        steps.add(new Views.Step("timeline.drafted", r.draftedAt(), r.draftedBy(), "", false));
        steps.add(new Views.Step("timeline.released", r.decidedAt(), r.decidedBy(), "", false));
      }
    }
    if (incoming) {
      steps.add(
          new Views.Step(
              "timeline.received", m.acceptedAt(), "", m.seq() == 0 ? "" : "#" + m.seq(), false));
    } else {
      steps.add(new Views.Step("timeline.queued", m.acceptedAt(), "", "", false));
      if (m.sentAt() != null) {
        steps.add(new Views.Step("timeline.sent", m.sentAt(), "", "#" + m.seq(), false));
      }
      if (m.deliveredAt() != null) {
        String covers = links.receipt(m).map(r -> "1.." + r.size()).orElse("");
        steps.add(
            new Views.Step("timeline.delivered", m.deliveredAt(), m.to().value(), covers, false));
      }
    }
    for (LinkStore.ResponseRecord response : links.responses(m.id())) {
      String key =
          switch (response.kind()) {
            case READ -> "timeline.read";
            case ACK -> "timeline.acknowledged";
            case DECLINE -> "timeline.declined";
          };
      steps.add(
          new Views.Step(
              key,
              response.at(),
              t.format("timeline.who", response.by(), m.to().value()),
              response.note() == null ? "" : response.note(),
              response.kind() == ResponseEntry.Kind.DECLINE));
    }
    for (Notification notification : notifications(m)) {
      boolean escalation = notification.kind() == Alert.Kind.ESCALATION;
      if (notification.kind() == Alert.Kind.MISSED) {
        continue;
      }
      // Stored 1-based (Escalation.Fired#levelNumber), shown as stored, like the API and banner.
      String level =
          escalation && notification.level() != null
              ? t.format("timeline.escalationLevel", notification.level()) + " "
              : "";
      steps.add(
          new Views.Step(
              escalation ? "timeline.escalation" : "timeline.reminder",
              notification.raisedAt(),
              level + notification.target(),
              t.label("notification", notification.status()),
              escalation));
    }
    if (m.deadlineMissedAt() != null) {
      steps.add(new Views.Step("timeline.deadlineMissed", m.deadlineMissedAt(), "", "", true));
    } else if (m.answer() == null) {
      Instant deadline = Deadlines.of(m);
      steps.add(
          new Views.Step(
              now.isBefore(deadline) ? "timeline.deadline" : "timeline.deadlinePassed",
              deadline,
              "",
              "",
              !now.isBefore(deadline)));
    }
    steps.sort(
        java.util.Comparator.comparing(
            Views.Step::at, java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())));
    return steps;
  }

  /**
   * How many of the watch's latest notifications are searched for one message's reminders and
   * escalations.
   */
  static final int NOTIFICATIONS_SCANNED_MAX = 1_000;

  private List<Notification> notifications(MessageRecord m) {
    Watch watch = console.services().watch();
    if (watch == null) {
      return List.of();
    }
    return watch.notifications(NOTIFICATIONS_SCANNED_MAX).stream()
        .filter(n -> n.message().equals(m.id()))
        .toList();
  }

  private Views.ProofView proof(MessageRecord m, Text t) {
    Optional<Proofs.EntryProof> proof = links.proof(m);
    if (proof.isEmpty()) {
      return new Views.ProofView("queued", t.get("proof.queued"));
    }
    Proofs.EntryProof p = proof.get();
    if (!p.verified()) {
      return new Views.ProofView("failed", t.format("proof.failed", p.problem()));
    }
    Optional<UninterpretableEntry> unread = links.unreadByPeer(m);
    if (unread.isPresent()) {
      return new Views.ProofView(
          "unread-by-peer",
          t.format("proof.unreadByPeer", m.to().value(), unread.get().reason())
              + " "
              + t.format("proof.receipted", p.seq(), p.size(), p.log()));
    }
    if (p.receipted()) {
      return new Views.ProofView(
          "receipted", t.format("proof.receipted", p.seq(), p.size(), p.log()));
    }
    return new Views.ProofView("signed", t.format("proof.signed", p.seq(), p.size(), p.log()));
  }
}
