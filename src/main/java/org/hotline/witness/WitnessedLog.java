package org.hotline.witness;

import java.util.Objects;
import org.hotline.transcript.Checkpoint;
import org.hotline.transcript.MerkleHash;
import org.hotline.transcript.NoteVerifier;

/**
 * A log a witness is configured to witness: its origin line and the key its checkpoints must be
 * signed with. For a Hotline direction log, the origin is {@code hotline/<writer>/<reader>} and the
 * key is the {@code signing_key} of the writer's identity card. Immutable; thread-safe.
 */
public record WitnessedLog(String origin, NoteVerifier key) {
  public WitnessedLog {
    Objects.requireNonNull(key, "key");
    // A checkpoint with this origin must be possible at all.
    new Checkpoint(origin, 0, MerkleHash.emptyRoot());
  }
}
