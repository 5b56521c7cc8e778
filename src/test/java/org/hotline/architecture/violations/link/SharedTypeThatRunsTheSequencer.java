package org.hotline.architecture.violations.link;

import org.hotline.architecture.violations.link.send.Sequencer;

/** Wrong: a type the link's parts share that reaches up into one of them. */
public final class SharedTypeThatRunsTheSequencer {
  public long place(String text) {
    return new Sequencer().place(text);
  }
}
