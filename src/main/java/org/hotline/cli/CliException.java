package org.hotline.cli;

import org.hotline.HotlineException;

/** A command failed for a reason the user can act on; printed as one line, exit status 1. */
final class CliException extends HotlineException {
  private static final long serialVersionUID = 1L;

  CliException(String message) {
    super(message);
  }

  @Override
  public String type() {
    return "cli";
  }
}
