package org.hotline.crisis;

/**
 * Small template documents of the shape docs/notifications.md describes, written here so that the
 * tests of adoption and of formatted notifications do not depend on the templates Hotline ships.
 */
public final class TemplateDocuments {
  private TemplateDocuments() {}

  /**
   * A template {@code id} at {@code version} with two fields: a required {@code heading} (an
   * integer of degrees) and an optional free-text {@code remarks} of at most 200 characters.
   */
  public static String sighting(String id, int version) {
    return """
        {"$schema": "https://json-schema.org/draft/2020-12/schema",
         "type": "object",
         "additionalProperties": false,
         "x-template": {"id": "%s", "version": %d},
         "x-titles": {"en": "Sighting", "zh": "目击"},
         "x-order": ["heading", "remarks"],
         "required": ["heading"],
         "properties": {
           "heading": {"type": "integer", "minimum": 0, "maximum": 359, "x-unit": "degrees",
                       "x-labels": {"en": "Heading", "zh": "航向"}},
           "remarks": {"type": "string", "maxLength": 200, "x-free-text": true,
                       "x-labels": {"en": "Remarks", "zh": "备注"}}
         }}
        """
        .formatted(id, version);
  }

  /** {@link #sighting} in its canonical form (RFC 8785), as an adoption carries it. */
  public static String canonical(String id, int version) {
    return org.hotline.notice.Template.parse(sighting(id, version)).canonical();
  }
}
