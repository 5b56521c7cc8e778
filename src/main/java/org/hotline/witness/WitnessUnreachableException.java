package org.hotline.witness;

import org.hotline.HotlineException;

/** No HTTP answer from a witness: refused, reset, timed out, TLS failure. Try again later. */
public final class WitnessUnreachableException extends HotlineException {
  private static final long serialVersionUID = 1L;

  public WitnessUnreachableException(String message) {
    super(message);
  }

  @Override
  public String type() {
    return "witness-unreachable";
  }
}
