package org.hotline.witness;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a witness keeps: for each log it witnesses, the latest checkpoint it cosigned. tlog-witness
 * requires nothing more. Implementations are thread-safe and durable: {@link #advance} has
 * committed when it returns.
 */
public interface WitnessStore {
  /** The latest checkpoint cosigned for {@code origin}, if any. */
  Optional<Witnessed> witnessed(String origin);

  /**
   * Records {@code next} as the latest cosigned checkpoint of {@code origin}, atomically and only
   * if the stored one still has size {@code expectedSize} (0: none stored yet, or size 0). Returns
   * false, changing nothing, if another request advanced the log in between: checking the old size
   * and storing the new checkpoint must be one step, or a slow request could roll the log back.
   */
  boolean advance(String origin, long expectedSize, Witnessed next);

  /**
   * A cosigned checkpoint as the witness keeps it.
   *
   * @param checkpoint the signed note as submitted, kept as evidence of what the log signed
   */
  @SuppressWarnings("ArrayRecordComponent") // equals and hashCode use the bytes; copied in and out
  record Witnessed(long size, byte[] root, String checkpoint, Instant at) {
    public Witnessed {
      root = root.clone();
    }

    @Override
    public byte[] root() {
      return root.clone();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Witnessed that
          && size == that.size
          && Arrays.equals(root, that.root)
          && checkpoint.equals(that.checkpoint)
          && at.equals(that.at);
    }

    @Override
    public int hashCode() {
      return 31 * (31 * Long.hashCode(size) + Arrays.hashCode(root)) + checkpoint.hashCode();
    }
  }
}
