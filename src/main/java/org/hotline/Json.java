package org.hotline;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON configuration of Hotline's files, API and federation port: snake_case names, RFC
 * 3339 timestamps, unknown fields refused, a field given twice refused (two readers of the same
 * bytes could otherwise take different values), numbers and booleans never read as text, bounded
 * nesting. Thread-safe once built.
 */
public final class Json {
  /**
   * No Hotline document nests deeper than a few levels; deep nesting is an attack on the parser.
   */
  public static final int NESTING_DEPTH_MAX = 32;

  private static final ObjectMapper MAPPER = build();

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  private static final java.util.regex.Pattern DUPLICATE =
      java.util.regex.Pattern.compile("Duplicate field '(.{0,64})'");

  /**
   * The name of the field given twice, if that is why the parser refused a document; empty
   * otherwise. Jackson says so only in its message, so this reads the message.
   */
  public static java.util.Optional<String> duplicateField(
      com.fasterxml.jackson.core.JsonProcessingException e) {
    String message = e.getOriginalMessage();
    java.util.regex.Matcher matcher = DUPLICATE.matcher(message == null ? "" : message);
    return matcher.lookingAt()
        ? java.util.Optional.of(matcher.group(1))
        : java.util.Optional.empty();
  }

  private static ObjectMapper build() {
    ObjectMapper mapper =
        JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .withCoercionConfig(
                LogicalType.Textual,
                textual ->
                    textual
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(NESTING_DEPTH_MAX).build());
    return mapper;
  }
}
