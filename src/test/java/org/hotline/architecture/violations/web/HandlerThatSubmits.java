package org.hotline.architecture.violations.web;

import org.hotline.architecture.violations.link.send.Outbox;

/** Right: an edge that uses a link part through its public face. */
public final class HandlerThatSubmits {
  public long submit(String text) {
    return new Outbox().submit(text);
  }
}
