package org.hotline.link;

import java.time.Duration;
import java.util.List;

/**
 * A transport whose every call fails as one the test did not expect, on the primary endpoint: a
 * test's transport extends it and overrides only the calls the part under test makes, so a call it
 * does not make cannot pass unnoticed.
 */
public abstract class UnusedTransport implements PeerTransport {
  private static UnsupportedOperationException unexpected(String call) {
    return new UnsupportedOperationException(call + " is not expected by this test");
  }

  @Override
  public RemoteLogState state(Peer peer, String log) {
    throw unexpected("state");
  }

  @Override
  public BatchAnswer push(Peer peer, Batch batch) {
    throw unexpected("push");
  }

  @Override
  public CheckpointExchange.Answer exchange(
      Peer peer, List<CheckpointView> views, List<String> divergences) {
    throw unexpected("exchange");
  }

  @Override
  public String heartbeat(Peer peer, int endpoint, String note, Duration timeout) {
    throw unexpected("heartbeat");
  }

  @Override
  public Batch pull(Peer peer, String log, long after, String receipt) {
    throw unexpected("pull");
  }

  @Override
  public RecoveryPage recoveryPage(Peer peer, String log, long after) {
    throw unexpected("recovery");
  }

  @Override
  public java.util.Optional<PeerCapabilities> capabilities(Peer peer) {
    throw unexpected("capabilities");
  }

  @Override
  public int currentEndpoint(Peer peer) {
    return 0;
  }

  @Override
  public void selectEndpoint(Peer peer, int endpoint) {}
}
