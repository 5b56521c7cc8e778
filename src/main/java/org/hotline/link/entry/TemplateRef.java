package org.hotline.link.entry;

import java.util.regex.Pattern;
import org.hotline.InvalidInputException;

/**
 * The template a formatted notification is filled in against, as its entry names it
 * (docs/protocol.md §3.1, format 4): the template's id, its version and the SHA-256 of its
 * canonical form. The link carries these three and never reads the template itself; the crisis
 * layer checks the values against the template adopted on the link with this hash.
 *
 * @param id a lower-case word such as {@code aerial-object-sighting}
 * @param version the template's version, from 1
 * @param sha256 64 lower-case hex digits
 */
public record TemplateRef(String id, int version, String sha256) {

  /** A template's id: a lower-case word of up to 64 characters, like a channel's name. */
  private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,63}");

  /** A SHA-256 in lower-case hex, the only spelling an entry carries. */
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  /** What a plain message's entry carries in the three fields: no template. */
  static final String ID_NONE = "";

  static final int VERSION_NONE = 0;
  static final String SHA256_NONE = "";

  public TemplateRef {
    if (!isId(id)) {
      throw new InvalidInputException(
          "template", "a template's id is a lower-case word of up to 64 characters");
    }
    if (version < 1) {
      throw new InvalidInputException("version", "a template's version is an integer from 1");
    }
    if (sha256 == null || !SHA256.matcher(sha256).matches()) {
      throw new InvalidInputException(
          "template", "a template's sha256 is 64 lower-case hexadecimal digits");
    }
  }

  /** Whether {@code id} is a template's id. */
  public static boolean isId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  /**
   * The reference an entry's three fields hold, or null for a plain message's {@code "", 0, ""};
   * throws {@link InvalidInputException} (field {@code entry}) for any other mixture.
   */
  static TemplateRef ofFields(String id, long version, String sha256) {
    if (id.equals(ID_NONE) && version == VERSION_NONE && sha256.equals(SHA256_NONE)) {
      return null;
    }
    if (!isId(id)
        || version < 1
        || version > Integer.MAX_VALUE
        || !SHA256.matcher(sha256).matches()) {
      throw new InvalidInputException(
          "entry",
          "message fields 'template', 'template_version' and 'template_sha256' must be a"
              + " template's id, a version from 1 and 64 lower-case hex digits, or \"\", 0, \"\"");
    }
    return new TemplateRef(id, (int) version, sha256);
  }
}
