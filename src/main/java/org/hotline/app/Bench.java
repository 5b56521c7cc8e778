package org.hotline.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hotline.Json;
import org.hotline.identity.PartyId;
import org.hotline.link.BatchLimits;

/**
 * {@code hotline bench}: two nodes as separate OS processes on loopback, driven through the API
 * like any client. Figures come from the sender's own records (time accepted, time its receipt was
 * stored), read from its database after each phase.
 *
 * <ol>
 *   <li>warm-up: W messages delivered as in the throughput run, not measured: until the JIT
 *       compiler has compiled the hot paths, its own threads take about half the CPU of the two
 *       nodes and each message runs slower;
 *   <li>throughput: N messages with 1 KiB bodies, submitted in batches by concurrent clients;
 *   <li>FLASH under backlog: FLASH messages sent while 100,000 ROUTINE messages drain;
 *   <li>idle link: single messages, one at a time.
 * </ol>
 *
 * <p>Wall-clock figures depend on what else the machine runs. So each phase also reports ratios
 * that do not: each node's CPU time per 1,000 messages delivered (read from the operating system
 * for each node process), and each node's fsyncs per message (its store's commits and write-ahead
 * log checkpoints, read from {@code GET /api/v1/links}), with the load average before and after
 * (docs/BENCHMARKS.md).
 */
final class Bench {
  /** Messages per API submission: one group commit on the sender. */
  private static final int SUBMISSION_SIZE = 500;

  /** Concurrent API clients: enough to keep the committer busy on two cores. */
  private static final int CLIENTS = 4;

  private static final int BACKLOG = 100_000;
  private static final int FLASH_PROBES = 50;
  private static final int IDLE_PROBES = 200;

  /** Every phase stops by itself; a phase that has not finished by then reports a failure. */
  private static final Duration PHASE_TIMEOUT = Duration.ofMinutes(10);

  /** A checkpoint of the write-ahead log syncs the log, then the database file. */
  private static final int FSYNCS_PER_CHECKPOINT = 2;

  private final HttpClient http = HttpClient.newHttpClient();
  private final Receipts receipts = new Receipts();

  /**
   * The sender's receipts as they are stored, from its event stream: the benchmark looks at what
   * was delivered when one comes, rather than asking the node every millisecond, which took a core
   * of the two for the API and the proof of each message it answered about.
   */
  private final class Receipts {
    /** The longest wait for a receipt event before looking anyway (a lost stream, say). */
    private static final long WAIT_MAX_MILLIS = 50;

    private final java.util.concurrent.Semaphore arrived = new java.util.concurrent.Semaphore(0);

    void listen(URI base, String bearer) {
      HttpRequest request =
          HttpRequest.newBuilder(base.resolve("/api/v1/events"))
              .header("Authorization", "Bearer " + bearer)
              .header("Accept", "text/event-stream")
              .build();
      Thread.ofVirtual()
          .name("bench-receipts")
          .start(
              () -> {
                try {
                  http.send(request, HttpResponse.BodyHandlers.ofLines())
                      .body()
                      .filter(
                          line ->
                              line.equals("event:link.receipt")
                                  || line.equals("event: link.receipt"))
                      .forEach(line -> arrived.release());
                } catch (IOException e) {
                  // the stream ended: the waits below time out and look anyway
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
    }

    void clear() {
      arrived.drainPermits();
    }

    void await() throws InterruptedException {
      if (arrived.tryAcquire(WAIT_MAX_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        arrived.drainPermits();
      }
    }
  }

  private final Map<String, Object> figures = new LinkedHashMap<>();
  private URI api;
  private String token;
  private Path database;

  /** The two node processes, sender first. */
  private final List<Measured> nodes = new ArrayList<>();

  /** A node process, with what the benchmark reads of it. */
  private record Measured(String name, Process process, URI api, String token) {}

  /** What is read of one node before and after each phase: CPU time (ms), store counters. */
  private record NodeSample(long cpuMillis, long commits, long checkpoints) {}

  /**
   * What is read before and after each phase: each node, in the order of {@link #nodes}; the
   * benchmark's own CPU time (ms); the load average.
   */
  private record Sample(List<NodeSample> nodes, long benchCpuMillis, double load) {}

  private Bench() {}

  static void run(int warmup, int messages, BatchLimits batches, boolean json) throws Exception {
    new Bench().execute(warmup, messages, batches, json);
  }

  private void execute(int warmup, int messages, BatchLimits batches, boolean json)
      throws Exception {
    Path root = Files.createTempDirectory("hotline-bench");
    Clock clock = Clock.systemUTC();
    NodeHome us =
        NodeHome.init(
            root.resolve("us"),
            PartyId.of("us"),
            "Bench US",
            "127.0.0.1",
            freePort(),
            freePort(),
            List.of(),
            clock);
    NodeHome cn =
        NodeHome.init(
            root.resolve("cn"),
            PartyId.of("cn"),
            "Bench CN",
            "127.0.0.1",
            freePort(),
            freePort(),
            List.of(),
            clock);
    AppOperations operations = new AppOperations();
    operations.addPeer(
        us.dir(),
        cn.card(),
        List.of(URI.create(cn.config().publicEndpoints().get(0))),
        org.hotline.link.Peer.Mode.PUSH);
    operations.addPeer(
        cn.dir(),
        us.card(),
        List.of(URI.create(us.config().publicEndpoints().get(0))),
        org.hotline.link.Peer.Mode.PUSH);
    configureBatches(us.dir(), batches);
    configureBatches(cn.dir(), batches);
    figures.put("batch_entries", batches.entries());
    figures.put("batch_window", batches.window());
    Process usProcess = spawn(us.dir(), root.resolve("us.log"));
    Process cnProcess = spawn(cn.dir(), root.resolve("cn.log"));
    nodes.add(new Measured("us", usProcess, us.apiBase(), us.token()));
    nodes.add(new Measured("cn", cnProcess, cn.apiBase(), cn.token()));
    try {
      api = us.apiBase();
      token = us.token();
      database = us.database();
      awaitHealthy(api);
      awaitHealthy(cn.apiBase());
      log(
          json,
          "nodes up ("
              + root
              + "), batches of "
              + batches.entries()
              + " entries, "
              + batches.window()
              + " in flight; throughput run of "
              + messages
              + " messages");
      receipts.listen(api, token);
      figures.put("warmup_messages", warmup);
      if (warmup > 0) {
        long warmupStart = System.nanoTime();
        submitAll("ROUTINE", warmup);
        awaitAllDelivered();
        figures.put("warmup_seconds", round((System.nanoTime() - warmupStart) / 1e9));
        log(json, "warm-up: " + warmup + " messages delivered, not measured");
      }
      Sample start = sample();
      figures.put("load_before", start.load());
      Sample afterThroughput = measured("throughput", start, messages, () -> throughput(messages));
      log(
          json,
          "throughput: "
              + figures.get("throughput_messages_per_second")
              + " messages/s delivered with receipt, "
              + figures.get("throughput_cpu_ms_per_1000_both")
              + " ms CPU per 1,000 (both nodes)");
      Sample afterFlash =
          measured(
              "flash_under_backlog",
              afterThroughput,
              BACKLOG + FLASH_PROBES,
              this::flashUnderBacklog);
      log(
          json,
          "FLASH under backlog: p50 "
              + figures.get("flash_under_backlog_p50_ms")
              + " ms, p99 "
              + figures.get("flash_under_backlog_p99_ms")
              + " ms");
      Sample end = measured("idle", afterFlash, IDLE_PROBES, this::idle);
      figures.put("load_after", end.load());
      figures.put(
          "machine",
          Runtime.getRuntime().availableProcessors()
              + " cores, "
              + System.getProperty("java.vm.name")
              + " "
              + System.getProperty("java.version"));
      if (json) {
        System.out.println(
            Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(figures));
      } else {
        figures.forEach((name, value) -> System.out.printf("%-44s %s%n", name, value));
      }
    } finally {
      usProcess.destroy();
      cnProcess.destroy();
      usProcess.waitFor();
      cnProcess.waitFor();
    }
  }

  /** A phase of the benchmark; it waits until all it sent is delivered. */
  private interface Phase {
    void run() throws Exception;
  }

  /**
   * Runs {@code phase}, which delivers {@code messages}, and adds its CPU, fsync and load figures
   * (prefixed with {@code name}) to those it reports itself; returns the sample taken after it.
   */
  private Sample measured(String name, Sample before, int messages, Phase phase) throws Exception {
    figures.put(name + "_load_before", before.load());
    phase.run();
    Sample after = sample();
    long cpuBoth = 0;
    for (int node = 0; node < nodes.size(); node++) {
      String suffix = "_" + nodes.get(node).name();
      NodeSample start = before.nodes().get(node);
      NodeSample end = after.nodes().get(node);
      long cpu = end.cpuMillis() - start.cpuMillis();
      long commits = end.commits() - start.commits();
      long checkpoints = end.checkpoints() - start.checkpoints();
      cpuBoth += cpu;
      figures.put(name + "_cpu_ms_per_1000" + suffix, perThousand(cpu, messages));
      figures.put(name + "_commits_per_message" + suffix, perMessage(commits, messages));
      figures.put(name + "_wal_checkpoints" + suffix, checkpoints);
      figures.put(
          name + "_fsyncs_per_message" + suffix,
          perMessage(commits + FSYNCS_PER_CHECKPOINT * checkpoints, messages));
    }
    figures.put(name + "_cpu_ms_per_1000_both", perThousand(cpuBoth, messages));
    figures.put(
        name + "_cpu_ms_per_1000_bench",
        perThousand(after.benchCpuMillis() - before.benchCpuMillis(), messages));
    figures.put(name + "_load_after", after.load());
    return after;
  }

  /** Reads each node's CPU time and store counters, this process's CPU time and the load. */
  private Sample sample() throws IOException, InterruptedException {
    List<NodeSample> samples = new ArrayList<>();
    for (Measured node : nodes) {
      long cpu = cpuMillis(node);
      JsonNode store = get(node.api(), node.token(), "/api/v1/links").get("store");
      samples.add(
          new NodeSample(
              cpu, store.get("commits").asLong(), store.get("wal_checkpoints").asLong()));
    }
    long benchCpu =
        ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
    return new Sample(samples, benchCpu, loadAverage());
  }

  /**
   * The node process's CPU time so far, user and system, all its threads (on Linux from {@code
   * /proc/PID/stat}).
   */
  private static long cpuMillis(Measured node) {
    return node.process()
        .toHandle()
        .info()
        .totalCpuDuration()
        .map(Duration::toMillis)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "cannot read the CPU time of node "
                        + node.name()
                        + (node.process().isAlive() ? "" : ": the process has stopped")));
  }

  /** The system's load average over the last minute, or NaN where the system gives none. */
  private static double loadAverage() {
    double load =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return load < 0 ? Double.NaN : round(load);
  }

  private static double perThousand(long millis, int messages) {
    return round(millis * 1000.0 / messages);
  }

  /** Ratios per message keep four decimals: under load they are thousandths. */
  private static double perMessage(long count, int messages) {
    return Math.round(count * 10_000.0 / messages) / 10_000.0;
  }

  /** Writes the batch limits into a node's configuration, as an operator would. */
  private static void configureBatches(Path dir, BatchLimits batches) {
    com.fasterxml.jackson.databind.node.ObjectNode config = NodeHome.readConfig(dir);
    config.put("batch_entries", batches.entries());
    config.put("batch_window", batches.window());
    NodeHome.writeConfig(dir, config);
  }

  private void throughput(int messages) throws Exception {
    long firstOrd = maxOrd();
    long start = System.nanoTime();
    submitAll("ROUTINE", messages);
    long accepted = System.nanoTime();
    awaitAllDelivered();
    long done = System.nanoTime();
    double seconds = (done - start) / 1e9;
    figures.put("throughput_messages", messages);
    figures.put("throughput_seconds", round(seconds));
    figures.put("throughput_messages_per_second", Math.round(messages / seconds));
    figures.put(
        "api_accept_messages_per_second", Math.round(messages / ((accepted - start) / 1e9)));
    double[] latencies = latenciesMillis("ord > " + firstOrd);
    figures.put("accept_to_receipt_p50_ms", percentile(latencies, 50));
    figures.put("accept_to_receipt_p99_ms", percentile(latencies, 99));
    figures.put("accept_to_receipt_p999_ms", percentile(latencies, 99.9));
  }

  private void flashUnderBacklog() throws Exception {
    long firstOrd = maxOrd();
    long start = System.nanoTime();
    submitAll("ROUTINE", BACKLOG);
    for (int i = 0; i < FLASH_PROBES; i++) {
      submitOne("FLASH");
      Thread.sleep(20);
    }
    long queuedAfter = queued();
    awaitAllDelivered();
    double seconds = (System.nanoTime() - start) / 1e9;
    figures.put("flash_under_backlog_seconds", round(seconds));
    figures.put(
        "flash_under_backlog_messages_per_second", Math.round((BACKLOG + FLASH_PROBES) / seconds));
    double[] latencies = latenciesMillis("ord > " + firstOrd + " AND precedence_rank = 0");
    figures.put("flash_probes", latencies.length);
    figures.put("routine_still_queued_after_last_flash", queuedAfter);
    figures.put("flash_under_backlog_p50_ms", percentile(latencies, 50));
    figures.put("flash_under_backlog_p99_ms", percentile(latencies, 99));
  }

  private void idle() throws Exception {
    long firstOrd = maxOrd();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
        PreparedStatement state =
            connection.prepareStatement("SELECT state FROM messages_read WHERE id = ?")) {
      for (int i = 0; i < IDLE_PROBES; i++) {
        receipts.clear();
        String id = submitOne("PRIORITY");
        state.setString(1, id);
        long deadline = System.nanoTime() + PHASE_TIMEOUT.toNanos();
        while (!delivered(state)) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("idle message " + id + " not delivered");
          }
          receipts.await();
        }
      }
    }
    double[] latencies = latenciesMillis("ord > " + firstOrd);
    figures.put("idle_probes", latencies.length);
    figures.put("idle_p50_ms", percentile(latencies, 50));
    figures.put("idle_p99_ms", percentile(latencies, 99));
  }

  private void submitAll(String precedence, int count) throws Exception {
    String body = "x".repeat(1024);
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int offset = 0; offset < count; offset += SUBMISSION_SIZE) {
        int size = Math.min(SUBMISSION_SIZE, count - offset);
        int first = offset;
        futures.add(
            clients.submit(
                () -> {
                  List<Map<String, String>> batch = new ArrayList<>(size);
                  for (int i = 0; i < size; i++) {
                    batch.add(
                        Map.of(
                            "to",
                            "cn",
                            "precedence",
                            precedence,
                            "status",
                            "TEST",
                            "subject",
                            "bench " + (first + i),
                            "body",
                            body));
                  }
                  post("/api/v1/messages/batch", Map.of("messages", batch));
                  return null;
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      clients.shutdown();
    }
  }

  private String submitOne(String precedence) throws Exception {
    JsonNode accepted =
        post(
            "/api/v1/messages",
            Map.of(
                "to",
                "cn",
                "precedence",
                precedence,
                "status",
                "TEST",
                "subject",
                "probe",
                "body",
                "x".repeat(1024)));
    return accepted.get("id").asText();
  }

  /** Whether the message {@code state} selects is DELIVERED, read from the sender's database. */
  private static boolean delivered(PreparedStatement state) throws SQLException {
    try (ResultSet rs = state.executeQuery()) {
      return rs.next() && rs.getString(1).equals("DELIVERED");
    }
  }

  /**
   * Waits until the sender has nothing queued and a receipt for all it sequenced, looking in its
   * database when a receipt comes. Not through {@code GET /api/v1/links}: that view counts the
   * queue and the unanswered messages, and asked at every receipt it took a quarter of the sender's
   * CPU in this benchmark, where no message is ever answered.
   */
  private void awaitAllDelivered() throws Exception {
    long deadline = System.nanoTime() + PHASE_TIMEOUT.toNanos();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
        PreparedStatement undelivered =
            connection.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM queue)"
                    + " OR EXISTS (SELECT 1 FROM logs WHERE log = ? AND size > receipted_size)")) {
      undelivered.setString(
          1, new org.hotline.identity.LogOrigin(PartyId.of("us"), PartyId.of("cn")).text());
      while (System.nanoTime() < deadline) {
        receipts.clear();
        try (ResultSet rs = undelivered.executeQuery()) {
          if (rs.getInt(1) == 0) {
            return;
          }
        }
        receipts.await();
      }
    }
    throw new IllegalStateException("messages not delivered within " + PHASE_TIMEOUT);
  }

  private long queued() throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
        ResultSet rs = connection.createStatement().executeQuery("SELECT count(*) FROM queue")) {
      return rs.getLong(1);
    }
  }

  private JsonNode get(URI base, String bearer, String path)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(path))
            .header("Authorization", "Bearer " + bearer)
            .build();
    return check(http.send(request, HttpResponse.BodyHandlers.ofByteArray()));
  }

  private JsonNode post(String path, Object body) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(api.resolve(path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body)))
            .build();
    return check(http.send(request, HttpResponse.BodyHandlers.ofByteArray()));
  }

  private static JsonNode check(HttpResponse<byte[]> response) throws IOException {
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(
          "API answered "
              + response.statusCode()
              + ": "
              + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
    }
    return Json.mapper().readTree(response.body());
  }

  private long maxOrd() throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
        ResultSet rs =
            connection
                .createStatement()
                .executeQuery("SELECT coalesce(max(ord), 0) FROM messages")) {
      return rs.getLong(1);
    }
  }

  private double[] latenciesMillis(String where) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT delivered_at - accepted_at FROM messages_read WHERE direction = 'out' AND delivered_at IS NOT NULL AND "
                    + where);
        ResultSet rs = statement.executeQuery()) {
      List<Double> values = new ArrayList<>();
      while (rs.next()) {
        values.add(rs.getLong(1) / 1000.0);
      }
      double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
      Arrays.sort(sorted);
      return sorted;
    }
  }

  private static double percentile(double[] sorted, double percentile) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
    return round(sorted[Math.max(0, Math.min(sorted.length - 1, index))]);
  }

  private static double round(double value) {
    return Math.round(value * 100.0) / 100.0;
  }

  private static void log(boolean json, String line) {
    if (!json) {
      System.err.println("bench: " + line);
    }
  }

  private static Process spawn(Path dir, Path log) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
    String extra = System.getenv("HOTLINE_BENCH_JVM_OPTIONS");
    if (extra != null && !extra.isBlank()) {
      command.addAll(
          Arrays.asList(
              extra.replace("{node}", dir.getFileName().toString()).trim().split("\\s+")));
    }
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "serve",
            "--dir",
            dir.toString()));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    return builder.start();
  }

  private static void awaitHealthy(URI base) throws InterruptedException {
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (client
                .send(
                    HttpRequest.newBuilder(base.resolve("/healthz")).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("node at " + base + " did not start");
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
