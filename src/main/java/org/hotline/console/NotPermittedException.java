package org.hotline.console;

import org.hotline.HotlineException;

/**
 * The person's role does not allow the action, or the rules of release forbid it; nothing was done.
 */
public final class NotPermittedException extends HotlineException {
  private static final long serialVersionUID = 1L;

  public NotPermittedException(String message) {
    super(message);
  }

  @Override
  public String type() {
    return "forbidden";
  }
}
