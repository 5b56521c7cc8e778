package org.hotline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.hotline.Json;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.cli.CliRuns.Run;
import org.hotline.testing.Nodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real {@code hotline} executable, run as a child JVM the way the launcher runs it, through an
 * operator's session: init two nodes, exchange identity cards, pair, then send and read through a
 * running node. Every error is one line on standard error starting with {@code hotline:} and a
 * non-zero exit. The tests run in order because each step builds on the one before, as on a real
 * console.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliTest {
  @TempDir static Path dir;

  private final int usFederationPort = Nodes.freePort();
  private final int usConsolePort = Nodes.freePort();
  private final int cnFederationPort = Nodes.freePort();
  private final int cnConsolePort = Nodes.freePort();
  private Node us;
  private Node cn;

  @AfterAll
  void stop() {
    if (us != null) {
      us.close();
    }
    if (cn != null) {
      cn.close();
    }
  }

  private Path us() {
    return dir.resolve("us");
  }

  private Path cn() {
    return dir.resolve("cn");
  }

  // ------------------------------------------------------------------ setting up

  @Test
  @Order(1)
  void init_creates_the_data_directory_with_owner_only_secrets() throws IOException {
    Run run =
        hotline(
            "init",
            "--dir",
            us().toString(),
            "--party",
            "us",
            "--name",
            "United States",
            "--federation-port",
            Integer.toString(usFederationPort),
            "--console-port",
            Integer.toString(usConsolePort));

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.stdout()).contains("Created node us (United States)").contains("Fingerprint:");
    for (String file :
        List.of("hotline.json", "signing.key", "tls.key", "tls.crt", "api.token", "hotline.db")) {
      assertThat(us().resolve(file)).exists();
    }
    for (String secret : List.of("signing.key", "tls.key", "api.token")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(us().resolve(secret))))
          .as(secret)
          .isEqualTo("rw-------");
    }

    Run other =
        hotline(
            "init",
            "--dir",
            cn().toString(),
            "--party",
            "cn",
            "--name",
            "People's Republic of China",
            "--federation-port",
            Integer.toString(cnFederationPort),
            "--console-port",
            Integer.toString(cnConsolePort));
    assertThat(other.exit()).as(other.toString()).isZero();
  }

  @Test
  @Order(2)
  void init_refuses_to_overwrite_a_node() throws IOException {
    byte[] key = Files.readAllBytes(us().resolve("signing.key"));

    Run run = hotline("init", "--dir", us().toString(), "--party", "us", "--name", "Someone Else");

    run.assertOneLineError("already holds a node");
    assertThat(Files.readAllBytes(us().resolve("signing.key")))
        .as("the signing key is untouched")
        .isEqualTo(key);
  }

  @Test
  @Order(3)
  void an_identity_card_written_by_one_node_is_accepted_by_peer_add_on_the_other() {
    Path cnCard = dir.resolve("cn.card.json");
    Run identity = hotline("identity", "--dir", cn().toString(), "--out", cnCard.toString());
    assertThat(identity.exit()).as(identity.toString()).isZero();
    assertThat(cnCard).exists();
    String fingerprint = identity.stdout().lines().toList().getLast().trim();

    Run added =
        hotline(
            "peer",
            "add",
            "--dir",
            us().toString(),
            "--card",
            cnCard.toString(),
            "--endpoint",
            "https://127.0.0.1:" + cnFederationPort);
    assertThat(added.exit()).as(added.toString()).isZero();
    assertThat(added.stdout()).contains("Paired with cn").contains(fingerprint);

    Path usCard = dir.resolve("us.card.json");
    assertThat(hotline("identity", "--dir", us().toString(), "--out", usCard.toString()).exit())
        .isZero();
    Run back =
        hotline(
            "peer",
            "add",
            "--dir",
            cn().toString(),
            "--card",
            usCard.toString(),
            "--endpoint",
            "https://127.0.0.1:" + usFederationPort);
    assertThat(back.exit()).as(back.toString()).isZero();
  }

  @Test
  @Order(4)
  void peer_list_prints_the_pinned_peers_as_json() throws IOException {
    Run run = hotline("peer", "list", "--dir", us().toString(), "--json");

    assertThat(run.exit()).as(run.toString()).isZero();
    JsonNode peers = Json.mapper().readTree(run.stdout());
    assertThat(peers).hasSize(1);
    assertThat(peers.get(0).at("/card/party").asText()).isEqualTo("cn");
    assertThat(peers.get(0).at("/card/tls_certificate_sha256").asText())
        .isEqualTo(NodeHome.open(cn()).tls().fingerprint());
    assertThat(peers.get(0).at("/endpoints/0").asText())
        .isEqualTo("https://127.0.0.1:" + cnFederationPort);
  }

  @Test
  @Order(5)
  void sending_through_a_node_that_is_not_running_says_the_node_is_not_running() {
    Run run =
        send("--to", "cn", "--precedence", "FLASH", "--subject", "Anyone there?", "--body", "text");

    run.assertOneLineError("the node is not running");
    assertThat(run.exit()).isEqualTo(1);
  }

  @Test
  @Order(5)
  void console_users_are_added_listed_disabled_and_given_new_passwords_from_the_command_line()
      throws IOException {
    Path passwordFile = dir.resolve("password.txt");
    Files.writeString(passwordFile, "correct horse battery staple\n");
    Run added =
        hotline(
            "user",
            "add",
            "--dir",
            us().toString(),
            "--username",
            "li.wei",
            "--role",
            "duty-officer",
            "--password-file",
            passwordFile.toString());
    assertThat(added.exit()).as(added.toString()).isZero();
    assertThat(added.stdout()).contains("Added li.wei as duty-officer");
    assertThat(Files.readString(us().resolve("hotline.db"), StandardCharsets.ISO_8859_1))
        .doesNotContain("correct horse battery staple");

    assertThat(hotline("user", "disable", "--dir", us().toString(), "li.wei").exit()).isZero();
    assertThat(
            hotline(
                    "user",
                    "passwd",
                    "--dir",
                    us().toString(),
                    "--password-file",
                    passwordFile.toString(),
                    "li.wei")
                .exit())
        .isZero();
    Run listed = hotline("user", "list", "--dir", us().toString(), "--json");
    assertThat(listed.exit()).as(listed.toString()).isZero();
    JsonNode users = Json.mapper().readTree(listed.stdout());
    assertThat(users).hasSize(1);
    assertThat(users.get(0).get("role").asText()).isEqualTo("DUTY_OFFICER");
    assertThat(users.get(0).get("disabled").asBoolean()).isTrue();
    assertThat(listed.stdout()).doesNotContain("argon2");

    Files.writeString(passwordFile, "short\n");
    hotline(
            "user",
            "add",
            "--dir",
            us().toString(),
            "--username",
            "bob",
            "--role",
            "viewer",
            "--password-file",
            passwordFile.toString())
        .assertOneLineError("a password is 12 to 1024 characters long");
    hotline(
            "user",
            "add",
            "--dir",
            us().toString(),
            "--username",
            "bob",
            "--role",
            "boss",
            "--password-file",
            passwordFile.toString())
        .assertOneLineError("unknown role 'boss'");
    hotline("user", "disable", "--dir", us().toString(), "nobody")
        .assertOneLineError("no user nobody");

    Files.writeString(passwordFile, "correct horse battery staple\n");
    assertThat(
            hotline(
                    "user",
                    "add",
                    "--dir",
                    us().toString(),
                    "--username",
                    "ops",
                    "--role",
                    "administrator",
                    "--password-file",
                    passwordFile.toString(),
                    "--language",
                    "zh")
                .exit())
        .isZero();
    JsonNode ops =
        Json.mapper()
            .readTree(hotline("user", "list", "--dir", us().toString(), "--json").stdout());
    assertThat(ops.findValuesAsText("language")).contains("zh");
    hotline(
            "user",
            "add",
            "--dir",
            us().toString(),
            "--username",
            "marie",
            "--role",
            "viewer",
            "--password-file",
            passwordFile.toString(),
            "--language",
            "fr")
        .assertOneLineError("the console speaks en and zh, not fr");
    Run table = hotline("user", "list", "--dir", us().toString());
    assertThat(table.stdout().lines())
        .anySatisfy(
            line ->
                assertThat(line).startsWith("ops ").endsWith("second factor due at next sign-in"))
        .anySatisfy(
            line -> assertThat(line).startsWith("li.wei ").endsWith("second factor not used"));
    Run reset = hotline("user", "reset-second-factor", "--dir", us().toString(), "ops");
    assertThat(reset.exit()).as(reset.toString()).isZero();
    assertThat(reset.stdout()).contains("Removed the second factor of ops");
    hotline("user", "reset-second-factor", "--dir", us().toString(), "nobody")
        .assertOneLineError("no user nobody");
  }

  // ------------------------------------------------------------------ bad input

  Stream<Named<List<String>>> bad_commands() {
    String usDir = us().toString();
    String message = "--subject=Test --body=text";
    return Stream.of(
        bad(
            "an unknown precedence",
            "unknown precedence 'URGENT'",
            "send --dir " + usDir + " --to cn --precedence URGENT " + message),
        bad(
            "an unknown peer",
            "unknown peer 'zz'",
            "send --dir " + usDir + " --to zz --precedence FLASH " + message),
        bad(
            "no body",
            "a message needs --body or --body-file",
            "send --dir " + usDir + " --to cn --precedence FLASH --subject=Test"),
        bad(
            "both a body and a body file",
            "give --body or --body-file, not both",
            "send --dir "
                + usDir
                + " --to cn --precedence FLASH "
                + message
                + " --body-file="
                + usDir
                + "/hotline.json"),
        bad(
            "no recipient",
            "Missing required option: '--to=<to>' (see: hotline send --help)",
            "send --dir " + usDir + " --precedence FLASH " + message),
        bad(
            "a reply to something that is not a message id",
            "not a message id",
            "send --dir " + usDir + " --to cn --precedence FLASH --in-reply-to 42 " + message),
        bad(
            "a directory that holds no node",
            "is not a Hotline data directory",
            "send --dir " + dir.resolve("nowhere") + " --to cn --precedence FLASH " + message),
        bad(
            "showing a message that does not exist",
            "no message 01a2249f-b354-736f-9ab4-a82289897958",
            "show --dir " + usDir + " 01a2249f-b354-736f-9ab4-a82289897958"),
        bad(
            "an inbox page of 0 messages",
            "limit must be 1 to 1000",
            "inbox --dir " + usDir + " --limit 0"),
        bad("removing a peer that is not paired", "zz", "peer remove --dir " + usDir + " zz"),
        bad(
            "pairing from a card file that does not exist",
            "cannot read the identity card",
            "peer add --dir "
                + usDir
                + " --card "
                + dir.resolve("missing.json")
                + " --endpoint https://127.0.0.1:1"),
        bad(
            "pairing at an endpoint that is not https",
            "endpoint must look like https://HOST:PORT",
            "peer add --dir "
                + usDir
                + " --card "
                + dir.resolve("cn.card.json")
                + " --endpoint http://127.0.0.1:1"),
        bad(
            "pairing with a peer that is already paired",
            "cn",
            "peer add --dir "
                + usDir
                + " --card "
                + dir.resolve("cn.card.json")
                + " --endpoint https://127.0.0.1:1"),
        bad(
            "a party id with capitals",
            "party id must match",
            "init --dir " + dir.resolve("xx") + " --party US --name X"),
        bad(
            "pairing without a card",
            "Missing required option: '--card=<cardFile>' (see: hotline peer add --help)",
            "peer add --dir " + usDir + " --endpoint https://127.0.0.1:1"),
        bad("a command that does not exist", "'launch' (see: hotline --help)", "launch"));
  }

  private static Named<List<String>> bad(
      String description, String namesTheProblem, String commandLine) {
    List<String> row = new ArrayList<>();
    row.add(namesTheProblem);
    row.addAll(Arrays.asList(commandLine.split(" ")));
    return Named.of(description, row);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bad_commands")
  @Order(6)
  void a_bad_command_prints_one_line_naming_the_problem_and_exits_non_zero(List<String> row) {
    startNodes();
    long outboxBefore = outboxCount();

    Run run = hotline(row.subList(1, row.size()).toArray(String[]::new));

    run.assertOneLineError(row.get(0));
    assertThat(outboxCount()).as("nothing was sent").isEqualTo(outboxBefore);
  }

  // ------------------------------------------------------------------ with the nodes running

  @Test
  @Order(7)
  void with_the_node_running_send_outbox_show_inbox_and_status_work() throws Exception {
    startNodes();

    Run sent =
        send(
            "--to",
            "cn",
            "--precedence",
            "FLASH",
            "--status",
            "EXERCISE",
            "--subject",
            "EXERCISE: unplanned encounter",
            "--body",
            "Two ships at 300 m.");
    assertThat(sent.exit()).as(sent.toString()).isZero();
    assertThat(sent.stdout().trim()).matches("[0-9a-f-]{36} QUEUED");
    String id = sent.stdout().trim().split(" ")[0];

    Run sentJson =
        send(
            "--json",
            "--to",
            "cn",
            "--precedence",
            "ROUTINE",
            "--subject",
            "Link test",
            "--body",
            "Please confirm.");
    assertThat(sentJson.exit()).as(sentJson.toString()).isZero();
    assertThat(Json.mapper().readTree(sentJson.stdout()).get("id").asText()).hasSize(36);

    Run outbox = hotline("outbox", "--dir", us().toString());
    assertThat(outbox.exit()).as(outbox.toString()).isZero();
    assertThat(outbox.stdout())
        .contains(id)
        .contains("FLASH")
        .contains("EXERCISE")
        .contains("EXERCISE: unplanned encounter");

    awaitDelivered(id);
    Run show = hotline("show", "--dir", us().toString(), id);
    assertThat(show.exit()).as(show.toString()).isZero();
    assertThat(show.stdout())
        .contains("Id:         " + id)
        .contains("DELIVERED")
        .contains("Receipt:")
        .contains("Two ships at 300 m.");

    Run inbox = hotline("inbox", "--dir", cn().toString(), "--json");
    assertThat(inbox.exit()).as(inbox.toString()).isZero();
    JsonNode items = Json.mapper().readTree(inbox.stdout()).get("items");
    assertThat(items.findValuesAsText("id")).contains(id);
    assertThat(items.findValuesAsText("from")).containsOnly("us");

    Run status = hotline("status", "--dir", us().toString(), "--json");
    assertThat(status.exit()).as(status.toString()).isZero();
    JsonNode link = Json.mapper().readTree(status.stdout()).get("links").get(0);
    assertThat(link.get("peer").asText()).isEqualTo("cn");
    assertThat(link.get("reachable").asBoolean()).isTrue();
    assertThat(link.get("sent").asLong()).isGreaterThanOrEqualTo(1);
  }

  /**
   * The escape sequences a hostile peer would plant: clear the screen, retitle the window, an OSC 8
   * link, NUL, a one-character C1 CSI, DEL, and a right-to-left override that would reverse the
   * row. The node's own API refuses such text from local users, so it arrives the only way it can:
   * signed by a peer in a format-1 entry, which allowed control characters.
   */
  private static final String HOSTILE_SUBJECT =
      "\u001b[2J\u001b]0;pwned\u0007 \u202eevil\u202c \u009b31m NUL\u0000 DEL\u007f";

  private static final String HOSTILE_BODY =
      "line one\u001b]8;;https://evil.example\u001b\\click\u001b]8;;\u001b\\\n\tindented 中文 😀";

  @Test
  @Order(8)
  void a_peers_control_characters_reach_the_terminal_only_as_visible_marks() throws Exception {
    startNodes();
    String id;
    try (org.hotline.testing.TestPeer peer = org.hotline.testing.TestPeer.pinnedOn(us, "xx")) {
      byte[] entry =
          org.hotline.testing.TestPeer.formatOneMessage(
              peer.log(), 1, HOSTILE_SUBJECT, HOSTILE_BODY);
      id = Json.mapper().readTree(entry).get("id").asText();
      org.hotline.testing.TestPeer.Response answer = peer.push(peer.honestBatch(List.of(entry)));
      assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }

    Run inbox = hotline("inbox", "--dir", us().toString());
    assertThat(inbox.exit()).as(inbox.toString()).isZero();
    assertThat(inbox.stdout())
        .contains(id)
        .contains("\\e[2J\\e]0;pwned\\x07 <U+202E>evil<U+202C> \\u009b31m NUL\\x00 DEL\\x7f");
    TerminalTextTest.assertSafe(inbox.stdout().replace("\n", ""));

    Run show = hotline("show", "--dir", us().toString(), id);
    assertThat(show.exit()).as(show.toString()).isZero();
    assertThat(show.stdout())
        .contains("Subject:    \\e[2J")
        .contains(
            "line one\\e]8;;https://evil.example\\e\\click\\e]8;;\\e\\\n        indented 中文 😀");
    TerminalTextTest.assertSafe(show.stdout().replace("\n", ""));

    Run json = hotline("show", "--dir", us().toString(), id, "--json");
    assertThat(json.exit()).as(json.toString()).isZero();
    JsonNode exact = Json.mapper().readTree(json.stdout());
    assertThat(exact.get("subject").asText()).isEqualTo(HOSTILE_SUBJECT);
    assertThat(exact.get("body").asText()).isEqualTo(HOSTILE_BODY);
    TerminalTextTest.assertSafe(json.stdout().replace("\n", ""));
  }

  @Test
  @Order(9)
  void send_on_a_channel_names_it_and_a_refused_channel_is_one_line_and_a_non_zero_exit()
      throws Exception {
    startNodes();
    // A channel other than general goes only to a peer known to read entry format 3.
    org.hotline.testing.Await.until(
        "us knows cn reads entry format 3",
        Duration.ofSeconds(30),
        () -> us.links().capabilities().of(cn.home().party()).formats().contains(3));
    Run consular =
        send(
            "--to",
            "cn",
            "--precedence",
            "ROUTINE",
            "--subject",
            "Visit",
            "--body",
            "",
            "--channel",
            "consular");
    assertThat(consular.exit()).as(consular.toString()).isZero();
    String id = consular.stdout().trim().split(" ")[0];
    Run show = hotline("show", "--dir", us().toString(), id);
    assertThat(show.stdout()).contains("Channel:    consular");

    long outboxBefore = outboxCount();
    // A gate written here, because the real one reads the link's shared channel state, which the
    // node wires in beside this hook; what is tested is how the CLI reports its refusal.
    us.links()
        .outbox()
        .useChannelGate(
            (peer, channel, precedence) -> {
              if (channel.equals("military")) {
                throw new org.hotline.ChannelRefusedException(
                    channel,
                    org.hotline.ChannelRefusedException.Why.SUSPENDED,
                    "Talks suspended pending review",
                    "channel military is suspended by cn: Talks suspended pending review");
              }
            });
    try {
      Run refused = sendOn("military");
      refused.assertOneLineError(
          "channel military is suspended by cn: Talks suspended pending review");
      Run notAWord = sendOn("Military Talks");
      notAWord.assertOneLineError("channel must be a lower-case word");
      assertThat(outboxCount()).as("nothing was sent").isEqualTo(outboxBefore);
    } finally {
      // The node's own gate again, as the node wires it.
      us.links().outbox().useChannelGate(new org.hotline.crisis.ChannelRules(us.crisis()::state));
    }
  }

  @Test
  @Order(10)
  void send_with_a_template_signs_a_formatted_notification_and_a_refusal_is_one_line()
      throws Exception {
    startNodes();
    org.hotline.testing.Await.until(
        "each node knows the other reads entry format 4 and changes",
        Duration.ofSeconds(30),
        () ->
            us.links().capabilities().of(cn.home().party()).reads(4)
                && cn.links().capabilities().of(us.home().party()).kinds().contains("change"));
    // cn adopts through its Crisis: the CLI and API adopt only a template the node has, and this
    // test brings its own document rather than depend on the templates Hotline ships.
    cn.crisis()
        .changeChannel(
            us.home().party(),
            "military",
            "adopt",
            java.util.Map.of(
                "template", org.hotline.crisis.TemplateDocuments.canonical("sighting", 1)),
            "admin",
            org.hotline.console.Role.ADMINISTRATOR);
    org.hotline.testing.Await.until(
        "us holds cn's adoption",
        Duration.ofSeconds(30),
        () ->
            !us.crisis().state(cn.home().party()).adopted(cn.home().party(), "military").isEmpty());
    Path fields = dir.resolve("sighting.json");
    Files.writeString(fields, "{\"remarks\":\"Balloon\",\"heading\":85}");

    Run sent =
        send(
            "--to",
            "cn",
            "--precedence",
            "FLASH",
            "--channel",
            "military",
            "--template",
            "sighting",
            "--fields",
            fields.toString());
    assertThat(sent.exit()).as(sent.toString()).isZero();
    String id = sent.stdout().trim().split(" ")[0];
    Run shown = hotline("show", "--dir", us().toString(), "--json", id);
    assertThat(
            org.hotline.Json.mapper()
                .readTree(shown.stdout())
                .path("notification")
                .path("validity")
                .asText())
        .as(shown.toString())
        .isEqualTo("VALID");

    long outboxBefore = outboxCount();
    send(
            "--to",
            "cn",
            "--precedence",
            "FLASH",
            "--channel",
            "consular",
            "--template",
            "sighting",
            "--fields",
            fields.toString())
        .assertOneLineError("cn has not adopted template sighting on channel consular");
    send("--to", "cn", "--precedence", "FLASH", "--template", "sighting")
        .assertOneLineError("a formatted notification needs --template and --fields");
    send(
            "--to",
            "cn",
            "--precedence",
            "FLASH",
            "--template",
            "sighting",
            "--fields",
            fields.toString(),
            "--subject",
            "Balloon")
        .assertOneLineError("has --fields instead of --subject");
    hotline(
            "template",
            "adopt",
            "no-such-form",
            "--dir",
            us().toString(),
            "--channel",
            "military",
            "--to",
            "cn")
        .assertOneLineError("no template no-such-form on this node");
    assertThat(outboxCount()).as("nothing more was sent").isEqualTo(outboxBefore);
  }

  // ------------------------------------------------------------------ helpers

  /** Starts both nodes in this JVM from the directories the CLI made, once. */
  private void startNodes() {
    if (us == null) {
      us = Node.start(NodeHome.open(us()), Clock.systemUTC());
      cn = Node.start(NodeHome.open(cn()), Clock.systemUTC());
    }
  }

  private long outboxCount() {
    return new org.hotline.testing.Api(us.home(), us.apiPort())
        .get("/api/v1/messages?box=outbox&limit=1000")
        .body()
        .get("items")
        .size();
  }

  private void awaitDelivered(String id) throws InterruptedException {
    org.hotline.testing.Api api = new org.hotline.testing.Api(us.home(), us.apiPort());
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline
        && !api.get("/api/v1/messages/" + id).body().get("state").asText().equals("DELIVERED")) {
      Thread.sleep(20);
    }
  }

  /** A ROUTINE message to cn with an empty body on {@code channel}. */
  private Run sendOn(String channel) {
    return send(
        "--to",
        "cn",
        "--precedence",
        "ROUTINE",
        "--subject",
        "On " + channel,
        "--body",
        "",
        "--channel",
        channel);
  }

  private Run send(String... options) {
    List<String> args = new ArrayList<>(List.of("send", "--dir", us().toString()));
    args.addAll(List.of(options));
    return hotline(args.toArray(String[]::new));
  }

  private static Run hotline(String... args) {
    return CliRuns.hotline(dir, args);
  }
}
