package org.hotline.architecture.violations.link.receive;

import org.hotline.architecture.violations.link.send.Outbox;

/** Wrong: the receiving side that calls into the sending side instead of through the facade. */
public final class ReceiverThatQueuesReplies {
  public long accept(String batch) {
    return new Outbox().submit("receipt for " + batch);
  }
}
