package org.hotline.link.health;

import java.time.Instant;
import java.util.Optional;
import org.hotline.link.BatchRefusedException;

/**
 * The counting rule for one direction of one link: refusals in a row of its batches. Two refusals
 * in a row block the direction; a batch accepted (a receipt) resets the count and unblocks it. A
 * refusal that says only where the log stands ({@code gap}, {@code already-stored}) is how the two
 * sides find their place again, not a refusal of the content, and neither counts nor resets. Not
 * thread-safe: {@link LinkBlocks} guards it.
 */
final class Refusals {
  /**
   * One refusal can be a peer restarting mid-batch or a batch crossing a receipt; the same batch
   * refused twice in a row will be refused for ever, since the sender retries it unchanged.
   */
  static final int BLOCK_AFTER = 2;

  private final LinkBlocks.Direction direction;
  private int inARow;
  private LinkBlocks.Block block;

  Refusals(LinkBlocks.Direction direction) {
    this.direction = direction;
  }

  /**
   * Counts {@code refusal} at {@code at}, with its detail cut to {@code detail}; returns the block
   * if this refusal started it.
   */
  Optional<LinkBlocks.Block> refused(BatchRefusedException refusal, String detail, Instant at) {
    if (refusal.isPositionMismatch()) {
      return Optional.empty();
    }
    inARow = Math.min(inARow + 1, BLOCK_AFTER);
    if (inARow < BLOCK_AFTER || block != null) {
      return Optional.empty();
    }
    block = new LinkBlocks.Block(direction, refusal.type(), detail, at);
    return Optional.of(block);
  }

  /** A batch was accepted: returns the block this ended, if the direction was blocked. */
  Optional<LinkBlocks.Block> accepted() {
    LinkBlocks.Block ended = block;
    inARow = 0;
    block = null;
    return Optional.ofNullable(ended);
  }

  Optional<LinkBlocks.Block> block() {
    return Optional.ofNullable(block);
  }

  int inARow() {
    return inARow;
  }
}
