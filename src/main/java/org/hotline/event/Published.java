package org.hotline.event;

import java.time.Instant;

/**
 * An event as the bus delivered it to subscribers.
 *
 * @param id increasing per node start; SSE clients see it as the event id
 * @param at when it was published, on the node's clock
 */
public record Published(long id, Instant at, Event event) {}
