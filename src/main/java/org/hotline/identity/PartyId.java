package org.hotline.identity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.hotline.InvalidInputException;

/**
 * A party's short id, such as {@code us} or {@code cn}: {@code [a-z][a-z0-9-]{1,31}}. The id names
 * the party in log origins ({@code hotline/us/cn}) and signed-note key names, so it never contains
 * whitespace or {@code +}.
 */
public record PartyId(@JsonValue String value) implements Comparable<PartyId> {
  public PartyId {
    if (!hasShape(value)) {
      throw new InvalidInputException(
          "party", "party id must match [a-z][a-z0-9-]{1,31}, got " + quoted(value));
    }
  }

  @JsonCreator
  public static PartyId of(String value) {
    return new PartyId(value);
  }

  /**
   * {@code [a-z][a-z0-9-]{1,31}}, checked by hand: a party id is checked for every entry a verifier
   * reads, several times, and a regular expression cost more than the rest of building it.
   */
  private static boolean hasShape(String value) {
    if (value == null || value.length() < 2 || value.length() > 32) {
      return false;
    }
    char first = value.charAt(0);
    if (first < 'a' || first > 'z') {
      return false;
    }
    for (int i = 1; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        return false;
      }
    }
    return true;
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
