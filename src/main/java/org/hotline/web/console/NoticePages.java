package org.hotline.web.console;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hotline.InvalidFieldsException;
import org.hotline.InvalidInputException;
import org.hotline.TemplateNotAdoptedException;
import org.hotline.console.Permission;
import org.hotline.crisis.Crisis;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.Draft;
import org.hotline.link.entry.Precedence;
import org.hotline.link.entry.StatusFlag;
import org.hotline.notice.FieldProblem;
import org.hotline.notice.Template;
import org.hotline.notice.TemplateField;

/**
 * Composing a formatted notification (docs/notifications.md): choose the peer, the channel and a
 * template, fill in the template's form, send. The values are checked with the template's own
 * schema before anything is signed; a problem shows beside its field with the values kept. Sending
 * goes the way of the compose form: FLASH confirmed first, two-person release, audit.
 */
final class NoticePages {
  static final String PATH = "/compose/notification";

  /** A list's row in a form parameter: {@code f/NAME/INDEX/...}. */
  private static final Pattern ROW = Pattern.compile("f/([^/]+)/([0-9]{1,4})/.*");

  private final Console console;
  private final ComposePages compose;

  NoticePages(Console console, ComposePages compose) {
    this.console = console;
    this.compose = compose;
  }

  void register(JavalinConfig config) {
    config.routes.get(PATH, this::form);
    config.routes.post(PATH, this::send);
  }

  /** What the person typed or chose, read back from a request. */
  private record Typed(
      String to,
      String channel,
      String template,
      String precedence,
      String status,
      String language,
      Map<String, String> values,
      Map<String, Integer> rows) {}

  private void form(Context ctx) {
    Viewer viewer = console.viewer(ctx);
    viewer.require(Permission.SEND);
    Typed typed = typed(ctx, viewer, Map.of());
    page(ctx, viewer, typed, List.of(), null, false, 200);
  }

  private void send(Context ctx) {
    Viewer viewer = console.viewer(ctx);
    viewer.require(Permission.SEND);
    Map<String, String> values = new HashMap<>();
    ctx.formParamMap()
        .forEach(
            (name, given) -> {
              if (name.startsWith(Notices.VALUE_PREFIX + "/") && !given.isEmpty()) {
                values.put(name, given.getFirst());
              }
            });
    Typed typed = typed(ctx, viewer, values);
    Optional<Template> template = chosen(typed);
    if (template.isEmpty()) {
      page(ctx, viewer, typed, List.of(), viewer.t().get("notice.chooseTemplate"), false, 400);
      return;
    }
    String addRow = ctx.formParam("add_row");
    if (addRow != null) {
      Map<String, Integer> rows = new HashMap<>(typed.rows());
      rows.merge(addRow, 1, Integer::sum);
      page(ctx, viewer, withRows(typed, rows), List.of(), null, false, 200);
      return;
    }
    String json = Notices.values(template.get(), typed.values());
    Draft draft;
    try {
      draft = draft(typed, template.get(), json, viewer.t());
    } catch (InvalidFieldsException e) {
      List<FieldProblem> problems =
          e.errors().stream()
              .map(error -> new FieldProblem(error.pointer(), error.rule(), error.message()))
              .toList();
      page(ctx, viewer, typed, problems, viewer.t().get("notice.invalidFields"), false, 422);
      return;
    } catch (TemplateNotAdoptedException e) {
      page(ctx, viewer, typed, List.of(), e.getMessage(), false, 409);
      return;
    } catch (InvalidInputException e) {
      page(ctx, viewer, typed, List.of(), e.getMessage(), false, 400);
      return;
    }
    if (draft.precedence() == Precedence.FLASH && !"yes".equals(ctx.formParam("confirmed"))) {
      page(ctx, viewer, typed, List.of(), null, true, 200);
      return;
    }
    ComposePages.Refusal refusal = compose.deliver(ctx, viewer, draft);
    if (refusal != null) {
      page(ctx, viewer, typed, List.of(), refusal.message(), false, refusal.status());
    }
  }

  private Typed typed(Context ctx, Viewer viewer, Map<String, String> values) {
    Map<String, Integer> rows = new HashMap<>();
    for (String name : values.keySet()) {
      Matcher row = ROW.matcher(name);
      if (row.matches()) {
        rows.merge(row.group(1), Integer.parseInt(row.group(2)) + 1, Math::max);
      }
    }
    String language = parameter(ctx, "language");
    return new Typed(
        parameter(ctx, "to"),
        parameter(ctx, "channel").isEmpty() ? "notifications" : parameter(ctx, "channel"),
        parameter(ctx, "template"),
        parameter(ctx, "precedence").isEmpty()
            ? Precedence.ROUTINE.name()
            : parameter(ctx, "precedence"),
        parameter(ctx, "status").isEmpty() ? StatusFlag.ACTUAL.name() : parameter(ctx, "status"),
        language.isEmpty() ? viewer.t().language() : language,
        Map.copyOf(values),
        Map.copyOf(rows));
  }

  private static Typed withRows(Typed typed, Map<String, Integer> rows) {
    return new Typed(
        typed.to(),
        typed.channel(),
        typed.template(),
        typed.precedence(),
        typed.status(),
        typed.language(),
        typed.values(),
        Map.copyOf(rows));
  }

  /**
   * The templates the form offers for a notification to {@code peer} on {@code channel}: those the
   * peer adopted there for its receiving side, the only ones it would read; none for a party that
   * is not a peer.
   */
  private List<Template> offered(String peer, String channel) {
    PartyId party;
    try {
      party = PartyId.of(peer);
    } catch (InvalidInputException e) {
      return List.of();
    }
    Crisis crisis = console.services().crisis();
    if (!crisis.peers().contains(party)) {
      return List.of();
    }
    return crisis.state(party).adopted(party, channel);
  }

  private Optional<Template> chosen(Typed typed) {
    return offered(typed.to(), typed.channel()).stream()
        .filter(template -> choice(template).equals(typed.template()))
        .findFirst();
  }

  /** How the template's select names a template: {@code id:version}. */
  private static String choice(Template template) {
    return template.id() + ":" + template.version();
  }

  /**
   * The notification as the crisis layer makes it from the chosen template, checked in its order
   * (the peer reads format 4, adopted the template there, the values keep it), with the language of
   * its free text.
   */
  private Draft draft(Typed typed, Template template, String json, Text t) {
    if (typed.to().isEmpty()) {
      throw new InvalidInputException("to", t.get("compose.chooseRecipient"));
    }
    Draft made =
        console
            .services()
            .crisis()
            .formattedNotification(
                PartyId.of(typed.to()),
                template.id(),
                template.version(),
                typed.channel(),
                Precedence.parse(typed.precedence()),
                StatusFlag.parse(typed.status()),
                json);
    return made.withLanguage(typed.language());
  }

  private void page(
      Context ctx,
      Viewer viewer,
      Typed typed,
      List<FieldProblem> problems,
      String error,
      boolean confirmFlash,
      int status) {
    Text t = viewer.t();
    String language = Notices.language(t.language());
    Optional<Template> template = chosen(typed);
    List<NoticeViews.FormField> fields =
        template
            .map(chosen -> Notices.form(chosen, language, typed.values(), typed.rows(), problems))
            .orElse(List.of());
    java.util.Set<String> beside = new java.util.HashSet<>();
    template.ifPresent(chosen -> pointers(chosen.fields(), "", beside));
    List<NoticeViews.Problem> elsewhere =
        problems.stream()
            .filter(problem -> !beside.contains(problem.pointer()))
            .map(p -> new NoticeViews.Problem(p.pointer(), p.rule(), p.message()))
            .toList();
    List<Views.Option> peers = compose.peers(typed.to());
    List<Views.Option> channels =
        compose.channelNames().stream()
            .map(c -> new Views.Option(c, c, c.equals(typed.channel())))
            .toList();
    List<Views.Option> templates =
        offered(typed.to(), typed.channel()).stream()
            .map(
                offer ->
                    new Views.Option(
                        choice(offer),
                        offer.title(language) + " (v" + offer.version() + ")",
                        choice(offer).equals(typed.template())))
            .toList();
    boolean held =
        console.services().releases().twoPersonRelease() && !viewer.can(Permission.RELEASE);
    ctx.status(status);
    console.html(
        ctx,
        "compose_notification.jte",
        new NoticeViews.ComposePage(
            console.frame(
                viewer,
                t.get(confirmFlash ? "compose.confirmTitle" : "notice.composeTitle"),
                "compose"),
            typed.to(),
            typed.channel(),
            template.map(NoticePages::choice).orElse(""),
            template.map(chosen -> chosen.title(language)).orElse(""),
            peers,
            channels,
            templates,
            ComposePages.precedences(t, typed.precedence()),
            ComposePages.statuses(t, typed.status()),
            typed.language(),
            fields,
            elsewhere,
            error,
            confirmFlash,
            held));
  }

  /** The pointers a form has a place for: every field, every row's field, every list. */
  private static void pointers(
      List<TemplateField> fields, String prefix, java.util.Set<String> into) {
    for (TemplateField field : fields) {
      String pointer = prefix + "/" + Notices.escape(field.name());
      into.add(pointer);
      for (int index = 0; index < field.maxItems(); index++) {
        pointers(field.items(), pointer + "/" + index, into);
      }
    }
  }

  private static String parameter(Context ctx, String name) {
    String value = ctx.formParam(name);
    if (value == null) {
      value = ctx.queryParam(name);
    }
    return value == null ? "" : value.strip();
  }
}
