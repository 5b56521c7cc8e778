package org.hotline.notice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.hotline.InvalidInputException;

/**
 * Hotline's own rules for a template, on top of the 2020-12 meta-schema (docs/notifications.md,
 * "Writing a template"): the keywords allowed at each place and no other, {@code $ref} only to
 * {@code #/$defs/NAME} in the same document and never from one definition to another (so nothing is
 * fetched and nothing recurses), fields of type string, integer or boolean and one level of arrays
 * of flat objects, labels in both languages, {@code x-order} naming exactly the fields, and the
 * bounds of {@link TemplateLimits}. Reads a document the meta-schema has accepted; refuses the
 * first breach with an {@link InvalidInputException} whose field is the JSON Pointer of the place.
 * Not thread-safe: one instance reads one document.
 */
final class TemplateRules {
  private static final Set<String> TOP_KEYWORDS =
      Set.of(
          "$schema",
          "$comment",
          "title",
          "description",
          "type",
          "additionalProperties",
          "properties",
          "required",
          "$defs",
          "x-template",
          "x-titles",
          "x-order");
  private static final Set<String> ANNOTATIONS = Set.of("title", "description", "$comment");
  private static final Set<String> STRING_KEYWORDS =
      Set.of("minLength", "maxLength", "pattern", "format");
  private static final Set<String> INTEGER_KEYWORDS =
      Set.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf");
  private static final Set<String> VALUE_KEYWORDS = Set.of("type", "enum", "const", "x-unit");
  private static final Set<String> FIELD_PRESENTATION =
      Set.of("x-labels", "x-help", "x-free-text", "x-enum-labels");
  private static final Set<String> ARRAY_KEYWORDS =
      Set.of("type", "minItems", "maxItems", "items", "x-labels", "x-help");
  private static final Set<String> ITEM_KEYWORDS =
      Set.of("type", "additionalProperties", "properties", "required", "x-order");
  private static final Set<String> DEFINITION_KEYWORDS =
      union(
          union(ANNOTATIONS, VALUE_KEYWORDS),
          union(union(STRING_KEYWORDS, INTEGER_KEYWORDS), Set.of("x-enum-labels")));
  private static final Set<String> SCALAR_FIELD_KEYWORDS =
      union(DEFINITION_KEYWORDS, union(FIELD_PRESENTATION, Set.of("$ref")));
  private static final Set<String> SCALAR_TYPES = Set.of("string", "integer", "boolean");
  private static final Pattern ID = Pattern.compile(TemplateLimits.ID_PATTERN);
  private static final String REF_PREFIX = "#/$defs/";

  private final JsonNode root;
  private int fieldCount;

  /** What the rules read from an accepted template. */
  record Reading(String id, int version, Map<String, String> titles, List<TemplateField> fields) {}

  private TemplateRules(JsonNode root) {
    this.root = root;
  }

  static Reading read(JsonNode document) {
    return new TemplateRules(document).top();
  }

  private Reading top() {
    objectAt(root, "", "a template is a JSON object");
    keywords(root, "", TOP_KEYWORDS);
    if (!TemplateLimits.DIALECT.equals(root.path("$schema").asText(null))) {
      throw refused("/$schema", "must be \"" + TemplateLimits.DIALECT + "\"");
    }
    if (!"object".equals(root.path("type").asText(null))) {
      throw refused("/type", "a template's type is \"object\"");
    }
    if (!root.path("additionalProperties").isBoolean()
        || root.path("additionalProperties").booleanValue()) {
      throw refused("/additionalProperties", "must be false: a value no field names is refused");
    }
    String id = id();
    int version = version();
    Map<String, String> titles =
        languages(root.get("x-titles"), "/x-titles", TemplateLimits.LABEL_CHARS_MAX);
    definitions();
    List<TemplateField> fields = object(root, "");
    return new Reading(id, version, titles, fields);
  }

  private String id() {
    JsonNode named = root.get("x-template");
    objectAt(named, "/x-template", "names the template: {\"id\": ..., \"version\": ...}");
    keywords(named, "/x-template", Set.of("id", "version"));
    JsonNode id = named.get("id");
    if (id == null || !id.isTextual() || !ID.matcher(id.textValue()).matches()) {
      throw refused(
          "/x-template/id", "an id is a lower-case word matching " + TemplateLimits.ID_PATTERN);
    }
    return id.textValue();
  }

  private int version() {
    JsonNode version = root.path("x-template").get("version");
    if (version == null
        || !version.isIntegralNumber()
        || version.longValue() < 1
        || version.longValue() > TemplateLimits.VERSION_MAX) {
      throw refused(
          "/x-template/version", "a version is an integer from 1 to " + TemplateLimits.VERSION_MAX);
    }
    return version.intValue();
  }

  private void definitions() {
    JsonNode definitions = root.get("$defs");
    if (definitions == null) {
      return;
    }
    objectAt(definitions, "/$defs", "holds named definitions");
    if (definitions.size() > TemplateLimits.DEFINITIONS_MAX) {
      throw refused(
          "/$defs", "at most " + TemplateLimits.DEFINITIONS_MAX + " definitions in a template");
    }
    for (Map.Entry<String, JsonNode> entry : definitions.properties()) {
      String pointer = "/$defs/" + escape(entry.getKey());
      JsonNode definition = entry.getValue();
      objectAt(definition, pointer, "a definition is a schema object");
      if (definition.has("$ref")) {
        throw refused(
            pointer + "/$ref", "a definition may not refer to another: no chains, no recursion");
      }
      keywords(definition, pointer, DEFINITION_KEYWORDS);
      scalar(definition, definition, pointer, pointer, false);
    }
  }

  /** The fields of the template or of an array's objects, checked, in x-order's order. */
  private List<TemplateField> object(JsonNode object, String pointer) {
    JsonNode properties = object.get("properties");
    objectAt(properties, pointer + "/properties", "names the fields: an object of schemas");
    if (properties.isEmpty()) {
      throw refused(pointer + "/properties", "a template has at least one field");
    }
    Set<String> required = required(object, pointer, properties);
    List<String> order = order(object, pointer, properties);
    Map<String, TemplateField> byName = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : properties.properties()) {
      String fieldPointer = pointer + "/properties/" + escape(entry.getKey());
      if (++fieldCount > TemplateLimits.FIELDS_MAX) {
        throw refused(
            fieldPointer, "more than " + TemplateLimits.FIELDS_MAX + " fields in one template");
      }
      byName.put(
          entry.getKey(),
          field(
              entry.getKey(),
              entry.getValue(),
              fieldPointer,
              required.contains(entry.getKey()),
              !pointer.isEmpty()));
    }
    return order.stream().map(byName::get).toList();
  }

  private Set<String> required(JsonNode object, String pointer, JsonNode properties) {
    JsonNode required = object.get("required");
    Set<String> names = new LinkedHashSet<>();
    if (required == null) {
      return names;
    }
    for (int index = 0; index < required.size(); index++) {
      String name = required.get(index).asText();
      if (!properties.has(name)) {
        throw refused(pointer + "/required/" + index, "names no field: \"" + name + "\"");
      }
      names.add(name);
    }
    return names;
  }

  private List<String> order(JsonNode object, String pointer, JsonNode properties) {
    JsonNode order = object.get("x-order");
    String orderPointer = pointer + "/x-order";
    if (order == null || !order.isArray()) {
      throw refused(orderPointer, "lists the fields in the order a form shows them");
    }
    List<String> names = new ArrayList<>();
    for (int index = 0; index < order.size(); index++) {
      JsonNode name = order.get(index);
      if (!name.isTextual() || !properties.has(name.textValue())) {
        throw refused(orderPointer + "/" + index, "names no field: " + name);
      }
      if (names.contains(name.textValue())) {
        throw refused(orderPointer + "/" + index, "names \"" + name.textValue() + "\" twice");
      }
      names.add(name.textValue());
    }
    for (String property : (Iterable<String>) properties::fieldNames) {
      if (!names.contains(property)) {
        throw refused(orderPointer, "leaves out the field \"" + property + "\"");
      }
    }
    return names;
  }

  private TemplateField field(
      String name, JsonNode node, String pointer, boolean required, boolean inArray) {
    objectAt(node, pointer, "a field is a schema object");
    JsonNode effective = resolved(node, pointer);
    String type = effective.path("type").asText("");
    if (!effective.path("type").isTextual()) {
      throw refused(pointer + "/type", "a field names one type: string, integer, boolean or array");
    }
    if ("array".equals(type)) {
      if (inArray) {
        throw refused(pointer + "/type", "arrays do not nest: one level of arrays of flat objects");
      }
      return array(name, node, pointer, required);
    }
    if ("object".equals(type)) {
      throw refused(pointer + "/type", "an object is allowed only as the items of an array");
    }
    if (!SCALAR_TYPES.contains(type)) {
      throw refused(pointer + "/type", "a field's type is string, integer, boolean or array");
    }
    keywords(node, pointer, SCALAR_FIELD_KEYWORDS);
    scalar(node, effective, pointer, pointer, true);
    return scalarField(name, effective, required);
  }

  /** The field's schema with its {@code $ref}'s definition under it, or the field itself. */
  private JsonNode resolved(JsonNode node, String pointer) {
    JsonNode reference = node.get("$ref");
    if (reference == null) {
      return node;
    }
    String target = reference.asText("");
    if (!target.startsWith(REF_PREFIX)) {
      throw refused(
          pointer + "/$ref",
          "refers outside the template: only \"#/$defs/NAME\" is allowed, nothing is fetched");
    }
    String token = target.substring(REF_PREFIX.length());
    JsonNode definition = token.contains("/") ? null : root.path("$defs").get(unescape(token));
    if (definition == null) {
      throw refused(pointer + "/$ref", "names no definition in /$defs: \"" + target + "\"");
    }
    ObjectNode merged = definition.deepCopy();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      if (!"$ref".equals(entry.getKey())) {
        merged.set(entry.getKey(), entry.getValue());
      }
    }
    if (node.has("type") && !node.get("type").equals(definition.get("type"))) {
      throw refused(pointer + "/type", "differs from the type of " + target);
    }
    return merged;
  }

  /**
   * Checks the keywords of {@code own} (at {@code pointer}) for a field whose schema, with any
   * definition, is {@code effective}; {@code whole} says whether {@code effective} is a complete
   * field (then it must be bounded and labelled) rather than a definition.
   */
  private void scalar(
      JsonNode own, JsonNode effective, String pointer, String fieldPointer, boolean whole) {
    String type = effective.path("type").asText("");
    if (!SCALAR_TYPES.contains(type)) {
      throw refused(pointer + "/type", "a definition's type is string, integer or boolean");
    }
    for (String keyword : (Iterable<String>) own::fieldNames) {
      if (STRING_KEYWORDS.contains(keyword) && !"string".equals(type)) {
        throw refused(pointer + "/" + keyword, keyword + " applies to strings only");
      }
      if (INTEGER_KEYWORDS.contains(keyword) && !"integer".equals(type)) {
        throw refused(pointer + "/" + keyword, keyword + " applies to integers only");
      }
    }
    stringKeywords(own, pointer);
    integerKeywords(own, pointer);
    enumeration(own, type, pointer);
    if (own.has("const") && !ofType(own.get("const"), type)) {
      throw refused(pointer + "/const", "is not a " + type);
    }
    if (own.has("x-unit")) {
      text(own.get("x-unit"), pointer + "/x-unit", TemplateLimits.UNIT_CHARS_MAX);
    }
    if (!whole) {
      if (own.has("enum") || own.has("x-enum-labels")) {
        enumLabels(own, pointer);
      }
      return;
    }
    languages(own.get("x-labels"), fieldPointer + "/x-labels", TemplateLimits.LABEL_CHARS_MAX);
    if (own.has("x-help")) {
      languages(own.get("x-help"), fieldPointer + "/x-help", TemplateLimits.HELP_CHARS_MAX);
    }
    freeText(own, effective, type, fieldPointer);
    if ("string".equals(type)
        && !effective.has("maxLength")
        && !effective.has("enum")
        && !effective.has("const")) {
      throw refused(
          fieldPointer,
          "a string field states its maxLength (at most "
              + TemplateLimits.STRING_CHARS_MAX
              + "), an enum or a const");
    }
    if ("string".equals(type)
        && (effective.has("pattern") || effective.has("format"))
        && effective.path("maxLength").asLong(Long.MAX_VALUE) > TemplateLimits.SHAPED_CHARS_MAX) {
      throw refused(
          fieldPointer,
          "a string field with a pattern or a format states a maxLength of at most "
              + TemplateLimits.SHAPED_CHARS_MAX);
    }
    enumLabels(effective, fieldPointer);
  }

  private void stringKeywords(JsonNode own, String pointer) {
    JsonNode maxLength = own.get("maxLength");
    if (maxLength != null
        && (maxLength.asLong() < 1 || maxLength.asLong() > TemplateLimits.STRING_CHARS_MAX)) {
      throw refused(
          pointer + "/maxLength", "is at least 1 and at most " + TemplateLimits.STRING_CHARS_MAX);
    }
    JsonNode pattern = own.get("pattern");
    if (pattern != null) {
      if (pattern.textValue().length() > TemplateLimits.PATTERN_CHARS_MAX) {
        throw refused(
            pointer + "/pattern",
            "longer than " + TemplateLimits.PATTERN_CHARS_MAX + " characters");
      }
      try {
        Pattern.compile(pattern.textValue());
      } catch (PatternSyntaxException e) {
        throw refused(pointer + "/pattern", "not a regular expression: " + e.getDescription());
      }
    }
    JsonNode format = own.get("format");
    if (format != null && !TemplateLimits.FORMATS.contains(format.textValue())) {
      throw refused(
          pointer + "/format", "unknown format; known: " + new TreeSet<>(TemplateLimits.FORMATS));
    }
  }

  private void integerKeywords(JsonNode own, String pointer) {
    JsonNode multipleOf = own.get("multipleOf");
    if (multipleOf != null && !multipleOf.isIntegralNumber()) {
      throw refused(pointer + "/multipleOf", "is an integer");
    }
  }

  private void enumeration(JsonNode own, String type, String pointer) {
    JsonNode values = own.get("enum");
    if (values == null) {
      return;
    }
    if ("boolean".equals(type)) {
      throw refused(pointer + "/enum", "applies to strings and integers only");
    }
    if (values.isEmpty() || values.size() > TemplateLimits.ENUM_VALUES_MAX) {
      throw refused(
          pointer + "/enum", "lists from 1 to " + TemplateLimits.ENUM_VALUES_MAX + " values");
    }
    Set<String> seen = new HashSet<>();
    for (int index = 0; index < values.size(); index++) {
      JsonNode value = values.get(index);
      if (!ofType(value, type)) {
        throw refused(pointer + "/enum/" + index, "is not a " + type);
      }
      if (value.isTextual() && value.textValue().length() > TemplateLimits.LABEL_CHARS_MAX) {
        throw refused(
            pointer + "/enum/" + index,
            "longer than " + TemplateLimits.LABEL_CHARS_MAX + " characters");
      }
      if (!seen.add(value.asText())) {
        throw refused(pointer + "/enum/" + index, "repeats the value " + value);
      }
    }
  }

  private void enumLabels(JsonNode effective, String pointer) {
    JsonNode values = effective.get("enum");
    JsonNode labels = effective.get("x-enum-labels");
    if (values == null) {
      if (labels != null) {
        throw refused(pointer + "/x-enum-labels", "labels values of an enum, and there is none");
      }
      return;
    }
    objectAt(labels, pointer + "/x-enum-labels", "labels every value of the enum in en and zh");
    for (JsonNode value : values) {
      if (!labels.has(value.asText())) {
        throw refused(pointer + "/x-enum-labels", "has no labels for the value " + value);
      }
    }
    for (Map.Entry<String, JsonNode> entry : labels.properties()) {
      String labelPointer = pointer + "/x-enum-labels/" + escape(entry.getKey());
      boolean known = false;
      for (JsonNode value : values) {
        known |= value.asText().equals(entry.getKey());
      }
      if (!known) {
        throw refused(labelPointer, "labels a value the enum does not list");
      }
      languages(entry.getValue(), labelPointer, TemplateLimits.LABEL_CHARS_MAX);
    }
  }

  private void freeText(JsonNode own, JsonNode effective, String type, String pointer) {
    JsonNode freeText = own.get("x-free-text");
    if (freeText == null) {
      return;
    }
    if (!freeText.isBoolean()) {
      throw refused(pointer + "/x-free-text", "is true or false");
    }
    if (freeText.booleanValue() && (!"string".equals(type) || effective.has("enum"))) {
      throw refused(pointer + "/x-free-text", "only a string field without an enum is free text");
    }
  }

  private TemplateField array(String name, JsonNode node, String pointer, boolean required) {
    keywords(node, pointer, union(ANNOTATIONS, ARRAY_KEYWORDS));
    languages(node.get("x-labels"), pointer + "/x-labels", TemplateLimits.LABEL_CHARS_MAX);
    Map<String, String> help =
        node.has("x-help")
            ? languages(node.get("x-help"), pointer + "/x-help", TemplateLimits.HELP_CHARS_MAX)
            : Map.of();
    JsonNode maxItems = node.get("maxItems");
    if (maxItems == null
        || maxItems.asLong() < 1
        || maxItems.asLong() > TemplateLimits.ARRAY_ITEMS_MAX) {
      throw refused(
          pointer + "/maxItems",
          "an array states its maxItems, from 1 to " + TemplateLimits.ARRAY_ITEMS_MAX);
    }
    JsonNode items = node.get("items");
    String itemsPointer = pointer + "/items";
    objectAt(items, itemsPointer, "an array's items are one object schema");
    keywords(items, itemsPointer, union(ANNOTATIONS, ITEM_KEYWORDS));
    if (!"object".equals(items.path("type").asText(null))) {
      throw refused(itemsPointer + "/type", "an array holds objects: \"object\"");
    }
    if (!items.path("additionalProperties").isBoolean()
        || items.path("additionalProperties").booleanValue()) {
      throw refused(
          itemsPointer + "/additionalProperties",
          "must be false: a value no field names is refused");
    }
    List<TemplateField> fields = object(items, itemsPointer);
    return new TemplateField(
        name,
        "array",
        required,
        false,
        languages(node.get("x-labels"), pointer + "/x-labels", TemplateLimits.LABEL_CHARS_MAX),
        help,
        "",
        List.of(),
        0,
        "",
        "",
        fields,
        maxItems.intValue());
  }

  private static TemplateField scalarField(String name, JsonNode effective, boolean required) {
    List<TemplateField.Choice> choices = new ArrayList<>();
    JsonNode values = effective.get("enum");
    if (values != null) {
      for (JsonNode value : values) {
        Object choice = value.isTextual() ? value.textValue() : (Object) value.longValue();
        choices.add(
            new TemplateField.Choice(
                choice, plain(effective.path("x-enum-labels").path(value.asText()))));
      }
    }
    return new TemplateField(
        name,
        effective.path("type").asText(),
        required,
        effective.path("x-free-text").asBoolean(false),
        plain(effective.get("x-labels")),
        effective.has("x-help") ? plain(effective.get("x-help")) : Map.of(),
        effective.path("x-unit").asText(""),
        choices,
        effective.path("maxLength").asInt(0),
        effective.path("pattern").asText(""),
        effective.path("format").asText(""),
        List.of(),
        0);
  }

  private static Map<String, String> plain(JsonNode languages) {
    Map<String, String> texts = new TreeMap<>();
    languages.properties().forEach(entry -> texts.put(entry.getKey(), entry.getValue().asText()));
    return texts;
  }

  /** Text by language: exactly en and zh, each a non-blank line of at most {@code charsMax}. */
  @CanIgnoreReturnValue
  private static Map<String, String> languages(JsonNode node, String pointer, int charsMax) {
    objectAt(node, pointer, "gives the text in en and zh");
    for (String language : new TreeSet<>(TemplateLimits.LANGUAGES)) {
      if (!node.has(language)) {
        throw refused(pointer, "has no \"" + language + "\" text");
      }
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      if (!TemplateLimits.LANGUAGES.contains(entry.getKey())) {
        throw refused(
            pointer + "/" + escape(entry.getKey()),
            "unknown language: a template speaks en and zh");
      }
      text(entry.getValue(), pointer + "/" + entry.getKey(), charsMax);
    }
    return plain(node);
  }

  private static void text(JsonNode node, String pointer, int charsMax) {
    if (node == null || !node.isTextual() || node.textValue().isBlank()) {
      throw refused(pointer, "is a non-empty string");
    }
    if (node.textValue().length() > charsMax) {
      throw refused(pointer, "longer than " + charsMax + " characters");
    }
  }

  private static void keywords(JsonNode node, String pointer, Set<String> allowed) {
    for (String keyword : (Iterable<String>) node::fieldNames) {
      if (!allowed.contains(keyword)) {
        throw refused(
            pointer + "/" + escape(keyword),
            "unknown keyword \""
                + keyword
                + "\": a template uses only the keywords docs/notifications.md lists");
      }
    }
  }

  private static void objectAt(JsonNode node, String pointer, String what) {
    if (node == null || !node.isObject()) {
      throw refused(pointer, node == null ? "missing: " + what : "not an object: " + what);
    }
  }

  private static boolean ofType(JsonNode value, String type) {
    return switch (type) {
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber();
      case "boolean" -> value.isBoolean();
      default -> false;
    };
  }

  private static Set<String> union(Set<String> first, Set<String> second) {
    Set<String> all = new HashSet<>(first);
    all.addAll(second);
    return Set.copyOf(all);
  }

  /** A JSON Pointer reference token for {@code name} (RFC 6901 §4). */
  static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }

  private static String unescape(String token) {
    return token.replace("~1", "/").replace("~0", "~");
  }

  static InvalidInputException refused(String pointer, String message) {
    return new InvalidInputException(pointer, message);
  }
}
