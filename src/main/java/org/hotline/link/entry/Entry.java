package org.hotline.link.entry;

import org.hotline.identity.LogOrigin;

/**
 * One entry of a direction log: the unit that is hashed into the Merkle tree, covered by the
 * writer's signed checkpoint and by the reader's cosigned receipt. The set of kinds is closed;
 * {@link EntryCodec} defines the exact bytes.
 */
public sealed interface Entry
    permits MessageEntry,
        ResponseEntry,
        LinkTestEntry,
        DeadlineMissedEntry,
        RecoveryEntry,
        ChangeEntry {
  LogOrigin log();

  /**
   * 1-based position in the log; the leaf index in the tree is {@code seq - 1}. 0 in a queued entry
   * that has no place yet.
   */
  long seq();

  /**
   * The entry's own id: a message's id, or the id of a response, link test, deadline-missed or
   * recovery statement.
   */
  MessageId id();

  /** The same entry at another place (entries are queued with 0 and placed at sequencing). */
  Entry withSeq(long seq);
}
