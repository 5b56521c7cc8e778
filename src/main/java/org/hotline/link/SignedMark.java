package org.hotline.link;

import java.util.OptionalLong;
import org.hotline.identity.LogOrigin;

/**
 * The high-water mark of this node's own logs: for each log it writes, the largest size of a
 * checkpoint it has let out of the node (sent in a batch, served to a puller, shown in a checkpoint
 * exchange). It is kept outside the database, so that a database restored from an old backup, or
 * lost, cannot make the node forget what it signed and sign a second history of the same positions
 * (docs/operations.md, "Recovery from the peer").
 *
 * <p>A log's mark is <em>unknown</em> after {@code hotline restore}: the restored database may be
 * behind what was signed since the backup, and only the peer can say how far. Implementations are
 * thread-safe.
 */
public interface SignedMark {

  /** The mark of {@code log}; empty when unknown. 0 for a log nothing was published of. */
  OptionalLong get(LogOrigin log);

  /**
   * Raises the mark of {@code log} to {@code size} if it is lower, durably before returning: called
   * before a checkpoint of that size leaves the node. Does nothing if the mark is already at least
   * {@code size} (an unknown mark stays unknown: nothing is published while it is).
   */
  void publish(LogOrigin log, long size);

  /**
   * Sets the mark of {@code log} to {@code size} whatever it was, durably: after a recovery, once
   * the positions signed beyond what either side holds are declared void by a signed recovery entry
   * at {@code size}.
   */
  void reset(LogOrigin log, long size);

  /**
   * Whether this node may sign a new checkpoint of {@code log}, whose stored size is {@code
   * storedSize}: only if its mark is known and not beyond what is stored.
   */
  default boolean allowsSigning(LogOrigin log, long storedSize) {
    OptionalLong mark = get(log);
    return mark.isPresent() && mark.getAsLong() <= storedSize;
  }

  /** A mark that never stops signing, for tests of parts that do not concern it. */
  SignedMark NONE =
      new SignedMark() {
        @Override
        public OptionalLong get(LogOrigin log) {
          return OptionalLong.of(0);
        }

        @Override
        public void publish(LogOrigin log, long size) {}

        @Override
        public void reset(LogOrigin log, long size) {}
      };
}
