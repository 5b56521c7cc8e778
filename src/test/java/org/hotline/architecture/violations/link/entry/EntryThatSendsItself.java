package org.hotline.architecture.violations.link.entry;

import org.hotline.architecture.violations.link.send.Outbox;

/** Wrong: the wire format that knows how it is sent. */
public final class EntryThatSendsItself {
  public long send(String text) {
    return new Outbox().submit(text);
  }
}
