package org.hotline.app;

import org.hotline.cli.HotlineCommand;

/** The {@code hotline} executable. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int status = HotlineCommand.run(new AppOperations(), args);
    System.exit(status);
  }
}
