package org.hotline.witness;

import java.time.Instant;
import org.hotline.identity.LogOrigin;

/**
 * Where a node that submits to witnesses keeps their cosignatures over its own checkpoints, beside
 * the checkpoints and receipts of the same log. Implementations are thread-safe; a put has
 * committed durably when it returns.
 */
public interface WitnessCosignatures {
  /**
   * The largest size of {@code log} this node holds a cosignature for by {@code witness}; 0 if
   * none.
   */
  long witnessedSize(LogOrigin log, String witness);

  /**
   * Stores a verified cosignature line by {@code witness} over the checkpoint of {@code log} at
   * {@code size}; a second one for the same size replaces the first.
   *
   * @param witness the witness's verifier key (vkey), which identifies it
   */
  void putWitnessCosignature(
      LogOrigin log, long size, String witness, String cosignatureLine, Instant at);
}
