package org.hotline.link;

import org.hotline.identity.LogOrigin;

/**
 * One entry of a direction log: the unit that is hashed into the Merkle tree, covered by the
 * writer's signed checkpoint and by the reader's cosigned receipt. The set of kinds is closed;
 * {@link EntryCodec} defines the exact bytes.
 */
public sealed interface Entry permits MessageEntry {
  LogOrigin log();

  /** 1-based position in the log; the leaf index in the tree is {@code seq - 1}. */
  long seq();
}
