package org.hotline.federation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The JSON bodies of the federation port; field names on the wire are snake_case. */
final class Wire {
  private Wire() {}

  /** {@code POST /federation/v1/batches}: entries are base64 of the exact entry bytes. */
  record BatchRequest(String log, long firstSeq, List<String> entries, String checkpoint) {}

  /**
   * The receipt: the receiver's cosignature line over the batch's checkpoint, and the entries of
   * the batch it stored but could not interpret. The field is written only when there are such
   * entries, so that every other answer is the same as from a node that does not know it
   * (docs/protocol.md §11.1).
   */
  record BatchResponse(
      String log,
      long size,
      String cosignature,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Uninterpretable> uninterpretable) {}

  /** One entry the receiver could not interpret: its place and why. */
  record Uninterpretable(long seq, String reason) {}

  /** {@code GET /federation/v1/state?log=…}: the receiver's size and its cosigned checkpoint. */
  record StateResponse(String log, long size, String checkpoint) {}

  /** RFC 9457 problem details, with the receiver's log size for resumption. */
  record Problem(String type, String title, int status, String detail, Long size) {}

  /**
   * {@code POST /federation/v1/checkpoints}: the caller's views of both logs between us, and the
   * divergences it found (in its own record or, in a second request of the same exchange, in the
   * views we answered with); absent from callers that report none.
   */
  record ExchangeRequest(
      List<View> views,
      List<String> divergences,
      @JsonInclude(JsonInclude.Include.NON_NULL) String stateHash) {}

  /**
   * The answer: our views, every divergence we found in the caller's, and our state hash when the
   * caller showed one.
   */
  record ExchangeResponse(
      List<View> views,
      List<String> divergences,
      @JsonInclude(JsonInclude.Include.NON_NULL) String stateHash) {}

  record View(String log, long size, String checkpoint) {}

  /**
   * {@code POST /federation/v1/heartbeat}, both ways: a signed heartbeat note (see link.Heartbeat).
   */
  record HeartbeatMessage(String note) {}

  /**
   * {@code POST /federation/v1/pull}: our receipt for what we hold (may be null) and where to
   * continue.
   */
  record PullRequest(String log, long after, String receipt) {}

  /** The next batch, or all fields null-empty when none came within the wait. */
  record PullResponse(String log, Long firstSeq, List<String> entries, String checkpoint) {}

  /**
   * {@code GET /federation/v1/capabilities}: the entry formats, entry kinds and optional fields the
   * answering node reads.
   */
  record CapabilitiesResponse(
      java.util.Set<Integer> formats,
      java.util.Set<String> kinds,
      java.util.Set<String> optionalFields) {
    static CapabilitiesResponse of(org.hotline.link.PeerCapabilities capabilities) {
      return new CapabilitiesResponse(
          capabilities.formats(), capabilities.kinds(), capabilities.optionalFields());
    }

    /** Throws {@link org.hotline.InvalidInputException} when the answer breaks its limits. */
    org.hotline.link.PeerCapabilities capabilities() {
      return new org.hotline.link.PeerCapabilities(formats, kinds, optionalFields);
    }
  }

  static final String PROBLEM_PREFIX = "urn:hotline:problem:";

  /** {@code POST /federation/v1/recovery}: the caller's own log, after {@code after} entries. */
  record RecoveryRequest(String log, long after) {}

  /**
   * The answer: what the answering node holds of the caller's log ({@code size}, its latest receipt
   * as {@code checkpoint}) and the next page: entries up to the next stored checkpoint, with the
   * receipt for that size.
   */
  record RecoveryResponse(
      String log,
      long size,
      String checkpoint,
      Long firstSeq,
      List<String> entries,
      String receipt) {}
}
