package org.hotline.architecture.violations.link.health;

import org.hotline.architecture.violations.link.send.Outbox;

/** Wrong: the link's health that drives the sending side. */
public final class HeartbeatsThatQueueMessages {
  public long linkDown(String peer) {
    return new Outbox().submit(peer + " is down");
  }
}
