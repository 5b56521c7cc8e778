package org.hotline.testing;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import org.hotline.app.NodeHome;
import org.hotline.console.Accounts;
import org.hotline.console.Actor;
import org.hotline.console.Audit;
import org.hotline.console.Passwords;
import org.hotline.console.Role;

/** Console users in a node's data directory, added as {@code hotline user add} would. */
public final class Users {
  /** Every test user's password. */
  public static final String PASSWORD = "correct horse battery staple";

  private Users() {}

  public static void add(NodeHome home, String username, Role role) {
    try (ConsoleStores.Opened stores = ConsoleStores.open(home.dir())) {
      Clock clock = Clock.systemUTC();
      new Accounts(
              stores.console(),
              new Passwords(new SecureRandom()),
              new Audit(stores.console(), clock),
              clock,
              new SecureRandom())
          .add(username, role, PASSWORD.toCharArray(), Actor.CLI);
    }
  }

  /** Turns two-person release on in the data directory's configuration. */
  public static void twoPersonRelease(NodeHome home) {
    try {
      Path file = home.dir().resolve("hotline.json");
      var config =
          (com.fasterxml.jackson.databind.node.ObjectNode)
              org.hotline.Json.mapper().readTree(file.toFile());
      Nodes.console(config).put("two_person_release", true);
      org.hotline.Json.mapper().writeValue(file.toFile(), config);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
