package org.hotline.link;

/**
 * How much one federation batch may hold and how many batches a sender keeps in flight: the one
 * place both sides read, the sender to cut batches, the receiver to refuse oversized ones.
 *
 * <p>{@link #ENTRIES_MAX} and {@link #BYTES_MAX} are the protocol's maxima (docs/protocol.md §14):
 * a receiver refuses anything larger, whatever the sender is configured to send. A node may send
 * smaller batches ({@code entries}) and keep fewer or more batches in flight ({@code window}),
 * within the bounds below.
 *
 * @param entries entries per batch this node sends, 1 to {@link #ENTRIES_MAX}
 * @param window batches this node keeps in flight per peer, 1 to {@link #WINDOW_MAX}
 */
public record BatchLimits(int entries, int window) {
  /**
   * Entries per federation request. 256 entries of 1 KiB cost the receiver one fsynced transaction
   * of about 3 ms: large enough to amortize the fsync and the checkpoint signature, small enough
   * that a FLASH message behind a full batch waits only a few milliseconds more.
   */
  public static final int ENTRIES_MAX = 256;

  /**
   * Entry bytes per batch. Base64 on the wire makes this 5.4 MiB, under the receiver's request
   * limit, whatever the entry sizes.
   */
  public static final int BYTES_MAX = 4 * 1024 * 1024;

  /**
   * Batches in flight per peer, at most: each one the receiver has not yet answered is memory on
   * both sides and time a new FLASH entry may wait behind at the receiver.
   */
  public static final int WINDOW_MAX = 16;

  /**
   * Batches in flight by default: one being stored by the receiver, one on the wire behind it, and
   * one slot kept free for urgent entries (see {@link #routineWindow}), so a FLASH entry waits
   * behind at most two batches.
   */
  public static final int WINDOW_DEFAULT = 3;

  /** What a node sends unless configured otherwise. */
  public static final BatchLimits DEFAULT = new BatchLimits(ENTRIES_MAX, WINDOW_DEFAULT);

  public BatchLimits {
    if (entries < 1 || entries > ENTRIES_MAX) {
      throw new IllegalArgumentException(
          "batch entries must be 1 to " + ENTRIES_MAX + ", got " + entries);
    }
    if (window < 1 || window > WINDOW_MAX) {
      throw new IllegalArgumentException(
          "batch window must be 1 to " + WINDOW_MAX + ", got " + window);
    }
  }

  /**
   * Batches in flight that may start with ROUTINE or PRIORITY entries: all but one slot of the
   * window, which only a batch starting with an IMMEDIATE or FLASH entry may take (with a window of
   * one, that one slot is shared).
   */
  public int routineWindow() {
    return Math.max(1, window - 1);
  }
}
