package org.hotline.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hotline.InvalidInputException;
import org.hotline.Json;
import org.hotline.NotFoundException;
import org.hotline.console.Role;
import org.hotline.crisis.Channel;
import org.hotline.crisis.Commitment;
import org.hotline.crisis.Concern;
import org.hotline.crisis.Crisis;
import org.hotline.crisis.Incident;
import org.hotline.crisis.ObjectType;
import org.hotline.crisis.SharedObject;
import org.hotline.crisis.SharedState;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.ChangeEntry;
import org.hotline.link.entry.MessageId;

/**
 * {@code /api/v1/incidents}, {@code /api/v1/commitments}, {@code /api/v1/concerns}, {@code
 * /api/v1/channels}: the shared objects of the links and the changes to them (docs/crisis.md). The
 * API token acts as the node's operator: its changes are made with the rights of an administrator,
 * under the name given in {@code by} (default {@code api}). Thread-safe.
 */
final class CrisisApi {
  /**
   * The project's JSON reader, stricter still: an integer or a boolean given as text ({@code
   * "severity":"4"}) is refused, not read, so a change is made only from what the caller typed.
   */
  private static final ObjectMapper JSON = strict();

  /** A malformed id is quoted in the problem up to this length: an id is 36 characters. */
  static final int ID_QUOTED_CHARS_MAX = 40;

  /** Who a change is by when the caller does not say. */
  static final String BY_DEFAULT = "api";

  private final Crisis crisis;

  CrisisApi(Crisis crisis) {
    this.crisis = crisis;
  }

  /** The body of {@code POST /api/v1/incidents}. */
  record OpenIncident(
      String peer,
      String title,
      String summary,
      Long severity,
      String channel,
      List<String> messages,
      String by) {}

  /** The body of {@code POST /api/v1/incidents/{id}/changes}: exactly one change. */
  record IncidentChange(
      Long severity,
      String state,
      String lead,
      String scribe,
      String linkMessage,
      String note,
      String supersedes,
      Boolean proposeClose,
      Boolean acceptClose,
      Long reportNumber,
      String reportVersion,
      String reportSha256,
      String by) {}

  /** The body of {@code POST /api/v1/commitments}. */
  record ProposeCommitment(
      String peer,
      String owedBy,
      String what,
      String due,
      String incident,
      String message,
      String concern,
      String by) {}

  /** The body of {@code POST /api/v1/commitments/{id}/changes}: exactly one change. */
  record CommitmentChange(
      Boolean agree,
      Boolean withdraw,
      String reason,
      Boolean claimDone,
      Boolean confirmDone,
      Boolean missed,
      String note,
      String supersedes,
      String by) {}

  /** The body of {@code POST /api/v1/concerns}. */
  record RaiseConcern(String peer, String title, String summary, String by) {}

  /** The body of {@code POST /api/v1/concerns/{id}/changes}: exactly one change. */
  record ConcernChange(
      String status,
      String linkMessage,
      String linkIncident,
      String linkCommitment,
      String note,
      String supersedes,
      String by) {}

  /** The body of {@code POST /api/v1/channels}: a proposal of a channel's complete settings. */
  record ProposeChannel(
      String peer,
      String name,
      String description,
      List<String> precedences,
      Map<String, Long> deadlines,
      Boolean suspendable,
      String by) {}

  /** The body of {@code POST /api/v1/channels/{name}/accept}, {@code /suspend}, {@code /resume}. */
  record ChannelAction(String peer, String proposal, String reason, String by) {}

  /**
   * The body of {@code POST /api/v1/channels/{name}/adopt} and {@code /withdraw}: a template of
   * this node by id, at {@code version} (for an adoption, its newest when absent).
   */
  record TemplateAction(String to, String template, Integer version, String by) {}

  // ------------------------------------------------------------------ channels

  void channels(Context ctx) {
    String peerParameter = ctx.queryParam("peer");
    List<PartyId> peers = peerParameter == null ? crisis.peers() : List.of(peer(peerParameter));
    List<Map<String, Object>> all = new ArrayList<>();
    for (PartyId peer : peers) {
      SharedState state = crisis.state(peer);
      state.channels().forEach(channel -> all.add(channelView(state, channel)));
    }
    ctx.json(Map.of("channels", all));
  }

  void proposeChannel(Context ctx) throws IOException {
    ProposeChannel body = read(ctx, ProposeChannel.class);
    PartyId peer = peer(body.peer());
    if (body.name() == null) {
      throw new InvalidInputException("name", "name is required: the channel's, such as military");
    }
    Map<String, Object> data = new LinkedHashMap<>();
    put(data, "description", body.description());
    put(data, "precedences", body.precedences());
    if (body.deadlines() != null) {
      List<String> deadlines = new ArrayList<>();
      body.deadlines().entrySet().stream()
          .sorted(Comparator.comparingInt(e -> precedenceRank(e.getKey())))
          .forEach(e -> deadlines.add(e.getKey() + "=" + e.getValue()));
      data.put("deadlines", deadlines);
    }
    data.put("suspendable", Boolean.toString(body.suspendable() == null || body.suspendable()));
    channelChanged(ctx, peer, body.name(), "propose", data, body.by());
  }

  void acceptChannel(Context ctx) throws IOException {
    ChannelAction body = read(ctx, ChannelAction.class);
    Map<String, Object> data = new LinkedHashMap<>();
    if (body.proposal() == null) {
      throw new InvalidInputException("proposal", "proposal is required: the id of the proposal");
    }
    data.put("proposal", body.proposal());
    channelChanged(ctx, peer(body.peer()), ctx.pathParam("name"), "accept", data, body.by());
  }

  void suspendChannel(Context ctx) throws IOException {
    ChannelAction body = read(ctx, ChannelAction.class);
    Map<String, Object> data = new LinkedHashMap<>();
    if (body.reason() == null) {
      throw new InvalidInputException("reason", "reason is required: why the channel is suspended");
    }
    data.put("reason", body.reason());
    channelChanged(ctx, peer(body.peer()), ctx.pathParam("name"), "suspend", data, body.by());
  }

  void resumeChannel(Context ctx) throws IOException {
    ChannelAction body = read(ctx, ChannelAction.class);
    Map<String, Object> data = new LinkedHashMap<>();
    put(data, "reason", body.reason());
    channelChanged(ctx, peer(body.peer()), ctx.pathParam("name"), "resume", data, body.by());
  }

  /**
   * Adopts, for our receiving side of the channel, a template this node has: the adoption carries
   * its canonical text (docs/crisis.md §6a). 404 for a template this node does not have.
   */
  void adoptTemplate(Context ctx) throws IOException {
    TemplateAction body = read(ctx, TemplateAction.class);
    PartyId peer = peer(body.to());
    org.hotline.notice.Template template = known(templateId(body), body.version());
    channelChanged(
        ctx,
        peer,
        ctx.pathParam("name"),
        "adopt",
        Map.of("template", template.canonical()),
        body.by());
  }

  /** Withdraws one of our adoptions on the channel, named by id and version. */
  void withdrawTemplate(Context ctx) throws IOException {
    TemplateAction body = read(ctx, TemplateAction.class);
    PartyId peer = peer(body.to());
    if (body.version() == null) {
      throw new InvalidInputException(
          "version", "version is required: which adopted version to withdraw");
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("template", templateId(body));
    data.put("version", body.version().longValue());
    channelChanged(ctx, peer, ctx.pathParam("name"), "withdraw", data, body.by());
  }

  private static String templateId(TemplateAction body) {
    if (!org.hotline.link.entry.TemplateRef.isId(body.template())) {
      throw new InvalidInputException(
          "template",
          "template is required: a template's id, a lower-case word such as"
              + " aerial-object-sighting");
    }
    return body.template();
  }

  /**
   * The template {@code id} of this node at {@code version}, or its newest version when null: one
   * of the templates Hotline ships. Throws {@link NotFoundException} when there is none.
   */
  static org.hotline.notice.Template known(String id, Integer version) {
    return org.hotline.notice.TemplateCatalog.shipped().stream()
        .filter(template -> template.id().equals(id))
        .filter(template -> version == null || template.version() == version)
        .max(Comparator.comparingInt(org.hotline.notice.Template::version))
        .orElseThrow(
            () ->
                new NotFoundException(
                    "no template "
                        + id
                        + (version == null ? "" : " version " + version)
                        + " on this node"));
  }

  private static int precedenceRank(String name) {
    for (org.hotline.link.entry.Precedence precedence :
        org.hotline.link.entry.Precedence.values()) {
      if (precedence.name().equals(name)) {
        return precedence.rank();
      }
    }
    return Integer.MAX_VALUE; // the rules refuse it, naming deadlines
  }

  private void channelChanged(
      Context ctx, PartyId peer, String name, String op, Map<String, Object> data, String by) {
    Crisis.Accepted accepted =
        crisis.changeChannel(peer, name, op, data, by(by), Role.ADMINISTRATOR);
    ctx.status(HttpStatus.CREATED).json(answer(accepted, peer, accepted.change().object()));
  }

  /**
   * A channel as the API shows it: its name, whether the link has it, its agreed settings, who
   * suspended it for their receiving side, its open proposal, its timeline and state hash (which
   * enters the link's only once a change names the channel).
   */
  Map<String, Object> channelView(SharedState state, Channel channel) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", channel.channel());
    view.put("exists", channel.exists());
    Map<String, Object> settings =
        channel.settings().map(Channel.Settings::canonical).orElse(Map.of());
    view.put("description", settings.get("description"));
    view.put("precedences", settings.get("precedences"));
    view.put("deadlines", settings.get("deadlines"));
    view.put("suspendable", settings.get("suspendable"));
    view.put("suspended_by", channel.canonical().get("suspended_by"));
    view.put("adopted", adoptedView(state, channel));
    view.put(
        "proposals",
        channel
            .proposal()
            .map(
                proposal ->
                    List.of(
                        Map.of(
                            "id", proposal.id().toString(),
                            "by", proposal.party().value(),
                            "settings", proposal.settings().canonical())))
            .orElse(List.of()));
    view.put(
        "timeline",
        channel.timeline().stream().map(org.hotline.crisis.TimelineItem::shown).toList());
    view.put("peer", state.parties().peer().value());
    view.put("as_of", state.asOfShown());
    view.put("state_hash", channel.stateHash());
    view.put(
        "pending",
        crisis.pending(state.parties().peer()).stream()
            .filter(change -> change.object().equals(channel.name()))
            .map(change -> Map.of("id", change.id().toString(), "op", change.op()))
            .toList());
    return view;
  }

  /**
   * The templates each party adopted on the channel for its receiving side: {@code {"cn": [{"id",
   * "version", "sha256", "titles"}]}}, an empty list for a party that adopted none.
   */
  static Map<String, Object> adoptedView(SharedState state, Channel channel) {
    Map<String, Object> adopted = new LinkedHashMap<>();
    for (PartyId party : List.of(state.parties().self(), state.parties().peer())) {
      adopted.put(
          party.value(),
          channel.adopted(party).stream()
              .map(
                  template ->
                      Map.of(
                          "id",
                          template.id(),
                          "version",
                          template.version(),
                          "sha256",
                          template.sha256(),
                          "titles",
                          Map.of("en", template.title("en"), "zh", template.title("zh"))))
              .toList());
    }
    return adopted;
  }

  // ------------------------------------------------------------------ incidents

  void openIncident(Context ctx) throws IOException {
    OpenIncident body = read(ctx, OpenIncident.class);
    Map<String, Object> data = new LinkedHashMap<>();
    put(data, "title", body.title());
    put(data, "summary", body.summary());
    put(data, "severity", body.severity());
    put(data, "channel", body.channel());
    put(data, "messages", body.messages());
    created(ctx, ObjectType.INCIDENT, peer(body.peer()), data, body.by());
  }

  void changeIncident(Context ctx) throws IOException {
    IncidentChange body = read(ctx, IncidentChange.class);
    Change change = new Change();
    change.option(body.severity() != null, "severity", "severity", body.severity(), "severity");
    change.option(body.state() != null, "state", "state", body.state(), "state");
    change.option(body.lead() != null, "lead", "user", body.lead(), "lead");
    change.option(body.scribe() != null, "scribe", "user", body.scribe(), "scribe");
    change.option(
        body.linkMessage() != null, "link-message", "message", body.linkMessage(), "link_message");
    change.note(body.note(), body.supersedes());
    change.flag(body.proposeClose(), "propose-close", "propose_close");
    change.flag(body.acceptClose(), "accept-close", "accept_close");
    change.report(body.reportNumber(), body.reportVersion(), body.reportSha256());
    changed(ctx, ObjectType.INCIDENT, change, body.by());
  }

  void incident(Context ctx) {
    ctx.json(view(located(ObjectType.INCIDENT, ctx.pathParam("id")), true));
  }

  /**
   * {@code GET /api/v1/incidents?peer=&state=&channel=&limit=&offset=}: most recently changed
   * first.
   */
  void incidents(Context ctx) {
    String state = ctx.queryParam("state");
    if (state != null) {
      var unused = enumValue("state", state, Incident.State.class);
    }
    String channel = ctx.queryParam("channel");
    list(
        ctx,
        "incidents",
        Incident.class,
        incident ->
            (state == null || incident.state().name().equals(state))
                && (channel == null || incident.channel().equals(channel)));
  }

  // ------------------------------------------------------------------ commitments

  void proposeCommitment(Context ctx) throws IOException {
    ProposeCommitment body = read(ctx, ProposeCommitment.class);
    Map<String, Object> data = new LinkedHashMap<>();
    put(data, "owed_by", body.owedBy());
    put(data, "what", body.what());
    put(data, "due", body.due());
    put(data, "incident", body.incident());
    put(data, "message", body.message());
    put(data, "concern", body.concern());
    created(ctx, ObjectType.COMMITMENT, peer(body.peer()), data, body.by());
  }

  void changeCommitment(Context ctx) throws IOException {
    CommitmentChange body = read(ctx, CommitmentChange.class);
    Change change = new Change();
    change.flag(body.agree(), "agree", "agree");
    change.flag(body.withdraw(), "withdraw", "withdraw");
    if (body.reason() != null) {
      if (!Boolean.TRUE.equals(body.withdraw())) {
        throw new InvalidInputException("reason", "a reason goes with withdraw");
      }
      change.data.put("reason", body.reason());
    }
    change.flag(body.claimDone(), "claim-done", "claim_done");
    change.flag(body.confirmDone(), "confirm-done", "confirm_done");
    change.flag(body.missed(), "missed", "missed");
    change.note(body.note(), body.supersedes());
    changed(ctx, ObjectType.COMMITMENT, change, body.by());
  }

  void commitment(Context ctx) {
    ctx.json(view(located(ObjectType.COMMITMENT, ctx.pathParam("id")), true));
  }

  /** {@code GET /api/v1/commitments?peer=&state=&limit=&offset=}: due soonest first. */
  void commitments(Context ctx) {
    String state = ctx.queryParam("state");
    if (state != null) {
      var unused = enumValue("state", state, Commitment.State.class);
    }
    list(
        ctx,
        "commitments",
        Commitment.class,
        commitment -> state == null || commitment.state().name().equals(state));
  }

  // ------------------------------------------------------------------ concerns

  void raiseConcern(Context ctx) throws IOException {
    RaiseConcern body = read(ctx, RaiseConcern.class);
    Map<String, Object> data = new LinkedHashMap<>();
    put(data, "title", body.title());
    put(data, "summary", body.summary());
    created(ctx, ObjectType.CONCERN, peer(body.peer()), data, body.by());
  }

  void changeConcern(Context ctx) throws IOException {
    ConcernChange body = read(ctx, ConcernChange.class);
    Change change = new Change();
    change.option(body.status() != null, "status", "status", body.status(), "status");
    change.option(
        body.linkMessage() != null, "link", "message", body.linkMessage(), "link_message");
    change.option(
        body.linkIncident() != null, "link", "incident", body.linkIncident(), "link_incident");
    change.option(
        body.linkCommitment() != null,
        "link",
        "commitment",
        body.linkCommitment(),
        "link_commitment");
    change.note(body.note(), body.supersedes());
    changed(ctx, ObjectType.CONCERN, change, body.by());
  }

  void concern(Context ctx) {
    ctx.json(view(located(ObjectType.CONCERN, ctx.pathParam("id")), true));
  }

  /** {@code GET /api/v1/concerns?peer=&status=&limit=&offset=}. */
  void concerns(Context ctx) {
    String status = ctx.queryParam("status");
    if (status != null) {
      var unused = enumValue("status", status, Concern.Status.class);
    }
    list(
        ctx,
        "concerns",
        Concern.class,
        concern -> status == null || concern.status().name().equals(status));
  }

  // ------------------------------------------------------------------ shared

  /** One change of a request: its operation and arguments, exactly one per request. */
  private static final class Change {
    String op;
    final Map<String, Object> data = new LinkedHashMap<>();
    private String field;

    /** The request's name for each argument whose name on the wire differs ({@code user}). */
    private final Map<String, String> fields = new LinkedHashMap<>();

    void option(boolean given, String op, String argument, Object value, String field) {
      if (!given) {
        return;
      }
      take(op, field);
      data.put(argument, value);
      fields.put(argument, field);
    }

    /**
     * {@code refused} with the argument it names given the request's name for it: the rules name
     * {@code text}, the caller sent {@code note}.
     */
    InvalidInputException asRequested(InvalidInputException refused) {
      String requested = fields.get(refused.field());
      if (requested == null) {
        return refused;
      }
      String detail = refused.getMessage();
      if (detail.startsWith(refused.field() + ":")) {
        detail = requested + detail.substring(refused.field().length());
      }
      return new InvalidInputException(requested, detail);
    }

    void flag(Boolean value, String op, String field) {
      if (value == null) {
        return;
      }
      if (!value) {
        throw new InvalidInputException(field, field + " is true or absent");
      }
      take(op, field);
    }

    void note(String text, String supersedes) {
      if (text == null) {
        if (supersedes != null) {
          throw new InvalidInputException("supersedes", "supersedes goes with a note");
        }
        return;
      }
      take("note", "note");
      data.put("text", text);
      fields.put("text", "note");
      if (supersedes != null) {
        data.put("supersedes", supersedes);
      }
    }

    /** An issued situation report: its number, version and bundle hash, all three or none. */
    void report(Long number, String version, String sha256) {
      if (number == null && version == null && sha256 == null) {
        return;
      }
      String missing =
          number == null ? "report_number" : version == null ? "report_version" : "report_sha256";
      if (number == null || version == null || sha256 == null) {
        throw new InvalidInputException(
            missing, "report_number, report_version and report_sha256 go together");
      }
      take("report", "report_sha256");
      data.put("number", number);
      data.put("version", version);
      data.put("sha256", sha256);
      fields.put("number", "report_number");
      fields.put("version", "report_version");
      fields.put("sha256", "report_sha256");
    }

    private void take(String op, String field) {
      if (this.op != null) {
        throw new InvalidInputException(
            field, "one change per request: '" + this.field + "' and '" + field + "' were given");
      }
      this.op = op;
      this.field = field;
    }
  }

  private void created(
      Context ctx, ObjectType type, PartyId peer, Map<String, Object> data, String by) {
    Crisis.Accepted accepted =
        crisis.change(
            peer, type, Optional.empty(), type.createOp(), data, by(by), Role.ADMINISTRATOR);
    String name = accepted.change().object();
    ctx.status(HttpStatus.CREATED)
        .header("Location", "/api/v1/" + type.wire() + "s/" + accepted.change().objectId())
        .json(answer(accepted, peer, name));
  }

  private void changed(Context ctx, ObjectType type, Change change, String by) {
    if (change.op == null) {
      throw new InvalidInputException("", "the body names no change");
    }
    MessageId id = id(ctx.pathParam("id"));
    PartyId peer = peerOf(type.wire() + "/" + id);
    Crisis.Accepted accepted;
    try {
      accepted =
          crisis.change(
              peer, type, Optional.of(id), change.op, change.data, by(by), Role.ADMINISTRATOR);
    } catch (InvalidInputException refused) {
      throw change.asRequested(refused);
    }
    ctx.status(HttpStatus.CREATED).json(answer(accepted, peer, accepted.change().object()));
  }

  /** The change as accepted, and the object as of now (null while it is not in the record). */
  private Map<String, Object> answer(Crisis.Accepted accepted, PartyId peer, String name) {
    Map<String, Object> answer = new LinkedHashMap<>();
    ChangeEntry change = accepted.change();
    Map<String, Object> shown = new LinkedHashMap<>();
    shown.put("id", change.id().toString());
    shown.put("object", change.object());
    shown.put("op", change.op());
    shown.put("state", accepted.state());
    answer.put("change", shown);
    SharedState state = crisis.state(peer);
    answer.put(
        "object",
        state
            .object(name)
            .map(object -> view(new Crisis.Located(state, object), true))
            .orElse(null));
    return answer;
  }

  /** The peer whose link holds {@code name}, in the record or still pending here. */
  private PartyId peerOf(String name) {
    return crisis
        .linkOf(name)
        .orElseThrow(() -> new NotFoundException("no " + name + " on this node"));
  }

  private Crisis.Located located(ObjectType type, String id) {
    String name = type.wire() + "/" + id(id);
    return crisis
        .find(name)
        .orElseThrow(() -> new NotFoundException("no " + name + " in the record of any link"));
  }

  private <T extends SharedObject> void list(
      Context ctx, String key, Class<T> type, java.util.function.Predicate<T> filter) {
    String peerParameter = ctx.queryParam("peer");
    List<PartyId> peers = peerParameter == null ? crisis.peers() : List.of(peer(peerParameter));
    int limit =
        integer(ctx, "limit", MessagesApi.PAGE_LIMIT_DEFAULT, 1, MessagesApi.PAGE_LIMIT_MAX);
    int offset = integer(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    List<Crisis.Located> all = new ArrayList<>();
    Map<PartyId, List<ChangeEntry>> pending = new LinkedHashMap<>();
    for (PartyId peer : peers) {
      SharedState state = crisis.state(peer);
      pending.put(peer, crisis.pending(peer));
      for (T object : state.all(type)) {
        if (filter.test(object)) {
          all.add(new Crisis.Located(state, object));
        }
      }
    }
    // Sorted and paged before the views are made: a view hashes its object, and a link may hold
    // thousands of objects of which a page shows a few.
    all.sort(
        Comparator.comparing((Crisis.Located located) -> located.object().timeline().getLast().at())
            .reversed());
    Map<String, Object> page = new LinkedHashMap<>();
    page.put(
        key,
        all.stream()
            .skip(offset)
            .limit(limit)
            .map(located -> view(located, false, pending.get(located.state().parties().peer())))
            .toList());
    page.put("total", all.size());
    ctx.json(page);
  }

  /**
   * An object as the API shows it: its state exactly as hashed (docs/protocol.md §20.5), the link
   * it belongs to, the log sizes it reflects and its hash, then display flags of this node's clock,
   * which are not part of the state. Lists leave the timeline out.
   */
  Map<String, Object> view(Crisis.Located located, boolean withTimeline) {
    return view(located, withTimeline, crisis.pending(located.state().parties().peer()));
  }

  /** {@link #view(Crisis.Located, boolean)} given our changes still pending on its link. */
  private Map<String, Object> view(
      Crisis.Located located, boolean withTimeline, List<ChangeEntry> pending) {
    SharedObject object = located.object();
    if (object instanceof Channel channel) {
      return channelView(located.state(), channel);
    }
    Map<String, Object> view = new LinkedHashMap<>(object.canonical());
    if (withTimeline) {
      view.put(
          "timeline",
          object.timeline().stream().map(org.hotline.crisis.TimelineItem::shown).toList());
    } else {
      view.remove("timeline");
    }
    view.put("peer", located.state().parties().peer().value());
    view.put("as_of", located.state().asOfShown());
    view.put("state_hash", object.stateHash());
    Instant now = crisis.now();
    view.put("last_change_at", object.timeline().getLast().at().toString());
    switch (object) {
      case Incident incident -> {
        view.put("severity_differs", incident.severityDiffers());
        view.put("overdue_commitments", located.state().overdueCommitments(incident, now));
      }
      case Commitment commitment -> view.put("overdue", commitment.overdueAt(now));
      case Concern concern -> {}
      case Channel channel -> {}
    }
    view.put(
        "pending",
        pending.stream()
            .filter(change -> change.object().equals(object.name()))
            .map(change -> Map.of("id", change.id().toString(), "op", change.op()))
            .toList());
    return view;
  }

  private static ObjectMapper strict() {
    ObjectMapper mapper = Json.mapper().copy();
    mapper
        .coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    return mapper;
  }

  static <T> T read(Context ctx, Class<T> type) throws IOException {
    String body = ctx.body();
    if (body.isBlank()) {
      throw new InvalidInputException("", "the request has no JSON body");
    }
    T value = JSON.readValue(body, type);
    if (value == null) {
      throw new InvalidInputException("", "the request body is null, not a JSON object");
    }
    return value;
  }

  private static void put(Map<String, Object> data, String name, Object value) {
    if (value != null) {
      data.put(name, value);
    }
  }

  private static String by(String by) {
    return by == null ? BY_DEFAULT : by;
  }

  private PartyId peer(String peer) {
    if (peer == null) {
      throw new InvalidInputException(
          "peer", "peer is required: the party the object is shared with");
    }
    PartyId party;
    try {
      party = PartyId.of(peer);
    } catch (InvalidInputException e) {
      throw new InvalidInputException("peer", "peer: " + e.getMessage());
    }
    if (!crisis.peers().contains(party)) {
      throw new NotFoundException("no peer " + party + " is paired with this node");
    }
    return party;
  }

  static MessageId id(String text) {
    try {
      return MessageId.parse(text);
    } catch (InvalidInputException e) {
      throw new NotFoundException(
          "no object " + text.substring(0, Math.min(ID_QUOTED_CHARS_MAX, text.length())));
    }
  }

  private static <E extends Enum<E>> E enumValue(String name, String value, Class<E> type) {
    try {
      return Enum.valueOf(type, value);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          name, name + " must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
    }
  }

  private static int integer(Context ctx, String name, int fallback, int min, int max) {
    String text = ctx.queryParam(name);
    if (text == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new InvalidInputException(
        name, name + " must be a whole number from " + min + " to " + max);
  }
}
