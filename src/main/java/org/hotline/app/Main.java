package org.hotline.app;

import org.hotline.cli.HotlineCommand;

/** The {@code hotline} executable. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs one command in this process and returns its exit status, as {@link #main} would exit. */
  public static int run(String... args) {
    return HotlineCommand.run(new AppOperations(), args);
  }
}
