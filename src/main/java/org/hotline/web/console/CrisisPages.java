package org.hotline.web.console;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hotline.InvalidInputException;
import org.hotline.NotFoundException;
import org.hotline.console.Audit;
import org.hotline.console.NotPermittedException;
import org.hotline.console.Permission;
import org.hotline.crisis.Commitment;
import org.hotline.crisis.Concern;
import org.hotline.crisis.Crisis;
import org.hotline.crisis.Incident;
import org.hotline.crisis.ObjectType;
import org.hotline.crisis.SharedObject;
import org.hotline.crisis.SharedState;
import org.hotline.crisis.TimelineItem;
import org.hotline.identity.PartyId;
import org.hotline.link.MessageRecord;
import org.hotline.link.entry.ChangeEntry;
import org.hotline.link.entry.MessageId;
import org.hotline.record.SitrepHtml;
import org.hotline.record.SitrepPdf;
import org.hotline.record.SitrepVerifier;
import org.hotline.record.SituationReport;
import org.hotline.web.console.CrisisViews.Allowed;
import org.hotline.web.console.CrisisViews.CommitmentRow;
import org.hotline.web.console.CrisisViews.ConcernRow;
import org.hotline.web.console.CrisisViews.HistoryRow;
import org.hotline.web.console.CrisisViews.IncidentRow;
import org.hotline.web.console.CrisisViews.IncidentView;
import org.hotline.web.console.CrisisViews.PartyValue;
import org.hotline.web.console.CrisisViews.PendingRow;
import org.hotline.web.console.CrisisViews.TimelineRow;

/**
 * The crisis pages: the incidents list and each incident's page, the commitments board and the
 * concerns register (docs/console.md, Crisis pages). Every change goes through {@link
 * Crisis#change} with the signed-in person's name and role, so the role rules and every check are
 * the API's; the forms shown only follow them. A change that binds the party is confirmed on a page
 * of its own first; every change made is in the audit log with its object and operation.
 */
final class CrisisPages {
  /** Objects listed on one page: a link's crisis has tens of them, not thousands. */
  static final int ROWS_MAX = 500;

  /** Changes that bind the party: confirmed first, like a FLASH message. */
  private static final Set<String> BINDING =
      Set.of("propose-close", "accept-close", "agree", "withdraw", "confirm-done", "missed");

  /** The fields a change form may carry, by operation: each one an argument of the change. */
  private static final Map<String, List<String>> ARGUMENTS =
      Map.of(
          "severity", List.of("severity"),
          "state", List.of("state"),
          "lead", List.of("user"),
          "scribe", List.of("user"),
          "link-message", List.of("message"),
          "note", List.of("text"),
          "withdraw", List.of("reason"),
          "claim-done", List.of("note"),
          "status", List.of("status"));

  /** What a concern may link to: the form's {@code link_kind}, the change's argument name. */
  private static final Set<String> CONCERN_LINKS = Set.of("message", "incident", "commitment");

  private final Console console;
  private final Crisis crisis;
  private final InternalNotesPages internalNotes;

  CrisisPages(Console console) {
    this.console = console;
    this.crisis = console.services().crisis();
    this.internalNotes = new InternalNotesPages(console);
  }

  void register(JavalinConfig config) {
    internalNotes.register(config);
    config.routes.get("/incidents", ctx -> incidents(ctx, true));
    config.routes.get("/fragments/incidents", ctx -> incidents(ctx, false));
    config.routes.post("/incidents", ctx -> create(ctx, ObjectType.INCIDENT));
    config.routes.get("/incidents/{id}", ctx -> incident(ctx, true));
    config.routes.get("/fragments/incidents/{id}", ctx -> incident(ctx, false));
    config.routes.post("/incidents/{id}/changes", ctx -> change(ctx, ObjectType.INCIDENT));
    config.routes.get("/incidents/{id}/report", ctx -> report(ctx, false));
    config.routes.get("/incidents/{id}/report.pdf", ctx -> report(ctx, true));
    config.routes.post("/incidents/{id}/report", this::issueReport);
    config.routes.get("/commitments", ctx -> commitments(ctx, true));
    config.routes.get("/fragments/commitments", ctx -> commitments(ctx, false));
    config.routes.post("/commitments", ctx -> create(ctx, ObjectType.COMMITMENT));
    config.routes.post("/commitments/{id}/changes", ctx -> change(ctx, ObjectType.COMMITMENT));
    config.routes.get("/concerns", ctx -> concerns(ctx, true));
    config.routes.get("/fragments/concerns", ctx -> concerns(ctx, false));
    config.routes.post("/concerns", ctx -> create(ctx, ObjectType.CONCERN));
    config.routes.post("/concerns/{id}/changes", ctx -> change(ctx, ObjectType.CONCERN));
    config.routes.get("/channels", ctx -> channels(ctx, true));
    config.routes.get("/fragments/channels", ctx -> channels(ctx, false));
    config.routes.post("/channels/{name}/changes", this::changeChannel);
  }

  // ------------------------------------------------------------------ incidents

  private void incidents(Context ctx, boolean page) {
    Viewer viewer = console.viewer(ctx);
    Text t = viewer.t();
    String state = blankToNull(ctx.queryParam("state"));
    String peer = blankToNull(ctx.queryParam("peer"));
    Instant now = crisis.now();
    List<Crisis.Located> all = new ArrayList<>();
    List<PendingRow> pending = new ArrayList<>();
    for (PartyId each : crisis.peers()) {
      if (peer != null && !each.value().equals(peer)) {
        continue;
      }
      SharedState shared = crisis.state(each);
      for (Incident incident : shared.all(Incident.class)) {
        if (state == null || incident.state().name().equals(state)) {
          all.add(new Crisis.Located(shared, incident));
        }
      }
      pending.addAll(pending(each, ObjectType.INCIDENT));
    }
    // Rows are made for the incidents shown only: a link may hold thousands.
    all.sort(
        Comparator.comparing((Crisis.Located located) -> located.object().timeline().getLast().at())
            .reversed());
    List<IncidentRow> rows =
        all.stream()
            .limit(ROWS_MAX)
            .map(located -> incidentRow(located.state(), (Incident) located.object(), now))
            .toList();
    var list = new CrisisViews.IncidentsFragment(t, rows, pending, all.size(), ROWS_MAX);
    if (!page) {
      console.html(ctx, "incidents_rows.jte", list);
      return;
    }
    String query =
        "?state="
            + (state == null ? "" : encode(state))
            + "&peer="
            + (peer == null ? "" : encode(peer));
    List<Views.Option> states = new ArrayList<>();
    states.add(new Views.Option("", t.get("crisis.any"), state == null));
    for (Incident.State each : Incident.State.values()) {
      states.add(
          new Views.Option(
              each.name(), t.label("incident.state", each), each.name().equals(state)));
    }
    List<Views.Option> peers = new ArrayList<>();
    peers.add(new Views.Option("", t.get("crisis.any"), peer == null));
    peers.addAll(peerOptions(peer));
    console.html(
        ctx,
        "incidents.jte",
        new CrisisViews.IncidentsPage(
            console.frame(viewer, t.get("incidents.title"), "incidents"),
            list,
            query,
            states,
            peers,
            peerOptions(null),
            allowed(viewer)));
  }

  private static IncidentRow incidentRow(SharedState shared, Incident incident, Instant now) {
    return new IncidentRow(
        incident.id().toString(),
        shared.parties().peer().value(),
        incident.title(),
        incident.state().name(),
        incident.severity(),
        incident.severityDiffers(),
        byParty(incident.severityByParty()),
        byParty(incident.leads()),
        incident.timeline().getLast().at(),
        shared.overdueCommitments(incident, now));
  }

  private void incident(Context ctx, boolean page) {
    Viewer viewer = console.viewer(ctx);
    Text t = viewer.t();
    Crisis.Located located = located(ObjectType.INCIDENT, ctx.pathParam("id"), t);
    Incident incident = (Incident) located.object();
    SharedState shared = located.state();
    PartyId self = shared.parties().self();
    PartyId peer = shared.parties().peer();
    Instant now = crisis.now();
    Allowed allowed = allowed(viewer);
    IncidentView view =
        new IncidentView(
            incident.id().toString(),
            peer.value(),
            self.value(),
            incident.createdBy().value(),
            incident.title(),
            incident.summary(),
            incident.channel(),
            incident.state().name(),
            incident.severity(),
            incident.severityDiffers(),
            byParty(incident.severityByParty()),
            byParty(incident.leads()),
            byParty(incident.scribes()),
            incident.closeProposedBy().map(PartyId::value).orElse(""),
            incident.messages().stream().map(this::linkedMessage).toList(),
            shared.commitmentsOf(incident).stream()
                .map(c -> commitmentRow(shared, c, now, allowed))
                .toList(),
            timeline(incident, t),
            pending(peer, ObjectType.INCIDENT).stream()
                .filter(row -> row.object().equals(incident.name()))
                .toList(),
            incident.stateHash(),
            shared.asOfShown().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")));
    if (!page) {
      console.html(
          ctx,
          "incident_live.jte",
          new CrisisViews.IncidentFragment(t, viewer.session().csrfToken(), view));
      return;
    }
    Incident.State state = incident.state();
    boolean open = state != Incident.State.CLOSED && state != Incident.State.DECLINED;
    List<Views.Option> states = new ArrayList<>();
    if (allowed.send()) {
      List<Incident.State> next =
          switch (state) {
            case TRIAGE ->
                allowed.release() && !incident.createdBy().equals(self)
                    ? List.of(Incident.State.ACTIVE, Incident.State.DECLINED)
                    : List.of(Incident.State.ACTIVE);
            case ACTIVE -> List.of(Incident.State.RESOLVED);
            case RESOLVED -> List.of(Incident.State.ACTIVE);
            case CLOSED, DECLINED -> List.of();
          };
      next.forEach(
          each ->
              states.add(new Views.Option(each.name(), t.label("incident.state", each), false)));
    }
    boolean resolved = state == Incident.State.RESOLVED;
    var actions =
        new CrisisViews.IncidentActions(
            allowed.send() && open,
            states,
            allowed.send() && open,
            allowed.send() && open,
            allowed.send(),
            allowed.release() && resolved && incident.closeProposedBy().isEmpty(),
            allowed.release()
                && resolved
                && incident.closeProposedBy().map(peer::equals).orElse(false));
    console.html(
        ctx,
        "incident.jte",
        new CrisisViews.IncidentPage(
            console.frame(viewer, incident.title(), "incidents"),
            view,
            actions,
            reportForm(incident, self, allowed, t),
            internalNotes.section(viewer, ObjectType.INCIDENT, incident.id(), peer)));
  }

  // ------------------------------------------------------------------ situation reports

  /** The incident page's report section: the next report's number and the versions offered. */
  private static CrisisViews.ReportForm reportForm(
      Incident incident, PartyId self, Allowed allowed, Text t) {
    long next = nextReportNumber(incident, self);
    List<Views.Option> versions = new ArrayList<>();
    for (SituationReport.Version version : SituationReport.Version.values()) {
      if (version != SituationReport.Version.FINAL || allowed.release()) {
        versions.add(
            new Views.Option(version.name(), version.name(), version == defaultVersion(next)));
      }
    }
    return new CrisisViews.ReportForm(
        next, versions, allowed.send(), t.format("sitrep.issueButton", next));
  }

  /** Our next report number: one more than the highest our party has issued on the incident. */
  private static long nextReportNumber(Incident incident, PartyId self) {
    long highest = 0;
    for (TimelineItem item : incident.timeline()) {
      if (item.op().equals("report")
          && item.party().equals(self)
          && item.outcome() == org.hotline.crisis.Outcome.APPLIED
          && item.data().get("number") instanceof Number number) {
        highest = Math.max(highest, number.longValue());
      }
    }
    return highest + 1;
  }

  private static SituationReport.Version defaultVersion(long number) {
    return number == 1 ? SituationReport.Version.INITIAL : SituationReport.Version.UPDATE;
  }

  /**
   * {@code GET /incidents/{id}/report[.pdf]}: the incident's report as of now, not issued, as the
   * CLI writes it ({@code version}, {@code authorized_by}, {@code next_contact} may be given).
   */
  private void report(Context ctx, boolean pdf) {
    Viewer viewer = console.viewer(ctx);
    Crisis.Located located = located(ObjectType.INCIDENT, ctx.pathParam("id"), viewer.t());
    Incident incident = (Incident) located.object();
    long number = nextReportNumber(incident, located.state().parties().self());
    SituationReport.Header header =
        new SituationReport.Header(
            number,
            version(ctx.queryParam("version"), number, viewer.t()),
            viewer.user().username(),
            blankToNull(ctx.queryParam("authorized_by")),
            blankToNull(ctx.queryParam("next_contact")));
    sendReport(ctx, viewer, located, header, pdf);
  }

  /**
   * {@code POST /incidents/{id}/report}: issues the report, as {@code hotline sitrep --issue} does:
   * the change {@code report} with its number, version and bundle hash, made as the signed-in
   * person (FINAL needs the release role) and audited; answers with the very report issued, as a
   * page or ({@code format=pdf}) a PDF, since its hash covers the moment it was made.
   */
  private void issueReport(Context ctx) {
    Viewer viewer = console.viewer(ctx);
    Text t = viewer.t();
    MessageId id = MessageId.parse(ctx.pathParam("id"));
    Crisis.Located located = located(ObjectType.INCIDENT, id.toString(), t);
    Incident incident = (Incident) located.object();
    PartyId peer = located.state().parties().peer();
    long number = nextReportNumber(incident, located.state().parties().self());
    SituationReport.Header header =
        new SituationReport.Header(
            number,
            version(ctx.formParam("version"), number, t),
            viewer.user().username(),
            blankToNull(ctx.formParam("authorized_by")),
            blankToNull(ctx.formParam("next_contact")));
    if (header.version() == SituationReport.Version.FINAL && !viewer.can(Permission.RELEASE)) {
      // The rules refuse it too; this says which version the person may not issue.
      throw new NotPermittedException(t.get("sitrep.finalNeedsRelease"));
    }
    Map<String, Object> bundle = bundle(located, header);
    String sha256 = SitrepVerifier.sha256(SituationReport.bytes(bundle));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("number", number);
    data.put("version", header.version().name());
    data.put("sha256", sha256);
    apply(viewer, peer, ObjectType.INCIDENT, Optional.of(id), "report", data);
    viewer.session().notice(t.format("sitrep.issued", number));
    writeReport(ctx, viewer, incident, bundle, sha256, "pdf".equals(ctx.formParam("format")));
  }

  private void sendReport(
      Context ctx,
      Viewer viewer,
      Crisis.Located located,
      SituationReport.Header header,
      boolean pdf) {
    Map<String, Object> bundle = bundle(located, header);
    String sha256 = SitrepVerifier.sha256(SituationReport.bytes(bundle));
    writeReport(ctx, viewer, (Incident) located.object(), bundle, sha256, pdf);
  }

  private Map<String, Object> bundle(Crisis.Located located, SituationReport.Header header) {
    return SituationReport.build(
        console.services().links().record(),
        located.state(),
        located.object().id(),
        header,
        crisis.now(),
        false);
  }

  /**
   * The report's page, the one the CLI writes, or its PDF. The page carries its own style, so it is
   * served with a policy of its own: no script, no request, inline style only.
   */
  private static void writeReport(
      Context ctx,
      Viewer viewer,
      Incident incident,
      Map<String, Object> bundle,
      String sha256,
      boolean pdf) {
    String page = SitrepHtml.page(bundle, sha256, viewer.t());
    ctx.header(
        "Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none';"
            + " form-action 'none'");
    if (pdf) {
      ctx.header(
          "Content-Disposition",
          "attachment; filename=\"" + reportFileName(bundle, incident) + "\"");
      ctx.contentType("application/pdf").result(SitrepPdf.render(page));
      return;
    }
    ctx.html(page);
  }

  /** A report's file name: its incident and number, in characters every file system takes. */
  private static String reportFileName(Map<String, Object> bundle, Incident incident) {
    Object report = bundle.get("report");
    Object number = report instanceof Map<?, ?> fields ? fields.get("number") : null;
    return "sitrep-" + incident.id() + "-" + number + ".pdf";
  }

  /** A form's report version; none given: INITIAL for the first report, UPDATE after. */
  private static SituationReport.Version version(String value, long number, Text t) {
    if (value == null || value.isBlank()) {
      return defaultVersion(number);
    }
    try {
      return SituationReport.Version.valueOf(value.strip());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("version", t.get("sitrep.versionBad"));
    }
  }

  private CrisisViews.LinkedMessage linkedMessage(MessageId id) {
    return new CrisisViews.LinkedMessage(
        id.toString(),
        console
            .services()
            .links()
            .message(id)
            .map(MessageRecord::draft)
            .map(d -> d.subject())
            .orElse(""));
  }

  // ------------------------------------------------------------------ commitments

  private void commitments(Context ctx, boolean page) {
    Viewer viewer = console.viewer(ctx);
    Text t = viewer.t();
    Allowed allowed = allowed(viewer);
    Instant now = crisis.now();
    List<CommitmentRow> rows = new ArrayList<>();
    List<PendingRow> pending = new ArrayList<>();
    for (PartyId peer : crisis.peers()) {
      SharedState shared = crisis.state(peer);
      for (Commitment commitment : shared.all(Commitment.class)) {
        rows.add(commitmentRow(shared, commitment, now, allowed));
      }
      pending.addAll(pending(peer, ObjectType.COMMITMENT));
    }
    // Overdue first, then by due date, soonest first.
    rows.sort(
        Comparator.comparing((CommitmentRow row) -> !row.overdue())
            .thenComparing(CommitmentRow::due));
    var board =
        new CrisisViews.CommitmentsFragment(
            t, viewer.session().csrfToken(), rows.stream().limit(ROWS_MAX).toList(), pending);
    if (!page) {
      console.html(ctx, "commitments_rows.jte", board);
      return;
    }
    List<Views.Option> owedBy = new ArrayList<>();
    owedBy.add(new Views.Option("", t.get("commitments.owedByUs"), true));
    owedBy.add(new Views.Option("peer", t.get("commitments.owedByPeer"), false));
    console.html(
        ctx,
        "commitments.jte",
        new CrisisViews.CommitmentsPage(
            console.frame(viewer, t.get("commitments.title"), "commitments"),
            board,
            peerOptions(null),
            owedBy,
            allowed));
  }

  private static CommitmentRow commitmentRow(
      SharedState shared, Commitment commitment, Instant now, Allowed allowed) {
    PartyId self = shared.parties().self();
    Commitment.State state = commitment.state();
    boolean open = state == Commitment.State.PROPOSED || state == Commitment.State.AGREED;
    boolean agreed = state == Commitment.State.AGREED;
    boolean oursToProve = commitment.owedBy().equals(self);
    return new CommitmentRow(
        commitment.id().toString(),
        shared.parties().peer().value(),
        commitment.createdBy().value(),
        commitment.owedBy().value(),
        commitment.owedTo().value(),
        commitment.what(),
        commitment.due(),
        state.name(),
        commitment.doneClaimed(),
        commitment.overdueAt(now),
        commitment.incident().map(MessageId::toString).orElse(""),
        allowed.release()
            && state == Commitment.State.PROPOSED
            && !commitment.createdBy().equals(self),
        allowed.release() && open,
        allowed.send() && agreed && oursToProve && !commitment.doneClaimed(),
        allowed.release() && agreed && commitment.doneClaimed() && !oursToProve,
        // Offered only once it is due, and only to the party it was owed to.
        allowed.release() && agreed && !oursToProve && !now.isBefore(commitment.due()),
        allowed.send());
  }

  // ------------------------------------------------------------------ concerns

  private void concerns(Context ctx, boolean page) {
    Viewer viewer = console.viewer(ctx);
    Text t = viewer.t();
    Allowed allowed = allowed(viewer);
    List<ConcernRow> rows = new ArrayList<>();
    List<PendingRow> pending = new ArrayList<>();
    for (PartyId peer : crisis.peers()) {
      SharedState shared = crisis.state(peer);
      for (Concern concern : shared.all(Concern.class)) {
        rows.add(concernRow(shared, concern, allowed, t));
      }
      pending.addAll(pending(peer, ObjectType.CONCERN));
    }
    rows.sort(
        Comparator.comparing(
                (ConcernRow row) ->
                    row.history().isEmpty() ? Instant.MIN : row.history().get(0).at())
            .reversed());
    var register =
        new CrisisViews.ConcernsFragment(
            t,
            viewer.session().csrfToken(),
            rows.stream().limit(ROWS_MAX).toList(),
            pending,
            allowed);
    if (!page) {
      console.html(ctx, "concerns_rows.jte", register);
      return;
    }
    console.html(
        ctx,
        "concerns.jte",
        new CrisisViews.ConcernsPage(
            console.frame(viewer, t.get("concerns.title"), "concerns"),
            register,
            peerOptions(null),
            allowed));
  }

  private static ConcernRow concernRow(
      SharedState shared, Concern concern, Allowed allowed, Text t) {
    PartyId self = shared.parties().self();
    boolean owner = concern.owner().equals(self);
    List<HistoryRow> history = new ArrayList<>();
    // Newest first: the timeline's merge order reversed, kept among changes of the same time.
    for (TimelineItem item : concern.timeline().reversed()) {
      String link =
          item.op().equals("link")
              ? item.data().entrySet().stream()
                  .filter(e -> CONCERN_LINKS.contains(e.getKey()))
                  .map(e -> e.getKey() + "/" + e.getValue())
                  .findFirst()
                  .orElse("")
              : "";
      history.add(
          new HistoryRow(
              item.at(),
              item.party().value(),
              item.by(),
              opLabel(t, item.op()),
              arguments(item),
              link,
              item.outcome().name()));
    }
    for (MessageId id : concern.commitments()) {
      shared
          .object(ObjectType.COMMITMENT.wire() + "/" + id)
          .map(Commitment.class::cast)
          .ifPresent(
              c ->
                  history.add(
                      new HistoryRow(
                          c.timeline().getFirst().at(),
                          c.createdBy().value(),
                          c.timeline().getFirst().by(),
                          opLabel(t, "propose"),
                          c.what(),
                          "commitment/" + c.id(),
                          c.timeline().getFirst().outcome().name())));
    }
    history.sort(Comparator.comparing(HistoryRow::at).reversed());
    List<Views.Option> statuses = new ArrayList<>();
    if (allowed.send()) {
      for (Concern.Status status : Concern.Status.values()) {
        boolean mayChoose =
            status != concern.status()
                && (owner || status == Concern.Status.ADDRESSED)
                && (status != Concern.Status.CLOSED || allowed.release());
        if (mayChoose) {
          statuses.add(new Views.Option(status.name(), t.label("concern.status", status), false));
        }
      }
    }
    return new ConcernRow(
        concern.id().toString(),
        shared.parties().peer().value(),
        concern.title(),
        concern.summary(),
        concern.owner().value(),
        concern.status().name(),
        history,
        statuses);
  }

  // ------------------------------------------------------------------ channels

  private void channels(Context ctx, boolean page) {
    Viewer viewer = console.viewer(ctx);
    Text t = viewer.t();
    List<CrisisViews.ChannelRow> rows = new ArrayList<>();
    for (PartyId peer : crisis.peers()) {
      SharedState shared = crisis.state(peer);
      for (org.hotline.crisis.Channel channel : shared.channels()) {
        rows.add(channelRow(shared, channel));
      }
    }
    var fragment =
        new CrisisViews.ChannelsFragment(
            t,
            viewer.session().csrfToken(),
            rows,
            viewer.can(Permission.RELEASE),
            viewer.can(Permission.ADMINISTER));
    if (!page) {
      console.html(ctx, "channels_rows.jte", fragment);
      return;
    }
    console.html(
        ctx,
        "channels.jte",
        new CrisisViews.ChannelsPage(
            console.frame(viewer, t.get("channels.title"), "channels"), fragment));
  }

  private static CrisisViews.ChannelRow channelRow(
      SharedState shared, org.hotline.crisis.Channel channel) {
    PartyId self = shared.parties().self();
    PartyId peer = shared.parties().peer();
    var settings = channel.settings();
    var proposal = channel.proposal();
    java.util.function.Function<org.hotline.crisis.Channel.Settings, String> precedences =
        s -> String.join(", ", s.precedences().stream().map(Enum::name).toList());
    java.util.function.Function<org.hotline.crisis.Channel.Settings, String> deadlines =
        s ->
            String.join(
                ", ",
                s.deadlines().entrySet().stream()
                    .map(e -> e.getKey().name() + " " + e.getValue().toSeconds() + " s")
                    .toList());
    var ours = channel.suspendedBy().get(self);
    var theirs = channel.suspendedBy().get(peer);
    return new CrisisViews.ChannelRow(
        peer.value(),
        channel.channel(),
        channel.exists(),
        settings.map(org.hotline.crisis.Channel.Settings::description).orElse(""),
        settings.map(precedences).orElse(""),
        settings.map(deadlines).orElse(""),
        settings.map(org.hotline.crisis.Channel.Settings::suspendable).orElse(false),
        ours == null ? null : ours.reason(),
        theirs == null ? null : theirs.reason(),
        proposal.map(p -> p.id().toString()).orElse(null),
        proposal.map(p -> p.party().value()).orElse(null),
        proposal
            .map(
                p ->
                    p.settings().description()
                        + " · "
                        + precedences.apply(p.settings())
                        + (p.settings().deadlines().isEmpty()
                            ? ""
                            : " · " + deadlines.apply(p.settings()))
                        + (p.settings().suspendable() ? "" : " · not suspendable"))
            .orElse(null),
        proposal.map(p -> p.party().equals(self)).orElse(false),
        templates(channel.adopted(self)),
        templates(channel.adopted(peer)));
  }

  /** Adopted templates as a channel row lists them: {@code sighting v1, launch v2}. */
  private static String templates(List<org.hotline.notice.Template> adopted) {
    return String.join(
        ", ", adopted.stream().map(template -> template.id() + " v" + template.version()).toList());
  }

  /**
   * {@code POST /channels/{name}/changes}: {@code op} suspend or resume (confirmed first, as a
   * change that binds the party), or accept with {@code proposal}; made as the signed-in person and
   * audited.
   */
  private void changeChannel(Context ctx) {
    Viewer viewer = console.viewer(ctx);
    Text t = viewer.t();
    String name = ctx.pathParam("name");
    PartyId peer = peerParam(ctx.formParam("peer"), t);
    String op = ctx.formParam("op");
    if (op == null || !CHANNEL_OPS.contains(op)) {
      throw new InvalidInputException("op", t.get("crisis.opMissing"));
    }
    Map<String, Object> data = new LinkedHashMap<>();
    put(data, "reason", ctx.formParam("reason"));
    put(data, "proposal", ctx.formParam("proposal"));
    if (!op.equals("accept")
        && viewer.can(Permission.RELEASE)
        && !"yes".equals(ctx.formParam("confirmed"))) {
      console.html(
          ctx,
          "crisis_confirm.jte",
          new CrisisViews.ConfirmPage(
              console.frame(viewer, t.get("crisis.confirmTitle"), "channels"),
              ctx.path(),
              t.format("channels.confirm." + op, name, peer.value()),
              t.get("channels.confirmText"),
              "/channels",
              formFields(ctx)));
      return;
    }
    Crisis.Accepted accepted =
        audited(
            viewer,
            op,
            data,
            () ->
                crisis.changeChannel(
                    peer, name, op, data, viewer.user().username(), viewer.user().role()));
    console.redirect(
        ctx, viewer, "/channels", t.get(accepted.placed() ? "crisis.done" : "crisis.queued"));
  }

  /** What the channels page posts. */
  private static final java.util.Set<String> CHANNEL_OPS =
      java.util.Set.of("suspend", "resume", "accept");

  // ------------------------------------------------------------------ changes

  /** {@code POST /incidents}, {@code /commitments}, {@code /concerns}: a new shared object. */
  private void create(Context ctx, ObjectType type) {
    Viewer viewer = console.viewer(ctx);
    Text t = viewer.t();
    PartyId peer = peerParam(ctx.formParam("peer"), t);
    Map<String, Object> data = new LinkedHashMap<>();
    switch (type) {
      case INCIDENT -> {
        put(data, "title", ctx.formParam("title"));
        put(data, "summary", ctx.formParam("summary"));
        put(data, "severity", severity(ctx.formParam("severity"), t));
        put(data, "channel", ctx.formParam("channel"));
      }
      case COMMITMENT -> {
        String owedBy = ctx.formParam("owed_by");
        data.put("owed_by", "peer".equals(owedBy) ? peer.value() : crisis.self().value());
        put(data, "what", ctx.formParam("what"));
        put(data, "due", due(ctx.formParam("due"), t));
        put(data, "incident", ctx.formParam("incident"));
      }
      case CONCERN -> {
        put(data, "title", ctx.formParam("title"));
        put(data, "summary", ctx.formParam("summary"));
      }
      case CHANNEL -> throw new IllegalArgumentException("a channel is proposed, not created");
    }
    Crisis.Accepted accepted = apply(viewer, peer, type, Optional.empty(), type.createOp(), data);
    String path = "/" + type.wire() + "s";
    console.redirect(
        ctx,
        viewer,
        type == ObjectType.INCIDENT && accepted.placed()
            ? path + "/" + accepted.change().objectId()
            : path,
        t.get(accepted.placed() ? "crisis.done" : "crisis.queued"));
  }

  /** {@code POST /<type>s/{id}/changes}: one change, with {@code op} and its arguments. */
  private void change(Context ctx, ObjectType type) {
    Viewer viewer = console.viewer(ctx);
    Text t = viewer.t();
    MessageId id = MessageId.parse(ctx.pathParam("id"));
    String name = type.wire() + "/" + id;
    PartyId peer = peerOf(name, t);
    String op = ctx.formParam("op");
    if (op == null || op.isBlank()) {
      throw new InvalidInputException("op", t.get("crisis.opMissing"));
    }
    Map<String, Object> data = new LinkedHashMap<>();
    if ("link".equals(op) && type == ObjectType.CONCERN) {
      String kind = ctx.formParam("link_kind");
      if (kind == null || !CONCERN_LINKS.contains(kind)) {
        throw new InvalidInputException("link_kind", t.get("concerns.linkKindMissing"));
      }
      put(data, kind, ctx.formParam("link_id"));
    } else {
      for (String argument : ARGUMENTS.getOrDefault(op, List.of())) {
        String value = ctx.formParam(argument);
        put(data, argument, argument.equals("severity") ? severity(value, t) : value);
      }
    }
    String back = type == ObjectType.INCIDENT ? "/incidents/" + id : "/" + type.wire() + "s";
    boolean binding =
        BINDING.contains(op)
            || "DECLINED".equals(data.get("state"))
            || "CLOSED".equals(data.get("status"));
    // Who may not bind the party is refused by the rules at once; who may confirms first.
    if (binding && viewer.can(Permission.RELEASE) && !"yes".equals(ctx.formParam("confirmed"))) {
      confirm(ctx, viewer, type, op, data, back);
      return;
    }
    Crisis.Accepted accepted = apply(viewer, peer, type, Optional.of(id), op, data);
    console.redirect(ctx, viewer, back, t.get(accepted.placed() ? "crisis.done" : "crisis.queued"));
  }

  private void confirm(
      Context ctx,
      Viewer viewer,
      ObjectType type,
      String op,
      Map<String, Object> data,
      String back) {
    Text t = viewer.t();
    List<Views.Option> fields = formFields(ctx);
    String what = "DECLINED".equals(data.get("state")) ? "decline" : op;
    console.html(
        ctx,
        "crisis_confirm.jte",
        new CrisisViews.ConfirmPage(
            console.frame(viewer, t.get("crisis.confirmTitle"), type.wire() + "s"),
            ctx.path(),
            t.get("crisis.confirm." + what),
            t.get("crisis.confirmText"),
            back,
            fields));
  }

  /**
   * Makes the change as the signed-in person, and audits it. A role that may not make it gets the
   * rules' refusal in the person's language.
   */
  private Crisis.Accepted apply(
      Viewer viewer,
      PartyId peer,
      ObjectType type,
      Optional<MessageId> object,
      String op,
      Map<String, Object> data) {
    return audited(
        viewer,
        op,
        data,
        () ->
            crisis.change(
                peer, type, object, op, data, viewer.user().username(), viewer.user().role()));
  }

  /**
   * Makes a change through {@code make} as the signed-in person, and audits it; a role that may not
   * make it gets the rules' refusal in the person's language.
   */
  private Crisis.Accepted audited(
      Viewer viewer,
      String op,
      Map<String, Object> data,
      java.util.function.Supplier<Crisis.Accepted> make) {
    Crisis.Accepted accepted;
    try {
      accepted = make.get();
    } catch (NotPermittedException e) {
      Text t = viewer.t();
      throw new NotPermittedException(
          t.format(
              "crisis.notPermitted",
              viewer.user().username(),
              t.label("role", viewer.user().role()),
              t.word("crisis.op", op)));
    }
    console
        .services()
        .audit()
        .record(viewer.actor(), Audit.CRISIS_CHANGE, accepted.change().object(), op + " " + data);
    return accepted;
  }

  // ------------------------------------------------------------------ shared

  /** The form as posted, but for its CSRF token: what the confirm step posts again. */
  private static List<Views.Option> formFields(Context ctx) {
    List<Views.Option> fields = new ArrayList<>();
    ctx.formParamMap()
        .forEach(
            (field, values) -> {
              if (!field.equals(Console.CSRF_FIELD) && !values.isEmpty()) {
                fields.add(new Views.Option(field, values.get(0), false));
              }
            });
    return fields;
  }

  private Crisis.Located located(ObjectType type, String id, Text t) {
    String name = type.wire() + "/" + MessageId.parse(id);
    return crisis
        .find(name)
        .orElseThrow(() -> new NotFoundException(t.format("crisis.noObject", name)));
  }

  /** The peer whose link holds {@code name}, placed or still queued here. */
  private PartyId peerOf(String name, Text t) {
    for (PartyId peer : crisis.peers()) {
      if (crisis.state(peer).object(name).isPresent()
          || crisis.pending(peer).stream().anyMatch(c -> c.object().equals(name))) {
        return peer;
      }
    }
    throw new NotFoundException(t.format("crisis.noObject", name));
  }

  private PartyId peerParam(String peer, Text t) {
    if (peer == null || peer.isBlank()) {
      throw new InvalidInputException("peer", t.get("crisis.peerMissing"));
    }
    return crisis.peers().stream()
        .filter(p -> p.value().equals(peer))
        .findFirst()
        .orElseThrow(() -> new NotFoundException(t.format("crisis.noPeer", peer)));
  }

  private List<PendingRow> pending(PartyId peer, ObjectType type) {
    List<PendingRow> rows = new ArrayList<>();
    for (ChangeEntry change : crisis.pending(peer)) {
      if (change.object().startsWith(type.wire() + "/")) {
        rows.add(
            new PendingRow(
                change.id().toString(),
                peer.value(),
                change.object(),
                change.op(),
                change.by(),
                change.created()));
      }
    }
    return rows;
  }

  private List<Views.Option> peerOptions(String selected) {
    return crisis.peers().stream()
        .map(p -> new Views.Option(p.value(), p.value(), p.value().equals(selected)))
        .toList();
  }

  private static List<TimelineRow> timeline(SharedObject object, Text t) {
    return object.timeline().stream()
        .map(
            item ->
                new TimelineRow(
                    item.id().toString(),
                    item.at(),
                    item.party().value(),
                    item.by(),
                    opLabel(t, item.op()),
                    arguments(item),
                    item.outcome().name(),
                    item.reason() == null ? "" : item.reason(),
                    item.crossedWith().stream()
                        .map(MessageId::toString)
                        .collect(Collectors.joining(", "))))
        .toList();
  }

  /**
   * The operation's name in the person's language; as written for one the console has no word for
   * (a refused change from a peer may carry any).
   */
  private static String opLabel(Text t, String op) {
    String label = t.word("crisis.op", op);
    return label.startsWith("??") ? op : label;
  }

  /** A change's arguments as one line: {@code severity=4}, {@code user=Li Wei}. */
  private static String arguments(TimelineItem item) {
    return item.data().entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static <V> List<PartyValue> byParty(Map<PartyId, V> values) {
    return values.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> new PartyValue(e.getKey().value(), String.valueOf(e.getValue())))
        .toList();
  }

  private static Allowed allowed(Viewer viewer) {
    return new Allowed(viewer.can(Permission.SEND), viewer.can(Permission.RELEASE));
  }

  /** A form's severity: an integer, else the rules would be handed a word. */
  private static Long severity(String value, Text t) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new InvalidInputException("severity", t.get("crisis.severityNotNumber"));
    }
  }

  /**
   * A {@code datetime-local} value, read as UTC (the console shows every time in UTC), as the rules
   * take it: RFC 3339 in UTC.
   */
  private static String due(String value, Text t) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return LocalDateTime.parse(value.strip()).toInstant(ZoneOffset.UTC).toString();
    } catch (DateTimeParseException e) {
      throw new InvalidInputException("due", t.get("commitments.dueNotTime"));
    }
  }

  /** Leaves out a form field left empty: the rules then apply their default or name it missing. */
  private static void put(Map<String, Object> data, String name, Object value) {
    if (value instanceof String text && text.isBlank()) {
      return;
    }
    if (value != null) {
      data.put(name, value);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static String encode(String value) {
    return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
  }
}
