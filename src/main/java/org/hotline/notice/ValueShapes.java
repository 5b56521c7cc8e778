package org.hotline.notice;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The shapes a notification's values may take whatever the template says (docs/notifications.md,
 * "Values"): a JSON object whose values are strings, integers within ±(2^53 − 1) and booleans, or
 * arrays of objects of those; no null, no number with a fraction or exponent (floating point has no
 * canonical form), nothing deeper. Stateless.
 */
final class ValueShapes {
  private ValueShapes() {}

  /** Every breach of the shapes in {@code values}, each at its JSON Pointer; empty when none. */
  static List<FieldProblem> problems(JsonNode values) {
    List<FieldProblem> problems = new ArrayList<>();
    if (!values.isObject()) {
      problems.add(new FieldProblem("", "type", "the values are a JSON object of fields"));
      return problems;
    }
    for (Map.Entry<String, JsonNode> field : values.properties()) {
      String pointer = "/" + TemplateRules.escape(field.getKey());
      JsonNode value = field.getValue();
      if (value.isArray()) {
        list(value, pointer, problems);
      } else {
        scalar(value, pointer, problems);
      }
    }
    return problems;
  }

  private static void list(JsonNode array, String pointer, List<FieldProblem> problems) {
    for (int index = 0; index < array.size(); index++) {
      JsonNode element = array.get(index);
      String elementPointer = pointer + "/" + index;
      if (!element.isObject()) {
        problems.add(
            new FieldProblem(elementPointer, "type", "a list holds objects of fields, one a row"));
        continue;
      }
      for (Map.Entry<String, JsonNode> field : element.properties()) {
        scalar(
            field.getValue(),
            elementPointer + "/" + TemplateRules.escape(field.getKey()),
            problems);
      }
    }
  }

  private static void scalar(JsonNode value, String pointer, List<FieldProblem> problems) {
    if (value.isTextual() || value.isBoolean()) {
      return;
    }
    if (value.isIntegralNumber()) {
      if (!value.canConvertToLong()
          || Math.abs(value.longValue()) > TemplateLimits.INTEGER_MAGNITUDE_MAX) {
        problems.add(
            new FieldProblem(
                pointer,
                TemplateLimits.RULE,
                "an integer beyond ±"
                    + TemplateLimits.INTEGER_MAGNITUDE_MAX
                    + " has no exact canonical form"));
      }
      return;
    }
    String message;
    if (value.isNumber()) {
      message = "a number with a fraction or exponent: a decimal is written as a string";
    } else if (value.isNull()) {
      message = "null is not a value: leave the field out";
    } else if (value.isArray()) {
      message = "lists do not nest: one level of lists of objects";
    } else {
      message = "an object is allowed only as a row of a list";
    }
    problems.add(new FieldProblem(pointer, "type", message));
  }
}
