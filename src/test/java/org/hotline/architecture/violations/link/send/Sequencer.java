package org.hotline.architecture.violations.link.send;

/** A stand-in for a part's own class, which only the link may use. */
public final class Sequencer {
  public long place(String text) {
    return text.length();
  }
}
