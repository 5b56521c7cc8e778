package org.hotline.link;

import org.hotline.HotlineException;

/**
 * A receiver refused a batch, or a sender's request. {@code size} is the receiver's durable size of
 * the log, from which a sender resumes; -1 when not known. Nothing was stored except evidence.
 */
public final class BatchRefusedException extends HotlineException {
  private static final long serialVersionUID = 1L;

  /**
   * Why: the problem types a receiver answers with, each under its wire name (docs/protocol.md
   * §12), and the refusals a sender makes of its peer's answers.
   */
  public enum Kind {
    GAP("gap"),
    ALREADY_STORED("already-stored"),
    WRONG_LOG("wrong-log"),
    BAD_SIGNATURE("bad-signature"),
    ROOT_MISMATCH("root-mismatch"),
    CONFLICTING_ENTRY("conflicting-entry"),
    BAD_ENTRY("bad-entry"),
    BAD_BATCH("bad-batch"),
    OVERSIZED("oversized"),
    UNKNOWN_PEER("unknown-peer"),

    /** The sender's own refusal: the peer claims entries of our log that we never wrote. */
    PEER_AHEAD("peer-claims-unwritten-entries"),

    /**
     * A peer's answer under a name this version does not know, or without a problem type; {@link
     * BatchRefusedException#type()} keeps its text.
     */
    UNKNOWN("unknown");

    private final String wire;

    Kind(String wire) {
      this.wire = wire;
    }

    /** The name on the wire and in storage, such as {@code gap}. */
    public String wire() {
      return wire;
    }

    /** The kind named {@code wire}, or {@link #UNKNOWN}. */
    public static Kind ofWire(String wire) {
      for (Kind kind : values()) {
        if (kind.wire.equals(wire)) {
          return kind;
        }
      }
      return UNKNOWN;
    }

    /** The wire name, so that log lines and messages read as before. */
    @Override
    public String toString() {
      return wire;
    }
  }

  private final Kind kind;
  private final String problem;
  private final long size;

  /** This node refuses, for {@code kind}. */
  public BatchRefusedException(Kind kind, String message, long size) {
    this(kind, kind.wire(), message, size);
  }

  private BatchRefusedException(Kind kind, String problem, String message, long size) {
    super(message);
    this.kind = kind;
    this.problem = problem;
    this.size = size;
  }

  /**
   * A peer refused with the problem type {@code problem} (its short name, or a stand-in such as
   * {@code http-400} when the answer had none); a name this version does not know is {@link
   * Kind#UNKNOWN} and is kept for display.
   */
  public static BatchRefusedException fromPeer(String problem, String message, long size) {
    return new BatchRefusedException(Kind.ofWire(problem), problem, message, size);
  }

  public Kind kind() {
    return kind;
  }

  /**
   * The problem type's short name: the kind's wire name, or a peer's text for {@link Kind#UNKNOWN}.
   */
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
    return kind == Kind.GAP || kind == Kind.ALREADY_STORED;
  }
}
