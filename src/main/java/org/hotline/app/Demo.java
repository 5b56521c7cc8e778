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
import java.util.Map;
import org.hotline.crisis.ObjectType;
import org.hotline.identity.PartyId;
import org.hotline.link.Peer;
import org.hotline.link.entry.ChangeEntry;
import org.hotline.link.entry.Draft;
import org.hotline.link.entry.EntryCodec;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.link.entry.StatusFlag;

/**
 * {@code hotline demo}: two nodes, {@code us} and {@code cn}, set up, paired and started in one
 * process, with a short exercise scenario exchanged. A second run reuses the same data.
 */
final class Demo {
  private Demo() {}

  /**
   * Sets up (on the first run) and starts both nodes; on the first run also pairs them and seeds
   * the exercise: messages, then the shared crisis objects.
   */
  static Started start(Path dir, Clock clock) throws InterruptedException {
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
    return new Started(usHome, us, cnHome, cn, fresh, password);
  }

  /** The two nodes of a started demo, with their homes and the console password. */
  record Started(NodeHome usHome, Node us, NodeHome cnHome, Node cn, boolean fresh, String password)
      implements AutoCloseable {
    @Override
    public void close() {
      cn.close();
      us.close();
    }
  }

  static void run(Path dir, Clock clock) throws InterruptedException {
    Started started = start(dir, clock);
    NodeHome usHome = started.usHome();
    NodeHome cnHome = started.cnHome();
    Node us = started.us();
    Node cn = started.cn();
    boolean fresh = started.fresh();
    String password = started.password();
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
    System.out.printf(
        "      curl -H \"Authorization: Bearer $(cat %s)\" http://127.0.0.1:%d/api/v1/incidents%n",
        dir.resolve("us").resolve(NodeHome.API_TOKEN), us.apiPort());
    System.out.println(
        "      (an EXERCISE crisis: two incidents, three commitments, two concerns, four formatted"
            + " notifications, and cn's translation of a reply; docs/crisis.md,"
            + " docs/notifications.md)");
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

  /** How long the seeding waits for the other node to receive what it must answer or act on. */
  private static final java.time.Duration DELIVERY_WAIT = java.time.Duration.ofSeconds(10);

  private static void seed(Node us, Node cn) throws InterruptedException {
    PartyId usId = PartyId.of("us");
    PartyId cnId = PartyId.of("cn");
    submit(
        us,
        new Draft(
            cnId,
            Precedence.ROUTINE,
            StatusFlag.TEST,
            "Link test 0600Z",
            "Routine link test. Please confirm reception.",
            "en",
            null));
    MessageId aerial =
        submit(
            cn,
            new Draft(
                usId,
                Precedence.IMMEDIATE,
                StatusFlag.EXERCISE,
                "EXERCISE 演习: 海南岛上空不明高空物体 / unidentified high-altitude object over Hainan",
                "演习 EXERCISE 演习\n0412Z 我方防空部队在海南岛上空 18000 米发现一个不明高空气球，航向 085，速度 40 公里/小时，"
                    + "位置北纬 19.2 度、东经 109.7 度。请贵方说明其来源和用途。\n"
                    + "EXERCISE. At 0412Z our air defence tracked an unidentified high-altitude balloon at 18,000 m over Hainan, "
                    + "heading 085, speed 40 km/h, position 19.2N 109.7E. We request information on its origin and purpose.\n"
                    + "演习 EXERCISE 演习",
                "zh-Hans",
                null));
    MessageId launch =
        submit(
            cn,
            new Draft(
                usId,
                Precedence.PRIORITY,
                StatusFlag.EXERCISE,
                "EXERCISE: notification of planned space launch",
                "演习 EXERCISE. 我方将于 0900Z 至 1100Z 从文昌发射场进行航天发射。落区坐标见附表。\n"
                    + "EXERCISE. We will conduct a space launch from Wenchang between 0900Z and 1100Z. Impact areas as in the annex.",
                "zh-Hans",
                null));
    submit(
        cn,
        new Draft(
            usId,
            Precedence.FLASH,
            StatusFlag.EXERCISE,
            "EXERCISE: unplanned encounter at sea",
            "EXERCISE. At 0520Z a destroyer and a frigate closed to 300 m in the South China Sea. We propose an immediate call "
                + "between duty officers to prevent escalation.",
            "en",
            null));
    MessageId consular =
        submit(
            us,
            new Draft(
                cnId,
                Precedence.IMMEDIATE,
                StatusFlag.EXERCISE,
                "EXERCISE: detained national, request for consular access",
                "EXERCISE EXERCISE EXERCISE\nWe have been informed that a US national, an engineer aged 34, was detained in "
                    + "Guangzhou at 2200Z yesterday. Under Article 36 of the Vienna Convention on Consular Relations we request "
                    + "the grounds for the detention and consular access within 72 hours.\nEXERCISE EXERCISE EXERCISE",
                "en",
                null));
    if (!await(() -> us.links().message(aerial).isPresent())) {
      return;
    }
    MessageId reply =
        submit(
            us,
            new Draft(
                cnId,
                Precedence.IMMEDIATE,
                StatusFlag.EXERCISE,
                "Re: EXERCISE: unidentified high-altitude object over Hainan",
                "EXERCISE. The object is a civilian meteorological balloon of a US research institute that drifted off"
                    + " course. We will share our tracking data.",
                "en",
                aerial));
    if (!await(() -> cn.links().message(reply).isPresent())) {
      return;
    }
    try {
      seedCrisis(us, cn, aerial, reply, launch, consular);
    } catch (org.hotline.HotlineException e) {
      System.err.println("The crisis exercise was not seeded: " + e.getMessage());
    }
  }

  private static MessageId submit(Node node, Draft draft) {
    return node.links().outbox().submit(List.of(draft)).get(0).id();
  }

  /**
   * The shared crisis objects of the exercise (issue 12 item 8, docs/crisis.md), made through each
   * node's {@link org.hotline.crisis.Crisis} as its console users would, each party writing in its
   * own language, then the channels ({@link #seedChannels}).
   */
  private static void seedCrisis(
      Node us, Node cn, MessageId aerial, MessageId reply, MessageId launch, MessageId consular)
      throws InterruptedException {
    PartyId usId = PartyId.of("us");
    PartyId cnId = PartyId.of("cn");
    if (!await(() -> readsChanges(us, cnId) && readsChanges(cn, usId))) {
      System.err.println(
          "The crisis exercise was not seeded: the nodes did not learn what the other reads");
      return;
    }
    MessageId object =
        change(
            cn,
            usId,
            ObjectType.INCIDENT,
            null,
            "open",
            Map.of(
                "title",
                "EXERCISE 演习 — 海南岛上空不明高空物体 / Unidentified high-altitude object over Hainan",
                "summary",
                "演习。0412Z 我方防空部队在海南岛上空 18000 米发现一个不明高空气球。美方答复称，这是一个偏离航线的民用气象气球，并将提供跟踪数据。",
                "severity",
                3L,
                "messages",
                List.of(aerial.toString(), reply.toString())),
            OFFICER);
    change(cn, usId, ObjectType.INCIDENT, object, "state", Map.of("state", "ACTIVE"), OFFICER);
    change(cn, usId, ObjectType.INCIDENT, object, "lead", Map.of("user", "officer"), OFFICER);
    if (!await(() -> holds(us, cnId, "incident/" + object))) {
      return;
    }
    change(us, cnId, ObjectType.INCIDENT, object, "severity", Map.of("severity", 4L), OFFICER);
    change(us, cnId, ObjectType.INCIDENT, object, "lead", Map.of("user", "officer"), OFFICER);
    change(
        us,
        cnId,
        ObjectType.INCIDENT,
        object,
        "note",
        Map.of(
            "text",
            "We assess severity 4 until the balloon's track is reconciled with our launch records."),
        OFFICER);
    MessageId tracking =
        propose(
            us,
            cnId,
            "us",
            "Share the balloon's tracking data (positions, altitudes and times from launch to loss"
                + " of contact).",
            java.time.Duration.ofHours(24),
            object);
    if (!await(() -> holds(cn, usId, "commitment/" + tracking))) {
      return;
    }
    change(cn, usId, ObjectType.COMMITMENT, tracking, "agree", Map.of(), RELEASER);

    MessageId detained =
        change(
            us,
            cnId,
            ObjectType.INCIDENT,
            null,
            "open",
            Map.of(
                "title",
                "EXERCISE — Detained national: consular notification",
                "summary",
                "EXERCISE. A US national was detained in Guangzhou at 2200Z yesterday. We have"
                    + " requested the grounds for the detention and consular access within 72 hours.",
                "severity",
                3L,
                "messages",
                List.of(consular.toString())),
            OFFICER);
    propose(
        us,
        cnId,
        "cn",
        "Grant US consular officers access to the detained national.",
        java.time.Duration.ofDays(3), // 72 hours
        detained);

    change(
        us,
        cnId,
        ObjectType.CONCERN,
        null,
        "raise",
        Map.of(
            "title",
            "Precursor chemicals",
            "summary",
            "Shipments of fentanyl precursor chemicals to third countries, and the controls on them."),
        OFFICER);
    MessageId flights =
        change(
            cn,
            usId,
            ObjectType.CONCERN,
            null,
            "raise",
            Map.of(
                "title",
                "演习区域附近的民航航班 / Commercial flights near the exercise area",
                "summary",
                "演习和航天发射期间，民航航班应避开有关空域。"),
            OFFICER);
    change(
        cn,
        usId,
        ObjectType.CONCERN,
        flights,
        "link",
        Map.of("message", launch.toString()),
        OFFICER);
    propose(
        us,
        cnId,
        "cn",
        "Resume military-to-military talks: the defence policy coordination talks and the maritime"
            + " consultations.",
        java.time.Duration.ofDays(30),
        null);
    seedNotifications(us, cn, usId, cnId, object);
    seedChannels(us, cn, usId, cnId);
    seedTranslation(cn, reply);
  }

  /**
   * The formatted notifications of the exercise (docs/notifications.md §7): each party's
   * administrator adopts, for its own receiving side, the templates it reads from the other, then
   * cn reports the balloon (in Chinese, linked into the incident), notifies its launch and the
   * detention of a US national, and us gives notice of a precursor seizure. None is on {@code
   * military} towards cn, which cn suspends afterwards ({@link #seedChannels}).
   */
  private static void seedNotifications(
      Node us, Node cn, PartyId usId, PartyId cnId, MessageId incident)
      throws InterruptedException {
    adopt(us, cnId, "military", "aerial-object-sighting");
    adopt(us, cnId, "consular", "consular-detention");
    adopt(us, cnId, "notifications", "launch-notification");
    adopt(cn, usId, "notifications", "precursor-interdiction");
    adopt(cn, usId, "notifications", "cyber-incident");
    if (!await(
        () ->
            cn.crisis().state(usId).adopted(usId, "notifications").size() == 1
                && cn.crisis().state(usId).adopted(usId, "military").size() == 1
                && cn.crisis().state(usId).adopted(usId, "consular").size() == 1
                && us.crisis().state(cnId).adopted(cnId, "notifications").size() == 2)) {
      System.err.println(
          "The formatted notifications were not seeded: the adoptions did not arrive");
      return;
    }
    java.time.Instant now = cn.crisis().now();
    java.time.LocalDate today = now.atOffset(java.time.ZoneOffset.UTC).toLocalDate();
    Map<String, Object> sighting = new java.util.LinkedHashMap<>();
    sighting.put("observed_at", at(lastAt(now, 4, 12)));
    sighting.put("position", "19.200000,109.700000");
    sighting.put("altitude", 18000L);
    sighting.put("heading", 85L);
    sighting.put("speed", 40L);
    sighting.put("observed_by", "radar");
    sighting.put("description", "演习。白色球形高空气球，直径约 30 米，下挂载荷，随风向东漂移。");
    sighting.put("actions_taken", "防空雷达持续跟踪；两架战斗机起飞识别；未使用武器。");
    MessageId reported =
        notify(
            cn, usId, "aerial-object-sighting", "military", Precedence.IMMEDIATE, sighting, "zh");
    Map<String, Object> launch = new java.util.LinkedHashMap<>();
    java.time.LocalDate launchDay = today.plusDays(2);
    launch.put("launch_kind", "space");
    launch.put("planned_date", launchDay.toString());
    launch.put("window_opens", at(launchDay.atTime(9, 0).toInstant(java.time.ZoneOffset.UTC)));
    launch.put("window_closes", at(launchDay.atTime(11, 0).toInstant(java.time.ZoneOffset.UTC)));
    launch.put("launch_area", "Wenchang Space Launch Site, Hainan");
    launch.put("launch_position", "19.614500,110.951000");
    launch.put("impact_area", "First stage falls in a sea area east of Hainan, 600 km downrange");
    launch.put("impact_position", "17.900000,115.800000");
    launch.put("impact_radius", 40L);
    launch.put("remarks", "EXERCISE. Communications satellite to geostationary transfer orbit.");
    notify(cn, usId, "launch-notification", "notifications", Precedence.PRIORITY, launch, "en");
    Map<String, Object> detention = new java.util.LinkedHashMap<>();
    detention.put("family_name", "Miller");
    detention.put("given_names", "Daniel James");
    detention.put("date_of_birth", "1992-03-18");
    detention.put("nationality", "USA");
    detention.put("document_kind", "passport");
    detention.put("document_number", "X00000000");
    detention.put(
        "detained_at", at(today.minusDays(1).atTime(22, 0).toInstant(java.time.ZoneOffset.UTC)));
    detention.put(
        "place_of_detention", "Guangzhou Municipal Public Security Bureau detention centre");
    detention.put(
        "grounds",
        "EXERCISE. Suspected violation of the exit and entry regulations: photographing a military"
            + " installation.");
    detention.put("consular_access_requested", true);
    notify(cn, usId, "consular-detention", "consular", Precedence.IMMEDIATE, detention, "en");
    Map<String, Object> seizure = new java.util.LinkedHashMap<>();
    seizure.put("substance", "4-anilino-N-phenethylpiperidine (4-ANPP)");
    seizure.put("cas_number", "21409-26-7");
    seizure.put("quantity", 25000L);
    seizure.put(
        "seized_at", at(today.minusDays(3).atTime(15, 30).toInstant(java.time.ZoneOffset.UTC)));
    seizure.put("seizure_place", "Port of Long Beach, California, container terminal");
    seizure.put("seizure_position", "33.754200,-118.216500");
    seizure.put(
        "route",
        List.of(
            Map.of("place", "Port of Shenzhen (Yantian)", "country", "CHN", "role", "origin"),
            Map.of("place", "Port of Long Beach", "country", "USA", "role", "destination")));
    seizure.put(
        "remarks",
        "EXERCISE. Declared as an industrial solvent; the consignee is a company with no known"
            + " business address. We ask for the exporter's licence records.");
    notify(us, cnId, "precursor-interdiction", "notifications", Precedence.PRIORITY, seizure, "en");
    change(
        cn,
        usId,
        ObjectType.INCIDENT,
        incident,
        "link-message",
        Map.of("message", reported.toString()),
        OFFICER);
  }

  /** {@code node}'s administrator adopts the shipped template {@code id} on {@code channel}. */
  private static void adopt(Node node, PartyId peer, String channel, String id) {
    node.crisis()
        .changeChannel(
            peer,
            channel,
            "adopt",
            Map.of(
                "template",
                org.hotline.notice.TemplateCatalog.shipped(id).orElseThrow().canonical()),
            ADMIN.name(),
            ADMIN.role());
  }

  /**
   * Sends an EXERCISE formatted notification as the console does: made and checked by the crisis
   * layer, its free text in {@code language}, submitted to the outbox; returns its id.
   */
  private static MessageId notify(
      Node node,
      PartyId to,
      String template,
      String channel,
      Precedence precedence,
      Map<String, Object> values,
      String language) {
    String fields;
    try {
      fields = org.hotline.Json.mapper().writeValueAsString(values);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("the demo's values are plain JSON", e);
    }
    Draft made =
        node.crisis()
            .formattedNotification(
                to, template, null, channel, precedence, StatusFlag.EXERCISE, fields);
    return submit(node, made.withLanguage(language));
  }

  /** The latest instant at {@code hour}:{@code minute} UTC no later than {@code now}. */
  private static java.time.Instant lastAt(java.time.Instant now, int hour, int minute) {
    java.time.OffsetDateTime utc = now.atOffset(java.time.ZoneOffset.UTC);
    java.time.OffsetDateTime at =
        utc.withHour(hour).withMinute(minute).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
    return (at.isAfter(utc) ? at.minusDays(1) : at).toInstant();
  }

  /** An instant as a template's {@code date-time} field holds it (RFC 3339, UTC). */
  private static String at(java.time.Instant instant) {
    return EntryCodec.timestamp(instant);
  }

  /**
   * How cn read us's reply, in Chinese (docs/notifications.md, translations): us's console shows it
   * as read by cn beside the original, which stays the authoritative text.
   */
  private static void seedTranslation(Node cn, MessageId reply) {
    cn.crisis()
        .translate(
            reply,
            Map.of("language", "zh", "text", "演习。该物体是美国一家研究机构的民用气象气球，偏离了航线。我们将分享跟踪数据。"),
            OFFICER.name(),
            OFFICER.role());
  }

  /**
   * The channels of the exercise: {@code leaders} agreed not suspendable (us proposes, cn's
   * administrator accepts), and cn suspends {@code military} for its receiving side, the talks the
   * commitment above proposes to resume.
   */
  private static void seedChannels(Node us, Node cn, PartyId usId, PartyId cnId)
      throws InterruptedException {
    Map<String, Object> leaders = new java.util.TreeMap<>();
    leaders.put("description", org.hotline.crisis.Channel.DEFAULTS.get("leaders"));
    leaders.put("precedences", List.of("FLASH", "IMMEDIATE", "PRIORITY", "ROUTINE"));
    leaders.put("suspendable", "false");
    MessageId proposal =
        us.crisis()
            .changeChannel(cnId, "leaders", "propose", leaders, ADMIN.name(), ADMIN.role())
            .change()
            .id();
    if (!await(
        () ->
            cn.crisis()
                .state(usId)
                .channel("leaders")
                .flatMap(org.hotline.crisis.Channel::proposal)
                .isPresent())) {
      System.err.println(
          "The channels of the exercise were not seeded: the proposal did not arrive");
      return;
    }
    cn.crisis()
        .changeChannel(
            usId,
            "leaders",
            "accept",
            Map.of("proposal", proposal.toString()),
            ADMIN.name(),
            ADMIN.role());
    cn.crisis()
        .changeChannel(
            usId,
            "military",
            "suspend",
            Map.of("reason", "Military-to-military talks suspended pending review"),
            RELEASER.name(),
            RELEASER.role());
  }

  /**
   * {@code node}'s officer proposes that {@code owedBy} do {@code what} within {@code due}, for
   * {@code incident} if not null; returns the commitment's id.
   */
  private static MessageId propose(
      Node node,
      PartyId peer,
      String owedBy,
      String what,
      java.time.Duration due,
      MessageId incident) {
    Map<String, Object> data = new java.util.TreeMap<>();
    data.put("owed_by", owedBy);
    data.put("what", what);
    data.put("due", dueIn(node, due));
    if (incident != null) {
      data.put("incident", incident.toString());
    }
    return change(node, peer, ObjectType.COMMITMENT, null, "propose", data, OFFICER);
  }

  /** A console user of the demo, with the role its name says. */
  private record User(String name, org.hotline.console.Role role) {}

  private static final User OFFICER = new User("officer", org.hotline.console.Role.DUTY_OFFICER);
  private static final User ADMIN = new User("admin", org.hotline.console.Role.ADMINISTRATOR);
  private static final User RELEASER =
      new User("releaser", org.hotline.console.Role.RELEASING_OFFICER);

  /**
   * Makes a change on {@code node}'s link with {@code peer}; returns its id (a new object's id).
   */
  private static MessageId change(
      Node node,
      PartyId peer,
      ObjectType type,
      MessageId object,
      String op,
      Map<String, Object> data,
      User user) {
    return node.crisis()
        .change(
            peer, type, java.util.Optional.ofNullable(object), op, data, user.name(), user.role())
        .change()
        .id();
  }

  private static boolean readsChanges(Node node, PartyId peer) {
    return node.links().capabilities().of(peer).kinds().contains(ChangeEntry.KIND);
  }

  private static boolean holds(Node node, PartyId peer, String name) {
    return node.crisis().state(peer).object(name).isPresent();
  }

  /** A due time {@code after} from now on {@code node}'s clock, to the minute. */
  private static String dueIn(Node node, java.time.Duration after) {
    return EntryCodec.timestamp(
        node.crisis().now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).plus(after));
  }

  /** Waits, up to {@link #DELIVERY_WAIT}, until {@code condition} holds; false if it never did. */
  private static boolean await(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + DELIVERY_WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }
}
