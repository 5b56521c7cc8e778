package org.hotline.watch;

import org.hotline.HotlineException;

/** A notifier could not deliver an alert; the message says why, for the notifications list. */
public final class NotificationFailedException extends HotlineException {
  private static final long serialVersionUID = 1L;

  public NotificationFailedException(String message) {
    super(message);
  }

  @Override
  public String type() {
    return "notification-failed";
  }
}
