package org.hotline.link.entry;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.hotline.InvalidInputException;

/**
 * A message's id, the same on both nodes: a UUIDv7 (RFC 9562 §5.7), so ids sort by creation time.
 */
public record MessageId(@JsonValue UUID value) {
  public MessageId {
    if (value.version() != 7) {
      throw new InvalidInputException("id", "message id must be a UUIDv7");
    }
  }

  /** A new UUIDv7: 48-bit Unix milliseconds, version, 74 random bits. */
  public static MessageId generate(Instant now, RandomGenerator random) {
    long millis = now.toEpochMilli();
    long high = (millis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new MessageId(new UUID(high, low));
  }

  @JsonCreator
  public static MessageId parse(String text) {
    try {
      UUID uuid = UUID.fromString(text);
      if (!uuid.toString().equals(text)) {
        throw new IllegalArgumentException("not canonical");
      }
      return new MessageId(uuid);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidInputException(
          "id", "not a message id: '" + (text == null ? "" : Precedence.clip(text)) + "'");
    }
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
