package org.hotline.crisis;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hotline.InvalidInputException;
import org.hotline.link.entry.EntryCodec;
import org.hotline.link.entry.MessageId;
import org.hotline.text.TextPolicy;

/**
 * The arguments of one change, read by the rules: each reader names the argument and the rule in
 * the {@link Refused} it throws, so a refused change says exactly what was wrong.
 */
final class Args {
  private final Map<String, Object> data;

  private Args(Map<String, Object> data) {
    this.data = data;
  }

  /** The change's arguments, which must all be among {@code allowed}. */
  static Args of(Map<String, Object> data, Set<String> allowed) {
    for (String name : data.keySet()) {
      if (!allowed.contains(name)) {
        throw new Refused(name, "unexpected argument '" + name + "'");
      }
    }
    return new Args(data);
  }

  boolean has(String name) {
    return data.containsKey(name);
  }

  /** A text of 1 to {@code max} characters, one line or several as {@code lines} says. */
  String text(String name, int max, TextPolicy.Lines lines) {
    if (!(data.get(name) instanceof String text)) {
      throw new Refused(name, name + ": required, a string");
    }
    if (text.isBlank() || text.length() > max) {
      throw new Refused(name, name + ": must be 1 to " + max + " characters, not " + text.length());
    }
    TextPolicy.Breach breach = TextPolicy.firstBreach(text, lines);
    if (breach != null) {
      throw new Refused(name, breach.describe(name));
    }
    return text;
  }

  /** {@link #text}, or {@code fallback} when absent. */
  String optionalText(String name, int max, TextPolicy.Lines lines, String fallback) {
    return has(name) ? text(name, max, lines) : fallback;
  }

  long integer(String name, long min, long max) {
    if (!(data.get(name) instanceof Long number)) {
      throw new Refused(name, name + ": required, an integer");
    }
    if (number < min || number > max) {
      throw new Refused(name, name + ": must be " + min + " to " + max + ", not " + number);
    }
    return number;
  }

  /** One of {@code words}, as written. */
  String word(String name, Set<String> words) {
    if (!(data.get(name) instanceof String word) || !words.contains(word)) {
      throw new Refused(name, name + ": must be one of " + new java.util.TreeSet<>(words));
    }
    return word;
  }

  MessageId id(String name) {
    if (!(data.get(name) instanceof String text)) {
      throw new Refused(name, name + ": required, an id");
    }
    return parseId(name, text);
  }

  List<MessageId> ids(String name, int max) {
    if (!has(name)) {
      return List.of();
    }
    if (!(data.get(name) instanceof List<?> list)) {
      throw new Refused(name, name + ": must be a list of ids");
    }
    if (list.size() > max) {
      throw new Refused(name, name + ": at most " + max + " ids, not " + list.size());
    }
    List<MessageId> ids = new java.util.ArrayList<>(list.size());
    for (Object item : list) {
      MessageId id = parseId(name, (String) item);
      if (ids.contains(id)) {
        throw new Refused(name, name + ": lists " + id + " twice");
      }
      ids.add(id);
    }
    return ids;
  }

  /** An instant in the entries' one form (RFC 3339 UTC, milliseconds, docs/protocol.md §3.2). */
  Instant instant(String name) {
    if (!(data.get(name) instanceof String text)) {
      throw new Refused(name, name + ": required, an RFC 3339 UTC time");
    }
    try {
      Instant instant = Instant.parse(text);
      if (EntryCodec.timestamp(instant).equals(text)) {
        return instant;
      }
    } catch (DateTimeParseException e) {
      // refused below
    }
    throw new Refused(name, name + ": must be an RFC 3339 UTC time such as 2026-12-07T09:30:00Z");
  }

  private static MessageId parseId(String name, String text) {
    try {
      MessageId id = MessageId.parse(text);
      if (id.toString().equals(text)) {
        return id;
      }
    } catch (InvalidInputException e) {
      // refused below
    }
    throw new Refused(name, name + ": '" + clip(text) + "' is not an id (a lower-case UUIDv7)");
  }

  /** A value a refusal quotes is cut to this many characters: enough to recognise it. */
  static final int QUOTED_CHARS_MAX = 40;

  static String clip(String text) {
    return text.length() <= QUOTED_CHARS_MAX ? text : text.substring(0, QUOTED_CHARS_MAX - 1) + "…";
  }
}
