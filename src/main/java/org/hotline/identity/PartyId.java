package org.hotline.identity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;
import org.hotline.InvalidInputException;

/**
 * A party's short id, such as {@code us} or {@code cn}: {@code [a-z][a-z0-9-]{1,31}}. The id names
 * the party in log origins ({@code hotline/us/cn}) and signed-note key names, so it never contains
 * whitespace or {@code +}.
 */
public record PartyId(@JsonValue String value) implements Comparable<PartyId> {
  private static final Pattern SHAPE = Pattern.compile("[a-z][a-z0-9-]{1,31}");

  public PartyId {
    if (value == null || !SHAPE.matcher(value).matches()) {
      throw new InvalidInputException(
          "party", "party id must match [a-z][a-z0-9-]{1,31}, got " + quoted(value));
    }
  }

  @JsonCreator
  public static PartyId of(String value) {
    return new PartyId(value);
  }

  private static String quoted(String value) {
    if (value == null) {
      return "nothing";
    }
    String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
    return "'" + shown + "'";
  }

  @Override
  public int compareTo(PartyId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
