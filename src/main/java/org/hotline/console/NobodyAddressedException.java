package org.hotline.console;

import org.hotline.HotlineException;

/**
 * A personal alert names a user who does not exist or is disabled, or a role no active user holds:
 * nobody could ever see it, so it is not stored. The watch counts that delivery as failed and
 * retries it (an administrator may add or enable the user meanwhile).
 */
public final class NobodyAddressedException extends HotlineException {
  private static final long serialVersionUID = 1L;

  public NobodyAddressedException(String message) {
    super(message);
  }

  @Override
  public String type() {
    return "nobody-addressed";
  }
}
