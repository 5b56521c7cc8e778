package org.hotline.architecture.violations.web;

import org.hotline.architecture.violations.link.send.Sequencer;

/** Wrong: an edge that uses a link part's own class instead of its public face. */
public final class HandlerThatRunsTheSequencer {
  public long place(String text) {
    return new Sequencer().place(text);
  }
}
