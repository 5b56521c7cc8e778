package org.hotline.record;

/**
 * One problem found in the record: which log, which entry (0 when the problem is not about one
 * entry), and why. A verification with no findings is a clean record.
 */
public record Finding(String log, long seq, String reason) {
  @Override
  public String toString() {
    return log + (seq > 0 ? " #" + seq : "") + ": " + reason;
  }
}
