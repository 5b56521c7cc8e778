package org.hotline.crisis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hash of a shared state: lower-case hex SHA-256 of its JSON in the canonical form of RFC 8785
 * (JSON Canonicalization Scheme), so that another implementation that builds the same state
 * reproduces it byte for byte (docs/protocol.md §20.5).
 *
 * <p>A state holds only strings, integers, booleans, nulls, lists and maps with string keys, and
 * for those RFC 8785 is short: names sorted by their UTF-16 code units, no whitespace, strings as
 * ECMAScript's {@code JSON.stringify} writes them ({@code \"}, {@code \\}, {@code \b}, {@code \f},
 * {@code \n}, {@code \r}, {@code \t}, other characters below U+0020 as a backslash, {@code u} and
 * four lower-case hex digits, everything else as itself in UTF-8), integers in decimal (every
 * integer of a state is far below 2^53, where ECMAScript's numbers are exact). It is written here
 * directly from those values: the general canonicalizer (Erdtman's java-json-canonicalization, by
 * the RFC's author) parses JSON text and formats every number as a double, which cost 30 ms per
 * 1,000 timeline entries; the tests check this writer against it on every kind of character.
 */
public final class StateHash {
  /** ECMAScript numbers are exact up to 2^53; a state's integers (sizes, severities) stay below. */
  static final long INTEGER_EXACT_MAX = 1L << 53;

  private StateHash() {}

  public static String of(Map<String, Object> state) {
    return HexFormat.of().formatHex(sha256(canonicalJson(state)));
  }

  /** The state's RFC 8785 canonical JSON, UTF-8. */
  public static byte[] canonicalJson(Map<String, Object> state) {
    StringBuilder out = new StringBuilder(256);
    write(state, out);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void write(Object value, StringBuilder out) {
    switch (value) {
      case null -> out.append("null");
      case String text -> quote(text, out);
      case Boolean flag -> out.append(flag.booleanValue());
      case Long number -> integer(number, out);
      case Integer number -> integer(number, out);
      case Map<?, ?> map -> {
        TreeMap<String, Object> sorted = new TreeMap<>();
        map.forEach((name, item) -> sorted.put((String) name, item));
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> field : sorted.entrySet()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          quote(field.getKey(), out);
          out.append(':');
          write(field.getValue(), out);
        }
        out.append('}');
      }
      case List<?> list -> {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(list.get(i), out);
        }
        out.append(']');
      }
      default ->
          throw new IllegalArgumentException(
              "a state holds strings, integers, booleans, lists and maps, not "
                  + value.getClass().getSimpleName());
    }
  }

  /**
   * An integer as ECMAScript writes a number: exactly up to 2^53; beyond (only a refused change's
   * argument can be so large) the nearest double, in the shortest digits that give it back, padded
   * with zeros, as {@code 9223372036854776000} for 2^63 (Java's {@link Double#toString} gives the
   * same shortest digits).
   */
  private static void integer(long number, StringBuilder out) {
    if (number <= INTEGER_EXACT_MAX && number >= -INTEGER_EXACT_MAX) {
      out.append(number);
    } else {
      out.append(new java.math.BigDecimal(Double.toString((double) number)).toBigInteger());
    }
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private static void quote(String text, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || (Character.isSurrogate(c) && !pairedAt(text, i))) {
            out.append("\\u")
                .append(HEX[c >> 12])
                .append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf])
                .append(HEX[c & 0xf]);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** Whether the surrogate at {@code i} is half of a pair (a character above U+FFFF). */
  private static boolean pairedAt(String text, int i) {
    char c = text.charAt(i);
    return Character.isHighSurrogate(c)
        ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
        : i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
