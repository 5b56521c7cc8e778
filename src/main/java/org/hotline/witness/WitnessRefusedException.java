package org.hotline.witness;

import java.util.Locale;
import org.hotline.HotlineException;

/**
 * A witness refused an {@code add-checkpoint} request and cosigned nothing. Each {@link Kind} is
 * one of the refusals of C2SP tlog-witness, with the HTTP status the spec gives it; the witness's
 * HTTP edge sends exactly that status. Immutable; thread-safe.
 */
public final class WitnessRefusedException extends HotlineException {
  private static final long serialVersionUID = 1L;

  /** Why, and the status tlog-witness prescribes. */
  public enum Kind {
    /** The body is malformed, or the old size is larger than the checkpoint's: fix the client. */
    BAD_REQUEST(400),
    /** No signature on the checkpoint verifies against the key configured for its origin. */
    BAD_SIGNATURE(403),
    /** The witness is not configured to witness this origin. */
    UNKNOWN_LOG(404),
    /**
     * The old size is not the size the witness last cosigned: resend with a proof from {@link
     * WitnessRefusedException#witnessSize()}.
     */
    OLD_SIZE_MISMATCH(409),
    /** Same size as last cosigned, different root: the log signed two trees of one size. */
    ROOT_MISMATCH(409),
    /** The consistency proof does not verify: the log was rewritten, or the proof is wrong. */
    INCONSISTENT(422);

    private final int status;

    Kind(int status) {
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  private final Kind kind;
  private final long witnessSize;

  /**
   * @param witnessSize the size the witness last cosigned, or -1 when it does not matter
   */
  public WitnessRefusedException(Kind kind, String message, long witnessSize) {
    super(message);
    this.kind = kind;
    this.witnessSize = witnessSize;
  }

  public Kind kind() {
    return kind;
  }

  /** The size of the latest checkpoint the witness cosigned for the log; -1 if not given. */
  public long witnessSize() {
    return witnessSize;
  }

  @Override
  public String type() {
    return "witness-" + kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
