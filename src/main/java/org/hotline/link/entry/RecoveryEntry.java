package org.hotline.link.entry;

import java.time.Instant;
import org.hotline.InvalidInputException;
import org.hotline.identity.LogOrigin;

/**
 * The writer's statement, on the record, that it recovered this log from its reader: its node was
 * restored from an old backup (or lost its disk), held {@code restored} entries of the log, fetched
 * the rest back from the reader's signed copy, and may have signed positions beyond them that
 * neither side still holds (a batch in flight when the disk was lost). Those positions, from this
 * entry's own {@code seq} to {@code signedUpTo}, are void as they were signed before: this entry
 * takes the first of them, so the log goes on as one history. It is the first entry the writer
 * signs after recovering, before anything new is sequenced (docs/protocol.md §3.6).
 *
 * <p>A recovery entry is never queued: it is built with its place and signed at once.
 *
 * @param id this entry's own id (UUIDv7)
 * @param created when the recovery was done
 * @param restored how many entries of this log the writer's own database held before it recovered,
 *     0 to {@code seq - 1}
 * @param signedUpTo the highest size of this log the writer may have signed before it recovered, by
 *     its high-water mark: at least {@code seq - 1}; equal to it when no position is void
 */
public record RecoveryEntry(
    LogOrigin log, long seq, MessageId id, Instant created, long restored, long signedUpTo)
    implements Entry {

  /**
   * Checks the counts against the entry's place; an entry with no place yet ({@code seq} 0) is
   * checked only for counts below 0. Throws {@link InvalidInputException} naming the field.
   */
  public RecoveryEntry {
    if (created == null) {
      throw new InvalidInputException("entry", "a recovery entry has a creation time");
    }
    if (restored < 0) {
      throw new InvalidInputException(
          "entry", "recovery entry field 'restored' must be an integer >= 0, not " + restored);
    }
    if (signedUpTo < 0) {
      throw new InvalidInputException(
          "entry",
          "recovery entry field 'signed_up_to' must be an integer >= 0, not " + signedUpTo);
    }
    if (seq >= 1 && restored > seq - 1) {
      throw new InvalidInputException(
          "entry",
          "recovery entry "
              + seq
              + ": 'restored' is "
              + restored
              + ", more than the "
              + (seq - 1)
              + " entries before it");
    }
    if (seq >= 1 && signedUpTo < seq - 1) {
      throw new InvalidInputException(
          "entry",
          "recovery entry "
              + seq
              + ": 'signed_up_to' is "
              + signedUpTo
              + ", less than the "
              + (seq - 1)
              + " entries before it");
    }
  }

  @Override
  public Entry withSeq(long newSeq) {
    return new RecoveryEntry(log, newSeq, id, created, restored, signedUpTo);
  }

  /** Whether any position signed before is void: some from {@code seq} to {@code signedUpTo}. */
  public boolean voidsPositions() {
    return signedUpTo >= seq;
  }

  /** The void positions, such as {@code 2201..2205}; meaningful only if {@link #voidsPositions}. */
  public String voidRange() {
    return range(seq, signedUpTo);
  }

  /**
   * What the entry says, for a reader of the record: {@code Recovery: entries 1..1200 restored from
   * the backup, 1201..2200 recovered from cn, positions 2201..2205 signed before are void}.
   */
  public String describe() {
    String fromBackup =
        restored == 0
            ? "no entry restored from the backup"
            : "entries " + range(1, restored) + " restored from the backup";
    String fromPeer =
        restored == seq - 1
            ? "none recovered from " + log.reader().value()
            : range(restored + 1, seq - 1) + " recovered from " + log.reader().value();
    String voided =
        voidsPositions()
            ? "positions " + voidRange() + " signed before are void"
            : "no position is void";
    return "Recovery: " + fromBackup + ", " + fromPeer + ", " + voided;
  }

  private static String range(long first, long last) {
    return first + ".." + last;
  }
}
