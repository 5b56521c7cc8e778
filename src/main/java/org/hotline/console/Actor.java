package org.hotline.console;

/** Who is acting, for the audit log: a username and the address the request came from. */
public record Actor(String username, String address) {
  /** The command line on the node's own machine. */
  public static final Actor CLI = new Actor(Audit.CLI, "");

  /** The deadline watch, acting on its own. */
  public static final Actor WATCH = new Actor(Audit.WATCH, "");

  public Actor {
    address = address == null ? "" : address;
  }
}
