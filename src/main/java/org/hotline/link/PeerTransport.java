package org.hotline.link;

/**
 * How a node reaches a peer's federation port. Implemented over mutually authenticated TLS in
 * {@code federation}. Implementations are thread-safe.
 */
public interface PeerTransport {
  /** The receiver's view of our log to it. Throws {@link PeerUnreachableException}. */
  RemoteLogState state(Peer peer, String log);

  /**
   * Delivers a batch; returns the receiver's answer: its cosignature line over the batch's
   * checkpoint, and the entries it stored but could not interpret. Throws {@link
   * PeerUnreachableException} when no answer came (the batch may or may not be stored), and {@link
   * BatchRefusedException} when the receiver answered with a refusal.
   */
  BatchAnswer push(Peer peer, Batch batch);

  /**
   * Shows the peer our views of both logs, with the divergences we found (at most {@link
   * CheckpointExchange#REPORTED_DIVERGENCES_MAX}), and returns its views and what it found
   * diverging. Throws {@link PeerUnreachableException} or {@link BatchRefusedException}.
   */
  CheckpointExchange.Answer exchange(
      Peer peer, java.util.List<CheckpointView> views, java.util.List<String> divergences);

  /**
   * {@link #exchange}, showing also our state hash of the shared objects at the sizes of our views
   * ({@code stateHash}, null for none) to a peer that reads it. A transport that cannot carry it
   * exchanges the views alone.
   */
  default CheckpointExchange.Answer exchange(
      Peer peer,
      java.util.List<CheckpointView> views,
      java.util.List<String> divergences,
      String stateHash) {
    return exchange(peer, views, divergences);
  }

  /**
   * Sends a signed heartbeat to the peer's endpoint number {@code endpoint}; returns the signed
   * reply.
   */
  String heartbeat(Peer peer, int endpoint, String note, java.time.Duration timeout);

  /**
   * Pull mode: hands the peer our receipt for what we hold of its log (may be null), and fetches
   * the next batch after {@code after} entries; null when the peer has none within its wait.
   */
  Batch pull(Peer peer, String log, long after, String receipt);

  /**
   * What the peer reads ({@code GET /federation/v1/capabilities}); empty when its federation port
   * has no such endpoint (404: a node that predates capabilities reads format 1 only). Throws
   * {@link PeerUnreachableException} or {@link BatchRefusedException}, and {@link
   * org.hotline.InvalidInputException} when the answer breaks the limits of {@link
   * PeerCapabilities}.
   */
  java.util.Optional<PeerCapabilities> capabilities(Peer peer);

  /**
   * Recovery: what the peer holds of our own log {@code log}, and the page of it after {@code
   * after} entries (docs/protocol.md §11.8). Throws {@link PeerUnreachableException} or {@link
   * BatchRefusedException}.
   */
  RecoveryPage recoveryPage(Peer peer, String log, long after);

  /** Which of the peer's endpoints requests go to now (0 is the primary). */
  int currentEndpoint(Peer peer);

  /** Sends further requests to endpoint number {@code endpoint}. */
  void selectEndpoint(Peer peer, int endpoint);
}
