package org.hotline.witness;

/**
 * How {@link Witnessing} reaches a witness. Implementations speak HTTP; tests may answer directly.
 * Thread-safe.
 */
public interface WitnessTransport {
  /**
   * Posts an add-checkpoint request and returns the witness's answer.
   *
   * @throws WitnessUnreachableException if no HTTP answer came (refused, reset, timed out)
   */
  Answer addCheckpoint(WitnessEndpoint witness, AddCheckpointRequest request);

  /** What a witness answered. */
  sealed interface Answer {}

  /** 200: the witness's cosignature line(s) over the checkpoint, not yet verified. */
  record Cosigned(String signatureLines) implements Answer {}

  /**
   * 409 with a size (text/x.tlog.size): the witness last cosigned this size, not the old size sent.
   */
  record Conflict(long witnessSize) implements Answer {}

  /** Any other answer: the status and the witness's explanation, if it gave one. */
  record Refused(int status, String detail) implements Answer {}
}
