package org.hotline.event;

import java.time.Instant;
import java.util.Map;

/**
 * Something that happened on the node, for live consoles and programs: a message received or
 * answered, a link state change, a deadline, a security alarm. {@code data} holds plain values
 * (strings, numbers, booleans) that serialize to JSON.
 *
 * @param id increasing per node start; SSE clients see it as the event id
 * @param type a dotted name such as {@code message.received}, {@code link.down}, {@code
 *     security.alarm}
 */
public record Event(long id, String type, Instant at, Map<String, Object> data) {
  public Event {
    data = Map.copyOf(data);
  }
}
