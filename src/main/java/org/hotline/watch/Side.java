package org.hotline.watch;

import java.util.Locale;

/** Which end of a message this node is: it received it (its people owe the answer) or sent it. */
public enum Side {
  RECEIVING,
  SENDING;

  /** The lower-case name used in events, notification bodies and the API. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
