package org.hotline.notice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.erdtman.jcs.JsonCanonicalizer;
import org.hotline.InvalidInputException;
import org.hotline.Json;

/**
 * A notification template (docs/notifications.md): a JSON Schema 2020-12 document with labels in
 * English and Simplified Chinese, named by an id and a version and identified by the SHA-256 of its
 * canonical form (RFC 8785). Immutable and thread-safe; {@link #parse} is the only way to make one,
 * and refuses any document this package would not check a notification against.
 */
public final class Template {
  /**
   * Hotline's JSON settings, and nothing may follow the one value: a reader that stopped at the
   * value's end would check text a canonicalizer or a peer reads otherwise.
   */
  private static final ObjectReader READER =
      Json.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final String id;
  private final int version;
  private final String canonical;
  private final String sha256;
  private final Map<String, String> titles;
  private final List<TemplateField> fields;
  private final Schema schema;

  private Template(TemplateRules.Reading reading, String canonical, String sha256, Schema schema) {
    this.id = reading.id();
    this.version = reading.version();
    this.canonical = canonical;
    this.sha256 = sha256;
    this.titles = Map.copyOf(reading.titles());
    this.fields = List.copyOf(reading.fields());
    this.schema = schema;
  }

  /**
   * Reads a template, refusing with an {@link InvalidInputException} whose field names the place (a
   * JSON Pointer into the template, {@code ""} for the whole) anything that is not a template: not
   * JSON, not a 2020-12 schema, an unknown keyword, a {@code $ref} outside the document, a limit of
   * {@link TemplateLimits} broken. Fetches nothing. The caller shows the pointer and the message as
   * they are: they say what to change.
   */
  public static Template parse(String json) {
    if (json.length() > TemplateLimits.CANONICAL_CHARS_MAX) {
      // Too long to be what an adoption carries: read, never remembered.
      return readTemplate(json);
    }
    synchronized (READ) {
      Object known = READ.get(json);
      if (known instanceof Template template) {
        return template;
      }
      if (known instanceof InvalidInputException refused) {
        throw new InvalidInputException(refused.field(), refused.getMessage());
      }
    }
    Object outcome;
    try {
      outcome = readTemplate(json);
    } catch (InvalidInputException refused) {
      outcome = refused;
    }
    synchronized (READ) {
      READ.put(json, outcome);
    }
    if (outcome instanceof InvalidInputException refused) {
      throw new InvalidInputException(refused.field(), refused.getMessage());
    }
    return (Template) outcome;
  }

  /**
   * How many template texts {@link #parse} remembers, with what it made of each. Every fold of a
   * link reads every adoption again (about a millisecond each, the meta-schema check and the
   * compilation of the schema); a link adopts tens of templates, and a peer's refused adoptions are
   * remembered too so that they cost the same. 128 texts of at most 16,384 characters is at most 4
   * MiB.
   */
  static final int REMEMBERED_MAX = 128;

  /** Template texts read, least recently used first: a Template, or the refusal. */
  private static final Map<String, Object> READ =
      new java.util.LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
          return size() > REMEMBERED_MAX;
        }
      };

  /** Reads {@code json} without looking at what {@link #parse} remembers: for the benchmark. */
  static Template readTemplate(String json) {
    if (json.length() > TemplateLimits.TEXT_CHARS_MAX) {
      throw TemplateRules.refused(
          "", "longer than " + TemplateLimits.TEXT_CHARS_MAX + " characters: not a template");
    }
    JsonNode document = read(json);
    numbers(document, "");
    regularExpressions(document, "");
    List<Error> breaches;
    try {
      breaches = Schemas.againstMetaSchema(document);
    } catch (RuntimeException | StackOverflowError e) {
      // The meta-schema check is a library's: whatever it throws refuses the text, never the
      // caller.
      throw TemplateRules.refused(
          "", "the JSON Schema 2020-12 check cannot read it: " + e.getClass().getSimpleName());
    }
    if (!breaches.isEmpty()) {
      Error first = breaches.getFirst();
      throw TemplateRules.refused(
          first.getInstanceLocation().toString(),
          "not a JSON Schema 2020-12 document: " + first.getMessage());
    }
    TemplateRules.Reading reading = TemplateRules.read(document);
    String canonical = canonical(json);
    if (canonical.length() > TemplateLimits.CANONICAL_CHARS_MAX) {
      throw TemplateRules.refused(
          "",
          "its canonical form has "
              + canonical.length()
              + " characters, more than "
              + TemplateLimits.CANONICAL_CHARS_MAX);
    }
    Schema schema;
    try {
      schema = Schemas.compile(document);
    } catch (RuntimeException e) {
      // The rules above leave the validator nothing to refuse; should it still, so is the template.
      throw TemplateRules.refused(
          "", "the validator cannot read it: " + e.getClass().getSimpleName());
    }
    return new Template(reading, canonical, sha256Hex(canonical), schema);
  }

  /**
   * Refuses, before the meta-schema check compiles them (its {@code format: regex}), a pattern
   * longer than {@link TemplateLimits#PATTERN_CHARS_MAX} and any {@code patternProperties}, whose
   * names are patterns too: java.util.regex compiles nested groups by recursion, and a long text of
   * parentheses would overflow the stack of the thread reading it.
   */
  private static void regularExpressions(JsonNode node, String pointer) {
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        regularExpressions(node.get(i), pointer + "/" + i);
      }
      return;
    }
    if (!node.isObject()) {
      return;
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String at = pointer + "/" + TemplateRules.escape(entry.getKey());
      if (entry.getKey().equals("patternProperties")) {
        throw TemplateRules.refused(at, "not allowed: a template names each of its fields");
      }
      if (entry.getKey().equals("pattern")
          && entry.getValue().isTextual()
          && entry.getValue().textValue().length() > TemplateLimits.PATTERN_CHARS_MAX) {
        throw TemplateRules.refused(
            at, "longer than " + TemplateLimits.PATTERN_CHARS_MAX + " characters");
      }
      regularExpressions(entry.getValue(), at);
    }
  }

  private static JsonNode read(String json) {
    try {
      JsonNode document = READER.readTree(json);
      if (document == null || document.isMissingNode()) {
        throw TemplateRules.refused("", "empty: a template is a JSON object");
      }
      return document;
    } catch (JsonProcessingException e) {
      throw TemplateRules.refused(
          Json.duplicateField(e).map(name -> "").orElse(""),
          Json.duplicateField(e)
              .map(name -> "names \"" + name + "\" twice")
              .orElse("not JSON: " + e.getOriginalMessage()));
    }
  }

  /** Refuses a fraction, an exponent or an integer beyond ±(2^53 − 1) anywhere in a template. */
  private static void numbers(JsonNode node, String pointer) {
    if (node.isNumber()) {
      if (!node.isIntegralNumber()) {
        throw TemplateRules.refused(
            pointer, "a number with a fraction or exponent: a template holds integers only");
      }
      if (!node.canConvertToLong()
          || Math.abs(node.longValue()) > TemplateLimits.INTEGER_MAGNITUDE_MAX) {
        throw TemplateRules.refused(
            pointer,
            "beyond ±" + TemplateLimits.INTEGER_MAGNITUDE_MAX + ": no exact canonical form");
      }
    }
    if (node.isArray()) {
      for (int index = 0; index < node.size(); index++) {
        numbers(node.get(index), pointer + "/" + index);
      }
    }
    node.properties()
        .forEach(
            entry ->
                numbers(entry.getValue(), pointer + "/" + TemplateRules.escape(entry.getKey())));
  }

  /** The template's id, a lower-case word such as {@code aerial-object-sighting}. */
  public String id() {
    return id;
  }

  /** The template's version, from 1: a changed template is a new version under the same id. */
  public int version() {
    return version;
  }

  /** The template in RFC 8785 canonical JSON: what an adoption entry carries. */
  public String canonical() {
    return canonical;
  }

  /** Lower-case hex SHA-256 of {@link #canonical()}'s UTF-8 bytes. */
  public String sha256() {
    return sha256;
  }

  /** The title in {@code language}, else in English. */
  public String title(String language) {
    return titles.getOrDefault(language, titles.get("en"));
  }

  /** The titles by language ({@code en}, {@code zh}). */
  public Map<String, String> titles() {
    return titles;
  }

  /** The fields in the order a form shows them. */
  public List<TemplateField> fields() {
    return fields;
  }

  /**
   * A free-text field a notification's values hold: the only kind of value a translation covers.
   *
   * @param pointer its JSON Pointer in the values ({@code /description}, {@code /units/0/remarks})
   * @param field the field of this template it fills
   * @param list for a field of a list's row, the list's field; empty at the top level
   * @param row for a field of a list's row, the row's index; -1 at the top level
   */
  public record FreeText(
      String pointer, TemplateField field, Optional<TemplateField> list, int row) {

    /** Its label in {@code language}: the list's label and row number first, for a row's field. */
    public String label(String language) {
      return list.map(of -> of.label(language) + " " + (row + 1) + " · ").orElse("")
          + field.label(language);
    }
  }

  /**
   * The free-text fields {@code values} fill with a string, in the form's order: a top-level field
   * ({@code /description}) or one of a list's rows ({@code /units/0/remarks}). Empty for values
   * that are not a JSON object; never throws for bad values.
   */
  public List<FreeText> freeText(String values) {
    JsonNode node;
    try {
      node = READER.readTree(values);
    } catch (JsonProcessingException e) {
      return List.of();
    }
    List<FreeText> found = new ArrayList<>();
    if (node == null || !node.isObject()) {
      return found;
    }
    for (TemplateField field : fields) {
      JsonNode value = node.get(field.name());
      String pointer = "/" + TemplateRules.escape(field.name());
      if (field.freeText() && value != null && value.isTextual()) {
        found.add(new FreeText(pointer, field, Optional.empty(), -1));
      }
      if (!field.type().equals("array") || value == null || !value.isArray()) {
        continue;
      }
      for (int row = 0; row < value.size(); row++) {
        for (TemplateField item : field.items()) {
          JsonNode cell = value.get(row).get(item.name());
          if (item.freeText() && cell != null && cell.isTextual()) {
            found.add(
                new FreeText(
                    pointer + "/" + row + "/" + TemplateRules.escape(item.name()),
                    item,
                    Optional.of(field),
                    row));
          }
        }
      }
    }
    return List.copyOf(found);
  }

  /**
   * Checks a notification's field values, given as JSON text, against this template and this
   * package's limits: empty when valid, else every problem found, each at its JSON Pointer with the
   * rule that failed ({@code required}, {@code maxLength}, {@code format}, {@code pattern}, ...,
   * {@code json} for text that is not JSON, {@link TemplateLimits#RULE} for a limit of this
   * package). Never throws for bad values, however malformed: a receiver keeps what it cannot read.
   */
  public List<FieldProblem> check(String values) {
    if (values.length() > TemplateLimits.VALUES_BYTES_MAX
        || values.getBytes(StandardCharsets.UTF_8).length > TemplateLimits.VALUES_BYTES_MAX) {
      return List.of(
          new FieldProblem(
              "",
              TemplateLimits.RULE,
              "the values are longer than " + TemplateLimits.VALUES_BYTES_MAX + " bytes"));
    }
    JsonNode node;
    try {
      node = READER.readTree(values);
    } catch (JsonProcessingException e) {
      return List.of(
          new FieldProblem(
              "",
              "json",
              Json.duplicateField(e)
                  .map(name -> "the field \"" + name + "\" is given twice")
                  .orElse("not JSON: " + e.getOriginalMessage())));
    }
    if (node == null || node.isMissingNode()) {
      return List.of(new FieldProblem("", "json", "no values: the values are a JSON object"));
    }
    List<FieldProblem> problems = new ArrayList<>(ValueShapes.problems(node));
    if (!node.isObject()) {
      return capped(problems);
    }
    List<FieldProblem> oversize = new ArrayList<>();
    for (TemplateField field : fields) {
      oversize(field, node.get(field.name()), "/" + TemplateRules.escape(field.name()), oversize);
    }
    if (!oversize.isEmpty()) {
      // Too long or too many: said without running the schema, whose patterns, formats and
      // per-row problems would otherwise work through every character and row a peer sent.
      problems.addAll(oversize);
      return capped(problems);
    }
    Set<String> reported = new HashSet<>();
    problems.forEach(problem -> reported.add(problem.pointer()));
    for (FieldProblem problem : againstSchema(node)) {
      if (!reported.contains(problem.pointer())) {
        problems.add(problem);
      }
    }
    return capped(problems);
  }

  /**
   * Problems a check names at most: a form shows each beside its field, and a peer's notification
   * that breaks everything must not make a view, an API page or a security event unbounded.
   */
  public static final int PROBLEMS_MAX = 50;

  private static List<FieldProblem> capped(List<FieldProblem> problems) {
    if (problems.size() <= PROBLEMS_MAX) {
      return List.copyOf(problems);
    }
    List<FieldProblem> named = new ArrayList<>(problems.subList(0, PROBLEMS_MAX - 1));
    named.add(
        new FieldProblem(
            "",
            TemplateLimits.RULE,
            (problems.size() - named.size()) + " more problems, not listed"));
    return List.copyOf(named);
  }

  /** A string longer than its maxLength, a list longer than its maxItems, at any depth. */
  private static void oversize(
      TemplateField field, JsonNode value, String pointer, List<FieldProblem> problems) {
    if (value == null) {
      return;
    }
    if (value.isTextual() && field.maxLength() > 0) {
      String text = value.textValue();
      int length = text.codePointCount(0, text.length());
      if (length > field.maxLength()) {
        problems.add(
            new FieldProblem(
                pointer,
                "maxLength",
                length + " characters, more than the " + field.maxLength() + " allowed"));
      }
      return;
    }
    if (!value.isArray()) {
      return;
    }
    if (field.maxItems() > 0 && value.size() > field.maxItems()) {
      problems.add(
          new FieldProblem(
              pointer,
              "maxItems",
              value.size() + " rows, more than the " + field.maxItems() + " allowed"));
      return;
    }
    for (int row = 0; row < value.size(); row++) {
      JsonNode item = value.get(row);
      if (!item.isObject()) {
        continue;
      }
      for (TemplateField inner : field.items()) {
        oversize(
            inner,
            item.get(inner.name()),
            pointer + "/" + row + "/" + TemplateRules.escape(inner.name()),
            problems);
      }
    }
  }

  private List<FieldProblem> againstSchema(JsonNode node) {
    List<Error> errors = new ArrayList<>();
    List<String> gaveUp;
    try {
      gaveUp = BoundedPatterns.recording(() -> errors.addAll(schema.validate(node)));
    } catch (RuntimeException | StackOverflowError e) {
      // The validator is a library: whatever it throws, the values are refused, not the caller.
      // A template's rules keep a pattern's recursion shallow (a patterned string is short); the
      // stack overflow is caught all the same, as a thread that dies here stops a link.
      return List.of(
          new FieldProblem(
              "", "schema", "the values could not be checked: " + e.getClass().getSimpleName()));
    }
    List<FieldProblem> problems = new ArrayList<>();
    for (Error error : errors) {
      String pointer = error.getInstanceLocation().toString();
      if (error.getProperty() != null) {
        pointer = pointer + "/" + TemplateRules.escape(error.getProperty());
      }
      String message = error.getMessage();
      if ("pattern".equals(error.getKeyword())
          && error.getInstanceNode() != null
          && gaveUp.contains(error.getInstanceNode().asText())) {
        message =
            "the pattern gave up after "
                + TemplateLimits.PATTERN_STEPS_MAX
                + " steps on this value, which is refused";
      }
      problems.add(new FieldProblem(pointer, error.getKeyword(), message));
    }
    return problems;
  }

  /**
   * The values in RFC 8785 canonical JSON, the form a notification entry carries; refuses values
   * that are not a JSON object of this package's shapes (see {@link #check}) with an {@link
   * InvalidInputException} whose field is {@code fields} followed by the JSON Pointer of the place.
   * Does not check them against a template: see {@link #check}.
   */
  public static String canonicalValues(String values) {
    if (values.getBytes(StandardCharsets.UTF_8).length > TemplateLimits.VALUES_BYTES_MAX) {
      throw new InvalidInputException(
          "fields", "the values are longer than " + TemplateLimits.VALUES_BYTES_MAX + " bytes");
    }
    JsonNode node;
    try {
      node = READER.readTree(values);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("fields", "not JSON: " + e.getOriginalMessage());
    }
    if (node == null || node.isMissingNode()) {
      throw new InvalidInputException("fields", "no values: the values are a JSON object");
    }
    List<FieldProblem> problems = ValueShapes.problems(node);
    if (!problems.isEmpty()) {
      throw new InvalidInputException(
          "fields" + problems.getFirst().pointer(), problems.getFirst().message());
    }
    return canonical(values);
  }

  private static String canonical(String json) {
    try {
      return new JsonCanonicalizer(json).getEncodedString();
    } catch (IOException | RuntimeException e) {
      throw new InvalidInputException("", "no RFC 8785 canonical form: " + e.getMessage());
    }
  }

  private static String sha256Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Template that && sha256.equals(that.sha256);
  }

  @Override
  public int hashCode() {
    return sha256.hashCode();
  }

  @Override
  public String toString() {
    return id + " v" + version + " (" + sha256 + ")";
  }
}
