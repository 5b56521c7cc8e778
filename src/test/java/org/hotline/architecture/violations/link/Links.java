package org.hotline.architecture.violations.link;

import org.hotline.architecture.violations.link.send.Outbox;
import org.hotline.architecture.violations.link.send.Sequencer;

/** Right: the link's facade, which starts and joins its parts. */
public final class Links {
  private final Outbox outbox = new Outbox();
  private final Sequencer sequencer = new Sequencer();

  public long submitAndPlace(String text) {
    return outbox.submit(text) + sequencer.place(text);
  }
}
