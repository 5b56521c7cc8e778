package org.hotline.link;

import org.hotline.HotlineException;

/** No answer from the peer: connection refused, reset, timed out, or TLS failure. Retry later. */
public final class PeerUnreachableException extends HotlineException {
  private static final long serialVersionUID = 1L;

  public PeerUnreachableException(String message) {
    super(message);
  }

  @Override
  public String type() {
    return "peer-unreachable";
  }
}
