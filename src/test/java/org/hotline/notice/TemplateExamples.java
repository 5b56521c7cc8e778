package org.hotline.notice;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.hotline.Json;

/** A small template that uses every kind of field, for the tables of cases to break. */
final class TemplateExamples {
  /**
   * Every kind of field: an integer with a unit, free text, a $ref, an enum, a date-time, a list.
   */
  static final String SMALL =
      """
      {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "x-template": {"id": "test-sighting", "version": 1},
        "x-titles": {"en": "Test sighting", "zh": "测试目击"},
        "type": "object",
        "additionalProperties": false,
        "x-order": ["altitude", "note", "position", "kind", "seen_at", "crew"],
        "required": ["altitude"],
        "properties": {
          "altitude": {"type": "integer", "minimum": 0, "maximum": 100000, "x-unit": "m",
                       "x-labels": {"en": "Altitude", "zh": "高度"}},
          "note": {"type": "string", "maxLength": 100, "x-free-text": true,
                   "x-labels": {"en": "Note", "zh": "备注"},
                   "x-help": {"en": "What was seen", "zh": "所见情况"}},
          "position": {"$ref": "#/$defs/position", "x-labels": {"en": "Position", "zh": "位置"}},
          "kind": {"type": "string", "enum": ["balloon", "drone"],
                   "x-enum-labels": {"balloon": {"en": "Balloon", "zh": "气球"},
                                     "drone": {"en": "Drone", "zh": "无人机"}},
                   "x-labels": {"en": "Kind", "zh": "类型"}},
          "seen_at": {"type": "string", "format": "date-time", "maxLength": 40,
                      "x-labels": {"en": "Seen at", "zh": "发现时间"}},
          "crew": {"type": "array", "maxItems": 3, "x-labels": {"en": "Crew", "zh": "机组"},
                   "items": {"type": "object", "additionalProperties": false,
                             "x-order": ["name"], "required": ["name"],
                             "properties": {"name": {"type": "string", "maxLength": 50,
                                                     "x-labels": {"en": "Name", "zh": "姓名"}}}}}
        },
        "$defs": {
          "position": {"type": "string", "maxLength": 32,
                       "pattern": "^-?[0-9]{1,2}\\\\.[0-9]{1,6},-?[0-9]{1,3}\\\\.[0-9]{1,6}$"}
        }
      }
      """;

  private TemplateExamples() {}

  static ObjectNode small() {
    try {
      return (ObjectNode) Json.mapper().readTree(SMALL);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode at(ObjectNode root, String pointer) {
    return (ObjectNode) root.at(pointer);
  }
}
