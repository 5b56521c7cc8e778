package org.hotline;

import java.time.Duration;

/**
 * A bounded queue is full. Nothing was stored. Callers should retry after {@link #retryAfter()};
 * the API answers 503 with a {@code Retry-After} header.
 */
public final class OverloadedException extends HotlineException {
  private static final long serialVersionUID = 1L;
  private final transient Duration retryAfter;

  public OverloadedException(String message, Duration retryAfter) {
    super(message);
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }

  @Override
  public String type() {
    return "overloaded";
  }
}
