package org.hotline.architecture.violations.link.receive;

/** Right: the receiving side, which knows nothing of the sending side. */
public final class Receiver {
  public long accept(String batch) {
    return batch.length();
  }
}
