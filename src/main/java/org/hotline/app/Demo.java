package org.hotline.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.hotline.identity.PartyId;
import org.hotline.link.Peer;
import org.hotline.link.entry.Draft;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.link.entry.StatusFlag;

/**
 * {@code hotline demo}: two nodes, {@code us} and {@code cn}, set up, paired and started in one
 * process, with a short exercise scenario exchanged. A second run reuses the same data.
 */
final class Demo {
  private Demo() {}

  static void run(Path dir, Clock clock) throws InterruptedException {
    boolean fresh = !Files.exists(dir.resolve("us").resolve(NodeHome.CONFIG));
    NodeHome usHome =
        fresh
            ? init(dir, "us", "United States", 7443, 8080, clock)
            : NodeHome.open(dir.resolve("us"));
    NodeHome cnHome =
        fresh
            ? chinese(init(dir, "cn", "People's Republic of China", 7444, 8081, clock))
            : NodeHome.open(dir.resolve("cn"));
    String password = consoleUsers(dir, fresh, clock, usHome, cnHome);
    Node us = Node.start(usHome, clock);
    Node cn;
    try {
      cn = Node.start(cnHome, clock);
    } catch (RuntimeException e) {
      us.close();
      throw e;
    }
    if (fresh) {
      us.addPeer(
          new Peer(cnHome.card(), List.of(URI.create("https://127.0.0.1:" + cn.federationPort()))));
      cn.addPeer(
          new Peer(usHome.card(), List.of(URI.create("https://127.0.0.1:" + us.federationPort()))));
      seed(us, cn);
    }
    System.out.println();
    System.out.println(
        "Hotline demo: two parties on this machine"
            + (fresh ? "" : " (data reused from " + dir + ")"));
    print(usHome, us);
    print(cnHome, cn);
    System.out.println(
        "  Console sign-in on both: " + String.join(", ", DEMO_USERS) + "; password " + password);
    System.out.println(
        "  releaser and admin set up an authenticator app (any TOTP app) at their first sign-in;"
            + " officer signs in with the password alone.");
    System.out.println();
    System.out.println("Try:  ./hotline inbox --dir " + dir.resolve("cn"));
    System.out.println(
        "      ./hotline send --dir "
            + dir.resolve("us")
            + " --to cn --precedence FLASH --status EXERCISE --subject 'Test' --body 'Hello'");
    System.out.println("      ./hotline status --dir " + dir.resolve("us"));
    System.out.println("Ctrl-C stops both nodes.");
    AppOperations.runUntilStopped(cn, us);
  }

  /**
   * One user of each role that acts, on both nodes: enough to try alarms and two-person release.
   */
  private static final List<String> DEMO_USERS = List.of("officer", "releaser", "admin");

  private static final String DEMO_PASSWORD_FILE = "console-demo-password";

  /**
   * On a fresh demo, adds the demo users with one random password, kept (mode 0600) beside the two
   * nodes so a later run prints it again; returns it.
   */
  private static String consoleUsers(Path dir, boolean fresh, Clock clock, NodeHome... homes) {
    Path file = dir.resolve(DEMO_PASSWORD_FILE);
    try {
      if (!fresh && Files.exists(file)) {
        return Files.readString(file).trim();
      }
      byte[] bytes = new byte[12];
      new java.security.SecureRandom().nextBytes(bytes);
      String password = java.util.HexFormat.of().formatHex(bytes);
      Files.deleteIfExists(file);
      Files.createFile(
          file,
          java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
              java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, password + "\n");
      for (NodeHome home : homes) {
        try (org.hotline.store.sqlite.SqliteStore store =
            org.hotline.store.sqlite.SqliteStore.open(home.database(), org.hotline.Json.mapper())) {
          var console = store.consoleStore();
          var accounts =
              new org.hotline.console.Accounts(
                  console,
                  new org.hotline.console.Passwords(new java.security.SecureRandom()),
                  new org.hotline.console.Audit(console, clock),
                  clock,
                  new java.security.SecureRandom());
          List<org.hotline.console.Role> roles =
              List.of(
                  org.hotline.console.Role.DUTY_OFFICER,
                  org.hotline.console.Role.RELEASING_OFFICER,
                  org.hotline.console.Role.ADMINISTRATOR);
          for (int i = 0; i < DEMO_USERS.size(); i++) {
            accounts.add(
                DEMO_USERS.get(i),
                roles.get(i),
                password.toCharArray(),
                org.hotline.console.Actor.CLI);
          }
        }
      }
      return password;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static void print(NodeHome home, Node node) {
    System.out.printf(
        "  %-3s %-28s console/API http://127.0.0.1:%d  token %s%n      federation https://127.0.0.1:%d  fingerprint %s%n",
        home.party(),
        home.config().name(),
        node.apiPort(),
        home.token(),
        node.federationPort(),
        home.card().fingerprint());
  }

  private static NodeHome init(
      Path dir, String party, String name, int federationPort, int consolePort, Clock clock) {
    return NodeHome.init(
        dir.resolve(party),
        PartyId.of(party),
        name,
        "127.0.0.1",
        portOr(federationPort),
        portOr(consolePort),
        List.of(),
        clock);
  }

  /**
   * The cn node's console speaks Chinese to users who chose no language ({@code console.language}).
   */
  private static NodeHome chinese(NodeHome home) {
    Path file = home.dir().resolve(NodeHome.CONFIG);
    try {
      var config =
          (com.fasterxml.jackson.databind.node.ObjectNode)
              org.hotline.Json.mapper().readTree(file.toFile());
      var console =
          config.get("console") instanceof com.fasterxml.jackson.databind.node.ObjectNode existing
              ? existing
              : config.putObject("console");
      console.put("language", "zh");
      org.hotline.Json.mapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), config);
      return NodeHome.open(home.dir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** The preferred port if it is free, else any free one: the demo must start on a busy machine. */
  private static int portOr(int preferred) {
    try {
      new ServerSocket(preferred, 1, InetAddress.getLoopbackAddress()).close();
      return preferred;
    } catch (IOException busy) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException("no free port on loopback", e);
      }
    }
  }

  private static void seed(Node us, Node cn) {
    PartyId usId = PartyId.of("us");
    PartyId cnId = PartyId.of("cn");
    us.links()
        .outbox()
        .submit(
            List.of(
                new Draft(
                    cnId,
                    Precedence.ROUTINE,
                    StatusFlag.TEST,
                    "Link test 0600Z",
                    "Routine link test. Please confirm reception.",
                    "en",
                    null)));
    MessageId aerial =
        us.links()
            .outbox()
            .submit(
                List.of(
                    new Draft(
                        cnId,
                        Precedence.IMMEDIATE,
                        StatusFlag.EXERCISE,
                        "EXERCISE: unidentified high-altitude balloon",
                        "EXERCISE EXERCISE EXERCISE\nAt 0412Z our air defence tracked an unidentified high-altitude balloon at 18,000 m, heading 085, "
                            + "speed 40 km/h, position 41.2N 123.5W. We request information on its origin and purpose.\nEXERCISE EXERCISE EXERCISE",
                        "en",
                        null)))
            .get(0)
            .id();
    cn.links()
        .outbox()
        .submit(
            List.of(
                new Draft(
                    usId,
                    Precedence.PRIORITY,
                    StatusFlag.EXERCISE,
                    "EXERCISE: notification of planned space launch",
                    "演习 EXERCISE. 我方将于 0900Z 至 1100Z 从文昌发射场进行航天发射。落区坐标见附表。\n"
                        + "EXERCISE. We will conduct a space launch from Wenchang between 0900Z and 1100Z. Impact areas as in the annex.",
                    "zh-Hans",
                    null)));
    cn.links()
        .outbox()
        .submit(
            List.of(
                new Draft(
                    usId,
                    Precedence.FLASH,
                    StatusFlag.EXERCISE,
                    "EXERCISE: unplanned encounter at sea",
                    "EXERCISE. At 0520Z a destroyer and a frigate closed to 300 m in the South China Sea. We propose an immediate call "
                        + "between duty officers to prevent escalation.",
                    "en",
                    null)));
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
    while (cn.links().message(aerial).isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    if (cn.links().message(aerial).isEmpty()) {
      return;
    }
    cn.links()
        .outbox()
        .submit(
            List.of(
                new Draft(
                    usId,
                    Precedence.IMMEDIATE,
                    StatusFlag.EXERCISE,
                    "Re: EXERCISE: unidentified high-altitude balloon",
                    "EXERCISE. The object is a civilian meteorological balloon that drifted off course. Details follow.",
                    "en",
                    aerial)));
  }
}
