package org.hotline.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.hotline.InvalidInputException;
import org.hotline.Json;
import org.hotline.console.Actor;
import org.hotline.console.PendingRelease;
import org.hotline.console.Releases;
import org.hotline.identity.PartyId;
import org.hotline.link.LinkStore;
import org.hotline.link.Links;
import org.hotline.link.MessageRecord;
import org.hotline.link.SecurityEvent;
import org.hotline.link.entry.Draft;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.link.entry.StatusFlag;
import org.hotline.link.entry.UninterpretableEntry;
import org.hotline.link.send.Outbox;
import org.hotline.web.console.Console;

/** Handlers for messages, links and security events. Thread-safe. */
final class MessagesApi {
  /** Listing pages hold at most this many items; callers page on with the cursor. */
  static final int PAGE_LIMIT_MAX = 1_000;

  static final int PAGE_LIMIT_DEFAULT = 100;

  private static final ObjectMapper JSON = Json.mapper();
  private final Links links;

  /**
   * How a received message met our suspensions of its channel ({@code CLEAR}, {@code
   * CROSSED_SUSPENSION}, {@code SENT_DESPITE_SUSPENSION}, {@code UNKNOWN_CHANNEL}), null for one we
   * sent.
   */
  private final java.util.function.Function<MessageRecord, String> arrival;

  /** Two-person release and its announcements; null when the node runs without a console. */
  private final Console console;

  private final java.util.function.Supplier<ApiServer.StoreWrites> storeWrites;

  /** Formatted notifications: their drafts, checked against the link's adoptions, and views. */
  private final org.hotline.crisis.Crisis crisis;

  /** A message's translations as the record holds them ({@link CrisisApi#translations}). */
  private final java.util.function.Function<MessageRecord, List<java.util.Map<String, Object>>>
      translations;

  MessagesApi(
      Links links,
      Console console,
      java.util.function.Supplier<ApiServer.StoreWrites> storeWrites,
      java.util.function.Function<MessageRecord, String> arrival,
      org.hotline.crisis.Crisis crisis,
      java.util.function.Function<MessageRecord, List<java.util.Map<String, Object>>>
          translations) {
    this.crisis = crisis;
    this.arrival = arrival;
    this.translations = translations;
    this.links = links;
    this.console = console;
    this.storeWrites = storeWrites;
  }

  /** The body of {@code POST /api/v1/messages}. */
  record SendRequest(
      String to,
      String precedence,
      String subject,
      String body,
      String language,
      String status,
      String inReplyTo,
      String channel,
      String template,
      Integer version,
      com.fasterxml.jackson.databind.JsonNode fields) {
    /**
     * The draft of this request: a plain message, or, when it names a template, a formatted
     * notification checked by {@code crisis} ({@link
     * org.hotline.crisis.Crisis#formattedNotification}).
     */
    Draft draft(org.hotline.crisis.Crisis crisis) {
      if (template == null) {
        if (version != null || fields != null) {
          throw new InvalidInputException(
              version != null ? "version" : "fields",
              "version and fields belong to a formatted notification, which names its template");
        }
        return draft();
      }
      if (subject != null || body != null || inReplyTo != null) {
        throw new InvalidInputException(
            subject != null ? "subject" : body != null ? "body" : "in_reply_to",
            "a formatted notification has fields instead of subject, body and in_reply_to");
      }
      if (to == null) {
        throw new InvalidInputException("to", "recipient party 'to' is required");
      }
      if (fields == null || !fields.isObject()) {
        throw new InvalidInputException(
            "fields", "fields is required: a JSON object of the notification's values");
      }
      if (!org.hotline.link.entry.TemplateRef.isId(template)) {
        throw new InvalidInputException(
            "template", "template must be a template's id, a lower-case word");
      }
      return crisis
          .formattedNotification(
              asField("to", () -> PartyId.of(to)),
              template,
              version,
              channel,
              Precedence.parse(precedence),
              StatusFlag.parse(status),
              fields.toString())
          .withLanguage(language);
    }

    Draft draft() {
      if (to == null) {
        throw new InvalidInputException("to", "recipient party 'to' is required");
      }
      return new Draft(
          asField("to", () -> PartyId.of(to)),
          Precedence.parse(precedence),
          StatusFlag.parse(status),
          subject,
          body,
          language,
          inReplyTo == null ? null : asField("in_reply_to", () -> MessageId.parse(inReplyTo)),
          channel);
    }

    /** Parsers name the type they parse ("party", "id"); the caller needs the request field. */
    private static <T> T asField(String field, java.util.function.Supplier<T> parse) {
      try {
        return parse.get();
      } catch (InvalidInputException e) {
        throw new InvalidInputException(field, field + ": " + e.getMessage());
      }
    }
  }

  record BatchRequest(List<SendRequest> messages) {}

  record BatchResponse(List<Outbox.Accepted> messages) {}

  /**
   * {@code deadline}: when an acknowledgement is due (null for messages stored before deadlines
   * existed); {@code overdue}: unanswered past it (ACK OVERDUE); {@code deadline_missed_at}: when
   * the sender put the missed deadline on the record.
   */
  record MessageSummary(
      String id,
      String from,
      String to,
      Long seq,
      String precedence,
      String status,
      String subject,
      String language,
      String state,
      String answer,
      Instant created,
      Instant acceptedAt,
      Instant deliveredAt,
      Instant readAt,
      Instant deadline,
      boolean overdue,
      Instant deadlineMissedAt,
      String channel,
      Long seen,
      NotificationView notification,
      List<java.util.Map<String, Object>> translations) {
    static MessageSummary of(
        MessageRecord record,
        Instant now,
        org.hotline.crisis.Crisis crisis,
        List<java.util.Map<String, Object>> translations) {
      return new MessageSummary(
          record.id().toString(),
          record.from().value(),
          record.to().value(),
          record.seq() == 0 ? null : record.seq(),
          record.draft().precedence().name(),
          record.draft().status().name(),
          record.draft().subject(),
          record.draft().language(),
          record.state().name(),
          record.answer() == null ? null : record.answer().name(),
          record.created(),
          record.acceptedAt(),
          record.deliveredAt(),
          record.readAt(),
          record.deadline(),
          record.overdue(now),
          record.deadlineMissedAt(),
          record.draft().channel(),
          record.seen(),
          NotificationView.of(record, crisis),
          translations);
    }
  }

  /**
   * A formatted notification as message views show it: its template, its values, and whether they
   * keep the template adopted on the link (VALID, INVALID or UNKNOWN_TEMPLATE) with the problems.
   * {@code fields} is null when the signed values are not JSON (the body holds them as signed).
   */
  record NotificationView(
      String template,
      int version,
      String sha256,
      com.fasterxml.jackson.databind.JsonNode fields,
      String validity,
      List<org.hotline.notice.FieldProblem> problems) {
    /** The view of {@code record}, or null for a plain message. */
    static NotificationView of(MessageRecord record, org.hotline.crisis.Crisis crisis) {
      return crisis
          .notification(record)
          .map(
              read ->
                  new NotificationView(
                      read.ref().id(),
                      read.ref().version(),
                      read.ref().sha256(),
                      values(read.values()),
                      read.validity().name(),
                      read.problems()))
          .orElse(null);
    }

    private static com.fasterxml.jackson.databind.JsonNode values(String values) {
      try {
        return JSON.readTree(values);
      } catch (JsonProcessingException e) {
        return null;
      }
    }
  }

  /** The body of ack, decline and read; {@code note} is the decline's reason. */
  record ResponseRequest(String by, String note, String reason) {}

  record Response(
      String id,
      String kind,
      String by,
      String note,
      Instant at,
      String direction,
      String log,
      Long seq) {}

  record Receipt(long size, Instant at, String cosignedCheckpoint) {}

  record MessageDetail(
      String id,
      String from,
      String to,
      Long seq,
      String precedence,
      String status,
      String subject,
      String body,
      String language,
      String inReplyTo,
      String state,
      String answer,
      Instant created,
      Instant acceptedAt,
      Instant sentAt,
      Instant deliveredAt,
      Instant readAt,
      Instant deadline,
      boolean overdue,
      Instant deadlineMissedAt,
      String channel,
      Long seen,
      String arrival,
      Receipt receipt,
      List<Response> responses,
      String peerCouldNotRead,
      Release release,
      NotificationView notification,
      List<java.util.Map<String, Object>> translations) {}

  /**
   * How the message passed two-person release, when it went through it: approved by a second
   * person, or {@code bypassed} because it was sent with a token named an automated sender.
   */
  record Release(
      long id,
      String state,
      String draftedBy,
      Instant draftedAt,
      String decidedBy,
      Instant decidedAt,
      boolean bypassed,
      String reason) {
    static Release of(PendingRelease release) {
      return new Release(
          release.id(),
          release.state().name(),
          release.draftedBy(),
          release.draftedAt(),
          release.decidedBy(),
          release.decidedAt(),
          release.bypassed(),
          release.reason());
    }
  }

  /**
   * The answer to a FLASH submission that waits for two-person release (202): nothing is queued
   * until a console user with the release permission approves it on the console's {@code
   * releasePage}; the message id is given then.
   */
  record HeldForRelease(
      long release,
      String state,
      String draftedBy,
      Instant draftedAt,
      String releasePage,
      String detail) {}

  /** Where the console lists drafts waiting for release. */
  static final String RELEASE_PAGE = "/releases";

  record Page(List<MessageSummary> items, String nextCursor) {}

  void send(Context ctx) throws IOException {
    SendRequest request = parse(ctx, SendRequest.class);
    Draft draft = request.draft(crisis);
    if (console != null && console.releases().holdsApiSubmission(draft)) {
      // Refused now, as a submission would be, not when someone releases it.
      PendingRelease held = console.releases().hold(links.outbox().check(draft), tokenHolder(ctx));
      console.announceHeld(held);
      ctx.status(HttpStatus.ACCEPTED)
          .header("Location", RELEASE_PAGE)
          .json(
              new HeldForRelease(
                  held.id(),
                  held.state().name(),
                  held.draftedBy(),
                  held.draftedAt(),
                  RELEASE_PAGE,
                  "two-person release is on: this FLASH is queued once a console user with the"
                      + " release permission approves release "
                      + held.id()
                      + " at "
                      + RELEASE_PAGE));
      return;
    }
    Outbox.Accepted accepted = links.outbox().submit(List.of(draft)).get(0);
    recordBypasses(ctx, List.of(draft), List.of(accepted));
    ctx.status(HttpStatus.CREATED)
        .header("Location", "/api/v1/messages/" + accepted.id())
        .json(accepted);
  }

  void sendBatch(Context ctx) throws IOException {
    BatchRequest request = parse(ctx, BatchRequest.class);
    if (request.messages() == null) {
      throw new InvalidInputException("messages", "'messages' is required");
    }
    List<Draft> drafts = new java.util.ArrayList<>(request.messages().size());
    for (int i = 0; i < request.messages().size(); i++) {
      SendRequest message = request.messages().get(i);
      if (message == null) {
        throw new InvalidInputException(
            "messages[" + i + "]", "message " + i + " is not a JSON object");
      }
      Draft draft;
      try {
        draft = message.draft(crisis);
      } catch (InvalidInputException e) {
        throw new InvalidInputException(
            "messages[" + i + "]." + e.field(), "message " + i + ": " + e.getMessage());
      }
      if (console != null && console.releases().holdsApiSubmission(draft)) {
        throw new InvalidInputException(
            "messages[" + i + "].precedence",
            "message "
                + i
                + ": two-person release is on, so a FLASH waits for release and cannot be part"
                + " of a batch; send it alone with POST /api/v1/messages");
      }
      drafts.add(draft);
    }
    List<Outbox.Accepted> accepted = links.outbox().submit(drafts);
    recordBypasses(ctx, drafts, accepted);
    ctx.status(HttpStatus.CREATED).json(new BatchResponse(accepted));
  }

  /** The API token's holder, as the audit log and the release record name it. */
  private static Actor tokenHolder(Context ctx) {
    return new Actor(Releases.API_TOKEN_DRAFTER, ctx.ip());
  }

  /** FLASH messages that skipped release because the token may: audited and marked. */
  private void recordBypasses(Context ctx, List<Draft> drafts, List<Outbox.Accepted> accepted) {
    if (console == null) {
      return;
    }
    for (int i = 0; i < drafts.size(); i++) {
      if (console.releases().bypassedByApiToken(drafts.get(i))) {
        console.releases().recordBypass(drafts.get(i), tokenHolder(ctx), accepted.get(i).id());
      }
    }
  }

  void list(Context ctx) {
    String box = ctx.queryParam("box");
    LinkStore.Box which =
        switch (box == null ? "inbox" : box) {
          case "inbox" -> LinkStore.Box.INBOX;
          case "outbox" -> LinkStore.Box.OUTBOX;
          default -> throw new InvalidInputException("box", "box must be inbox or outbox");
        };
    int limit = intParam(ctx, "limit", PAGE_LIMIT_DEFAULT);
    if (limit < 1 || limit > PAGE_LIMIT_MAX) {
      throw new InvalidInputException("limit", "limit must be 1 to " + PAGE_LIMIT_MAX);
    }
    long before = ctx.queryParam("cursor") == null ? Long.MAX_VALUE : longParam(ctx, "cursor");
    String channel = ctx.queryParam("channel");
    if (channel != null && !Draft.isChannelName(channel)) {
      throw new InvalidInputException(
          "channel", "channel must be a lower-case word of up to 32 characters");
    }
    List<MessageRecord> records = links.messages(which, channel, before, limit);
    String next =
        records.size() == limit ? Long.toString(records.get(records.size() - 1).cursor()) : null;
    Instant now = links.now();
    ctx.json(
        new Page(
            records.stream()
                .map(record -> MessageSummary.of(record, now, crisis, translations.apply(record)))
                .toList(),
            next));
  }

  void show(Context ctx) {
    MessageRecord record = links.signedMessage(MessageId.parse(ctx.pathParam("id")));
    Receipt receipt =
        links
            .receipt(record)
            .map(r -> new Receipt(r.size(), r.at(), r.cosignedNote()))
            .orElse(null);
    var draft = record.draft();
    ctx.json(
        new MessageDetail(
            record.id().toString(),
            record.from().value(),
            record.to().value(),
            record.seq() == 0 ? null : record.seq(),
            draft.precedence().name(),
            draft.status().name(),
            draft.subject(),
            draft.body(),
            draft.language(),
            draft.inReplyTo() == null ? null : draft.inReplyTo().toString(),
            record.state().name(),
            record.answer() == null ? null : record.answer().name(),
            record.created(),
            record.acceptedAt(),
            record.sentAt(),
            record.deliveredAt(),
            record.readAt(),
            record.deadline(),
            record.overdue(links.now()),
            record.deadlineMissedAt(),
            draft.channel(),
            record.seen(),
            arrival.apply(record),
            receipt,
            links.responses(record.id()).stream()
                .map(
                    r ->
                        new Response(
                            r.entryId().toString(),
                            r.kind().name(),
                            r.by(),
                            r.note(),
                            r.at(),
                            r.incoming() ? "received" : "sent",
                            r.log(),
                            r.seq()))
                .toList(),
            links.unreadByPeer(record).map(UninterpretableEntry::reason).orElse(null),
            console == null
                ? null
                : console.releases().ofMessage(record.id()).map(Release::of).orElse(null),
            NotificationView.of(record, crisis),
            translations.apply(record)));
  }

  /** Who answers through the API when the request does not say: the API token's holder. */
  static final String API_USER = "api";

  void respond(Context ctx, org.hotline.link.entry.ResponseEntry.Kind kind) throws IOException {
    MessageId id = MessageId.parse(ctx.pathParam("id"));
    byte[] body = ctx.bodyAsBytes();
    ResponseRequest request =
        body.length == 0
            ? new ResponseRequest(null, null, null)
            : JSON.readValue(body, ResponseRequest.class);
    if (request == null) {
      request = new ResponseRequest(null, null, null);
    }
    String note =
        kind == org.hotline.link.entry.ResponseEntry.Kind.DECLINE
            ? request.reason()
            : request.note();
    if (kind == org.hotline.link.entry.ResponseEntry.Kind.DECLINE
        && (note == null || note.isBlank())) {
      throw new InvalidInputException("reason", "a decline needs a reason");
    }
    links.outbox().respond(id, kind, request.by() == null ? API_USER : request.by(), note);
    show(ctx);
  }

  /** {@code GET /api/v1/messages/{id}/proof}: base64 for bytes and hashes. */
  record ProofResponse(
      String id,
      String log,
      long seq,
      String entry,
      String leafHash,
      long treeSize,
      List<String> inclusionProof,
      String checkpoint,
      boolean receipted,
      boolean verified,
      String problem) {}

  void proof(Context ctx) {
    MessageRecord record = links.requireMessage(MessageId.parse(ctx.pathParam("id")));
    var proof =
        links
            .proof(record)
            .orElseThrow(
                () ->
                    new org.hotline.NotFoundException(
                        "message " + record.id() + " has no place in its log yet (still queued)"));
    java.util.Base64.Encoder base64 = java.util.Base64.getEncoder();
    ctx.json(
        new ProofResponse(
            proof.id().toString(),
            proof.log(),
            proof.seq(),
            proof.entry() == null ? null : base64.encodeToString(proof.entry()),
            proof.leafHash() == null ? null : base64.encodeToString(proof.leafHash()),
            proof.size(),
            proof.inclusionProof().stream().map(base64::encodeToString).toList(),
            proof.checkpoint(),
            proof.receipted(),
            proof.verified(),
            proof.problem()));
  }

  record LinksResponse(List<Links.LinkStatus> links, ApiServer.StoreWrites store) {}

  void links(Context ctx) {
    ctx.json(new LinksResponse(links.status(), storeWrites.get()));
  }

  record SecurityEvents(List<SecurityEventView> events) {}

  /** A security event as the API shows it, its kind by its stored name. */
  record SecurityEventView(Instant at, String peer, String kind, String detail, String evidence) {
    static SecurityEventView of(SecurityEvent event) {
      return new SecurityEventView(
          event.at(), event.peer(), event.kindName(), event.detail(), event.evidence());
    }
  }

  void securityEvents(Context ctx) {
    int limit = intParam(ctx, "limit", PAGE_LIMIT_DEFAULT);
    if (limit < 1 || limit > PAGE_LIMIT_MAX) {
      throw new InvalidInputException("limit", "limit must be 1 to " + PAGE_LIMIT_MAX);
    }
    ctx.json(
        new SecurityEvents(
            links.securityEvents(limit).stream().map(SecurityEventView::of).toList()));
  }

  private static <T> T parse(Context ctx, Class<T> type) throws IOException {
    byte[] body = ctx.bodyAsBytes();
    if (body.length == 0) {
      throw new InvalidInputException("", "request body is empty; send a JSON object");
    }
    T value = JSON.readValue(body, type);
    if (value == null) {
      throw new InvalidInputException("", "request body must be a JSON object");
    }
    return value;
  }

  private static int intParam(Context ctx, String name, int fallback) {
    String text = ctx.queryParam(name);
    if (text == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new InvalidInputException(name, name + " must be a whole number");
    }
  }

  private static long longParam(Context ctx, String name) {
    try {
      return Long.parseLong(ctx.queryParam(name));
    } catch (NumberFormatException e) {
      throw new InvalidInputException(name, "not a cursor from a previous page");
    }
  }

  static byte[] bytes(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("response cannot be serialized", e);
    }
  }
}
