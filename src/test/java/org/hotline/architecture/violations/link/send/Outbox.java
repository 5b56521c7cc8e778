package org.hotline.architecture.violations.link.send;

/** A stand-in for a part's public face, which the rest of the node may use. */
public final class Outbox {
  public long submit(String text) {
    return new Sequencer().place(text);
  }
}
