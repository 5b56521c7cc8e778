package org.hotline.web.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hotline.Json;
import org.hotline.crisis.Crisis;
import org.hotline.crisis.FormattedNotification;
import org.hotline.identity.PartyId;
import org.hotline.link.MessageRecord;
import org.hotline.link.entry.Draft;
import org.hotline.link.entry.TemplateRef;
import org.hotline.notice.FieldProblem;
import org.hotline.notice.Template;
import org.hotline.notice.TemplateField;

/**
 * A formatted notification as the console shows it: the card of a notification's values in the
 * reader's language, and the form of a template with the values typed into it read back as the JSON
 * object {@link Template#check} checks. Pure functions of their arguments; thread-safe.
 */
final class Notices {
  /** The prefix of every form parameter that holds a value: {@code f} then the JSON Pointer. */
  static final String VALUE_PREFIX = "f";

  /** The languages a template labels its fields in (docs/notifications.md). */
  static final List<String> LANGUAGES = List.of("en", "zh");

  /**
   * A UTC instant as a {@code datetime-local} input gives it: minutes, perhaps seconds, no zone.
   */
  private static final Pattern LOCAL_INSTANT =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2})?");

  /** An integer as typed: digits with an optional sign, few enough to fit a long. */
  private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");

  private Notices() {}

  /** The language a card or form is shown in: {@code wanted} if a template has it, else English. */
  static String language(String wanted) {
    if (wanted == null) {
      return "en";
    }
    String primary = wanted.contains("-") ? wanted.substring(0, wanted.indexOf('-')) : wanted;
    return LANGUAGES.contains(primary) ? primary : "en";
  }

  /**
   * What a list of messages shows for {@code m}: its template's title in {@code language} when the
   * link knows the template it names, else its subject (a plain message's, or the template's id).
   */
  static String subject(MessageRecord m, Crisis crisis, String language) {
    return subject(m.draft(), m.from().equals(crisis.self()) ? m.to() : m.from(), crisis, language);
  }

  /**
   * What a list shows as {@code draft}'s subject, on the link with {@code peer}: as {@link
   * #subject(MessageRecord, Crisis, String)}, for a draft not yet signed (held for release).
   */
  static String subject(Draft draft, PartyId peer, Crisis crisis, String language) {
    TemplateRef ref = draft.template();
    if (ref == null) {
      return draft.subject();
    }
    return known(ref, peer, crisis).map(known -> known.title(language(language))).orElse(ref.id());
  }

  /**
   * What {@code draft}'s body is shown as: a formatted notification's values as one line per field,
   * {@code label: value unit}, in {@code language}, when the link knows its template and the values
   * keep it; else the body as it stands.
   */
  static String body(Draft draft, PartyId peer, Crisis crisis, String language) {
    TemplateRef ref = draft.template();
    if (ref == null) {
      return draft.body();
    }
    Optional<Template> known = known(ref, peer, crisis);
    if (known.isEmpty() || !known.get().check(draft.body()).isEmpty()) {
      return draft.body();
    }
    String shown = language(language);
    List<String> lines = new ArrayList<>();
    lines(
        cardFields(known.get().fields(), read(draft.body()), "", shown, Text.of(shown), Map.of()),
        "",
        lines);
    return String.join("\n", lines);
  }

  private static void lines(List<NoticeViews.CardField> fields, String prefix, List<String> lines) {
    for (NoticeViews.CardField field : fields) {
      if (field.list()) {
        for (int row = 0; row < field.rows().size(); row++) {
          lines(field.rows().get(row), prefix + field.label() + " " + (row + 1) + " · ", lines);
        }
      } else {
        lines.add(
            prefix
                + field.label()
                + ": "
                + field.value()
                + (field.unit().isEmpty() ? "" : " " + field.unit()));
      }
    }
  }

  /** The template the link with {@code peer} adopted with {@code ref}'s hash, id and version. */
  private static Optional<Template> known(TemplateRef ref, PartyId peer, Crisis crisis) {
    if (!crisis.peers().contains(peer)) {
      return Optional.empty();
    }
    return crisis
        .state(peer)
        .template(ref.sha256())
        .filter(known -> known.id().equals(ref.id()) && known.version() == ref.version());
  }

  // ------------------------------------------------------------------ the card

  /**
   * The card of a formatted notification as the link's logs read it, in {@code language}, each
   * free-text field with its translations from {@code translated} (by JSON Pointer); empty for a
   * plain message.
   */
  static Optional<NoticeViews.Card> card(
      MessageRecord m,
      Optional<FormattedNotification> read,
      String language,
      Map<String, List<Views.TranslationRow>> translated) {
    if (read.isEmpty()) {
      return Optional.empty();
    }
    FormattedNotification notification = read.get();
    String shown = language(language);
    String title =
        notification.template().map(known -> known.title(shown)).orElse(notification.ref().id());
    if (notification.validity() != FormattedNotification.Validity.VALID) {
      return Optional.of(
          card(
              m,
              shown,
              title,
              notification.validity().name(),
              List.of(),
              notification.problems().stream()
                  .map(p -> new NoticeViews.Problem(p.pointer(), p.rule(), p.message()))
                  .toList()));
    }
    List<NoticeViews.CardField> fields =
        cardFields(
            notification.template().orElseThrow().fields(),
            read(m.draft().body()),
            "",
            shown,
            Text.of(shown),
            translated);
    return Optional.of(card(m, shown, title, "VALID", fields, List.of()));
  }

  private static NoticeViews.Card card(
      MessageRecord m,
      String language,
      String title,
      String validity,
      List<NoticeViews.CardField> fields,
      List<NoticeViews.Problem> problems) {
    TemplateRef ref = m.template();
    return new NoticeViews.Card(
        Text.of(language),
        language,
        language.equals("en") ? "zh" : "en",
        title,
        ref.id(),
        ref.version(),
        ref.sha256(),
        validity,
        m.draft().language(),
        fields,
        problems,
        m.draft().body());
  }

  private static List<NoticeViews.CardField> cardFields(
      List<TemplateField> fields,
      JsonNode values,
      String prefix,
      String language,
      Text t,
      Map<String, List<Views.TranslationRow>> translated) {
    List<NoticeViews.CardField> shown = new ArrayList<>();
    for (TemplateField field : fields) {
      JsonNode value = values.get(field.name());
      if (value == null) {
        continue;
      }
      String pointer = prefix + "/" + escape(field.name());
      List<List<NoticeViews.CardField>> rows = new ArrayList<>();
      if (field.type().equals("array")) {
        for (int index = 0; index < value.size(); index++) {
          rows.add(
              cardFields(
                  field.items(), value.get(index), pointer + "/" + index, language, t, translated));
        }
      }
      shown.add(
          new NoticeViews.CardField(
              pointer,
              field.label(language),
              rows.isEmpty() ? shownValue(field, value, language, t) : "",
              field.unit(),
              field.freeText(),
              rows,
              field.freeText() ? translated.getOrDefault(pointer, List.of()) : List.of()));
    }
    return shown;
  }

  private static String shownValue(TemplateField field, JsonNode value, String language, Text t) {
    if (value.isBoolean()) {
      return t.get(value.booleanValue() ? "notice.yes" : "notice.no");
    }
    for (TemplateField.Choice choice : field.choices()) {
      if (String.valueOf(choice.value()).equals(value.asText())) {
        return choice.labels().getOrDefault(language, value.asText());
      }
    }
    return value.asText();
  }

  // ------------------------------------------------------------------ the form

  /**
   * The form of {@code template} in {@code language}, holding {@code typed} (form parameters by
   * name) and each of {@code problems} beside the field at its pointer.
   *
   * @param rowsWanted the number of rows each list shows, by the list's name
   */
  static List<NoticeViews.FormField> form(
      Template template,
      String language,
      Map<String, String> typed,
      Map<String, Integer> rowsWanted,
      List<FieldProblem> problems) {
    Map<String, String> errors = new HashMap<>();
    for (FieldProblem problem : problems) {
      errors.putIfAbsent(problem.pointer(), problem.rule() + ": " + problem.message());
    }
    JsonNode document = read(template.canonical());
    List<NoticeViews.FormField> form = new ArrayList<>();
    for (TemplateField field : template.fields()) {
      String pointer = "/" + escape(field.name());
      JsonNode schema = property(document, document.path("properties"), field.name());
      if (!field.type().equals("array")) {
        form.add(input(field, pointer, schema, language, typed, errors));
        continue;
      }
      int rows = rows(field, rowsWanted);
      List<List<NoticeViews.FormField>> inputs = new ArrayList<>();
      for (int index = 0; index < rows; index++) {
        List<NoticeViews.FormField> row = new ArrayList<>();
        for (TemplateField item : field.items()) {
          row.add(
              input(
                  item,
                  pointer + "/" + index + "/" + escape(item.name()),
                  property(document, schema.path("items").path("properties"), item.name()),
                  language,
                  typed,
                  errors));
        }
        inputs.add(row);
      }
      form.add(
          new NoticeViews.FormField(
              VALUE_PREFIX + pointer,
              id(pointer),
              field.label(language),
              field.help().getOrDefault(language, ""),
              field.unit(),
              "rows",
              field.required(),
              false,
              "",
              List.of(),
              null,
              null,
              0,
              errors.get(pointer),
              inputs,
              rows < field.maxItems()));
    }
    return form;
  }

  /** How many rows a list shows: as many as asked, at least one, at most its maxItems. */
  static int rows(TemplateField list, Map<String, Integer> rowsWanted) {
    return Math.max(1, Math.min(list.maxItems(), rowsWanted.getOrDefault(list.name(), 1)));
  }

  private static NoticeViews.FormField input(
      TemplateField field,
      String pointer,
      JsonNode schema,
      String language,
      Map<String, String> typed,
      Map<String, String> errors) {
    String name = VALUE_PREFIX + pointer;
    String value = typed.getOrDefault(name, "");
    String kind;
    List<Views.Option> choices = List.of();
    if (!field.choices().isEmpty()) {
      kind = "select";
      List<Views.Option> options = new ArrayList<>();
      options.add(new Views.Option("", "", value.isEmpty()));
      for (TemplateField.Choice choice : field.choices()) {
        String choiceValue = String.valueOf(choice.value());
        options.add(
            new Views.Option(
                choiceValue,
                choice.labels().getOrDefault(language, choiceValue),
                choiceValue.equals(value)));
      }
      choices = List.copyOf(options);
    } else if (field.type().equals("boolean")) {
      kind = "checkbox";
    } else if (field.type().equals("integer")) {
      kind = "number";
    } else if (field.format().equals("date-time")) {
      kind = "datetime";
      value = value.endsWith("Z") ? value.substring(0, value.length() - 1) : value;
    } else if (field.freeText()) {
      kind = "textarea";
    } else {
      kind = "text";
    }
    return new NoticeViews.FormField(
        name,
        id(pointer),
        field.label(language),
        field.help().getOrDefault(language, ""),
        field.unit(),
        kind,
        field.required(),
        field.freeText(),
        value,
        choices,
        integer(schema, "minimum"),
        integer(schema, "maximum"),
        field.maxLength(),
        errors.get(pointer),
        List.of(),
        false);
  }

  /**
   * The values typed into the form of {@code template} as the JSON object a notification carries: a
   * field left empty is left out; an integer as typed when it is not one, for the check to name.
   */
  static String values(Template template, Map<String, String> typed) {
    ObjectNode object = Json.mapper().createObjectNode();
    for (TemplateField field : template.fields()) {
      String pointer = "/" + escape(field.name());
      if (!field.type().equals("array")) {
        put(object, field, typed, pointer);
        continue;
      }
      ArrayNode list = object.arrayNode();
      for (int index = 0; index < field.maxItems(); index++) {
        ObjectNode row = object.objectNode();
        for (TemplateField item : field.items()) {
          put(row, item, typed, pointer + "/" + index + "/" + escape(item.name()));
        }
        if (hasTyped(row, field.items())) {
          list.add(row);
        }
      }
      if (!list.isEmpty()) {
        object.set(field.name(), list);
      }
    }
    return object.toString();
  }

  /** Whether a row holds anything a person typed, beyond checkboxes left unticked. */
  private static boolean hasTyped(ObjectNode row, List<TemplateField> items) {
    for (TemplateField item : items) {
      JsonNode value = row.get(item.name());
      if (value != null && !(value.isBoolean() && !value.booleanValue())) {
        return true;
      }
    }
    return false;
  }

  private static void put(
      ObjectNode object, TemplateField field, Map<String, String> typed, String pointer) {
    String name = field.name();
    String value = typed.getOrDefault(VALUE_PREFIX + pointer, "").strip();
    if (field.type().equals("boolean")) {
      object.put(name, !value.isEmpty());
      return;
    }
    if (value.isEmpty()) {
      return;
    }
    if (field.type().equals("integer") && INTEGER.matcher(value).matches()) {
      object.put(name, Long.parseLong(value));
    } else if (field.format().equals("date-time") && LOCAL_INSTANT.matcher(value).matches()) {
      object.put(name, value + (value.length() == "yyyy-MM-ddTHH:mm".length() ? ":00Z" : "Z"));
    } else {
      object.put(name, value);
    }
  }

  /** A property's schema, through a {@code $ref} to {@code #/$defs/NAME}, the only kind allowed. */
  private static JsonNode property(JsonNode document, JsonNode properties, String name) {
    JsonNode schema = properties.path(name);
    String ref = schema.path("$ref").asText("");
    if (ref.startsWith("#/$defs/")) {
      ObjectNode merged = Json.mapper().createObjectNode();
      JsonNode definition = document.path("$defs").path(ref.substring("#/$defs/".length()));
      if (definition.isObject()) {
        merged.setAll((ObjectNode) definition);
      }
      if (schema.isObject()) {
        merged.setAll((ObjectNode) schema);
      }
      return merged;
    }
    return schema;
  }

  private static Long integer(JsonNode schema, String keyword) {
    JsonNode bound = schema.path(keyword);
    return bound.canConvertToLong() ? bound.longValue() : null;
  }

  private static JsonNode read(String json) {
    try {
      return Json.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("checked values and canonical templates are JSON", e);
    }
  }

  /** A name as one step of a JSON Pointer (RFC 6901). */
  static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }

  /** An element id for a pointer: letters, digits and dashes only. */
  private static String id(String pointer) {
    return "field" + pointer.replaceAll("[^A-Za-z0-9]", "-");
  }
}
