package org.hotline.notice;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import com.networknt.schema.path.PathType;
import java.util.List;
import java.util.Locale;

/**
 * The one configuration of the JSON Schema validator (com.networknt json-schema-validator): dialect
 * 2020-12, {@code format} asserted, {@code pattern} bounded ({@link BoundedPatterns}), errors at
 * JSON Pointers, English messages, and no schema loaded from anywhere but the 2020-12 meta-schemas
 * the library carries on its classpath: a {@code $ref} to any other address is refused before a
 * connection could be made. Thread-safe.
 */
final class Schemas {
  /** The 2020-12 meta-schema and its vocabularies, which the library reads from its own jar. */
  private static final String META_SCHEMAS = "https://json-schema.org/draft/2020-12/";

  /**
   * Hotline's presentation keywords: annotations to the validator, which checks no value by them.
   */
  private static final List<String> PRESENTATION =
      List.of(
          "x-template",
          "x-titles",
          "x-order",
          "x-labels",
          "x-help",
          "x-unit",
          "x-free-text",
          "x-enum-labels");

  /** 2020-12 knowing the presentation keywords (TemplateRules refuses any other unknown one). */
  private static final Dialect DIALECT =
      Dialect.builder(Dialects.getDraft202012())
          .keywords(PRESENTATION.stream().map(AnnotationKeyword::new).toList())
          .build();

  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(
          DIALECT,
          builder ->
              builder
                  .schemaRegistryConfig(
                      SchemaRegistryConfig.builder()
                          .formatAssertionsEnabled(true)
                          .regularExpressionFactory(BoundedPatterns.INSTANCE)
                          .pathType(PathType.JSON_POINTER)
                          .locale(Locale.ENGLISH)
                          .build())
                  .schemaLoader(
                      loader ->
                          loader
                              .fetchRemoteResources(false)
                              .block(iri -> !iri.toString().startsWith(META_SCHEMAS))));

  private static final Schema META_SCHEMA =
      REGISTRY.getSchema(SchemaLocation.of(TemplateLimits.DIALECT));

  private Schemas() {}

  /** The ways {@code document} breaks the 2020-12 meta-schema; empty when it is a valid schema. */
  static List<Error> againstMetaSchema(JsonNode document) {
    return META_SCHEMA.validate(document);
  }

  /** {@code document}, a schema this package has already checked, ready to validate values. */
  static Schema compile(JsonNode document) {
    return REGISTRY.getSchema(document);
  }
}
