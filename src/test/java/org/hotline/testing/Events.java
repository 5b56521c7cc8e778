package org.hotline.testing;

import org.hotline.event.EventBus;
import org.hotline.event.Published;
import org.hotline.web.EventJson;

/**
 * Reads a subscription of the node's event bus as {@code GET /api/v1/events} shows it, so that
 * tests of the domain assert the names and fields a program sees.
 */
public final class Events {
  private Events() {}

  /** The next event in its JSON form, or null after {@code timeoutMillis}. */
  public static EventJson next(EventBus.Subscription events, long timeoutMillis)
      throws InterruptedException {
    Published published = events.next(timeoutMillis);
    return published == null ? null : EventJson.of(published);
  }
}
