package org.hotline.witness;

import java.net.URI;
import java.util.Objects;
import org.hotline.transcript.NoteVerifier;

/**
 * A witness this node submits its checkpoints to: the tlog-witness submission prefix (requests go
 * to {@code <url>/add-checkpoint}) and the witness's verifier key, obtained from its operator out
 * of band. Immutable; thread-safe.
 */
public record WitnessEndpoint(URI url, NoteVerifier key) {
  public WitnessEndpoint {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(key, "key");
  }

  /** The address of add-checkpoint under the submission prefix. */
  public URI addCheckpoint() {
    String prefix = url.toString();
    return URI.create((prefix.endsWith("/") ? prefix : prefix + "/") + "add-checkpoint");
  }
}
