package org.hotline.link;

import org.hotline.HotlineException;

/**
 * A receiver refused a batch, or a sender's request. {@code size} is the receiver's durable size of
 * the log, from which a sender resumes; -1 when not known. Nothing was stored except evidence.
 */
public final class BatchRefusedException extends HotlineException {
  private static final long serialVersionUID = 1L;

  /** The problem types a receiver answers with; documented in docs/protocol.md. */
  public static final String GAP = "gap";

  public static final String ALREADY_STORED = "already-stored";
  public static final String WRONG_LOG = "wrong-log";
  public static final String BAD_SIGNATURE = "bad-signature";
  public static final String ROOT_MISMATCH = "root-mismatch";
  public static final String CONFLICTING_ENTRY = "conflicting-entry";
  public static final String BAD_ENTRY = "bad-entry";
  public static final String BAD_BATCH = "bad-batch";
  public static final String OVERSIZED = "oversized";
  public static final String UNKNOWN_PEER = "unknown-peer";

  private final String problem;
  private final long size;

  public BatchRefusedException(String problem, String message, long size) {
    super(message);
    this.problem = problem;
    this.size = size;
  }

  @Override
  public String type() {
    return problem;
  }

  public long size() {
    return size;
  }

  /**
   * Whether the refusal says the sender and receiver disagree on where the log stands, not on its
   * content.
   */
  public boolean isPositionMismatch() {
    return GAP.equals(problem) || ALREADY_STORED.equals(problem);
  }
}
