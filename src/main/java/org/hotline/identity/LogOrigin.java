package org.hotline.identity;

import org.hotline.InvalidInputException;

/**
 * The direction log written by {@code writer} for {@code reader}. Its origin line in checkpoints is
 * {@code hotline/<writer>/<reader>} (C2SP tlog-checkpoint "origin").
 */
public record LogOrigin(PartyId writer, PartyId reader) {
  private static final String PREFIX = "hotline/";

  public LogOrigin {
    if (writer.equals(reader)) {
      throw new InvalidInputException(
          "origin", "a log cannot run from party " + writer + " to itself");
    }
  }

  public static LogOrigin parse(String origin) {
    if (origin == null || !origin.startsWith(PREFIX)) {
      throw new InvalidInputException(
          "origin", "log origin must look like hotline/<writer>/<reader>");
    }
    String[] parts = origin.substring(PREFIX.length()).split("/", -1);
    if (parts.length != 2) {
      throw new InvalidInputException(
          "origin", "log origin must look like hotline/<writer>/<reader>");
    }
    return new LogOrigin(PartyId.of(parts[0]), PartyId.of(parts[1]));
  }

  /** The other direction of the same link: the log {@code reader} writes for {@code writer}. */
  public LogOrigin reversed() {
    return new LogOrigin(reader, writer);
  }

  public String text() {
    return PREFIX + writer.value() + "/" + reader.value();
  }

  /** Whether {@code text} is {@link #text()}, checked without building it. */
  public boolean hasText(String text) {
    String from = writer.value();
    String to = reader.value();
    int slash = PREFIX.length() + from.length();
    return text.length() == slash + 1 + to.length()
        && text.startsWith(PREFIX)
        && text.startsWith(from, PREFIX.length())
        && text.charAt(slash) == '/'
        && text.startsWith(to, slash + 1);
  }

  @Override
  public String toString() {
    return text();
  }
}
