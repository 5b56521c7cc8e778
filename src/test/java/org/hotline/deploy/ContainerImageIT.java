package org.hotline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hotline.Json;
import org.hotline.testing.Api;
import org.hotline.testing.Await;
import org.hotline.testing.Messaging;
import org.hotline.testing.Nodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The container image that {@code verify} builds (target/jib-image.tar, docs/operations.md §16),
 * started as a container runtime would start it, without one: its layers unpacked in order into a
 * root file system, then its entrypoint run there under {@code chroot} as the image's user, in new
 * mount and PID namespaces ({@code unshare}) with {@code /proc} and the four devices a JVM opens.
 * The network is the host's, so the node's ports are reached on loopback. It needs root (chroot,
 * mounts); without it the test is skipped outside CI and fails in CI, which runs as root.
 */
@Tag("slow")
class ContainerImageIT {
  /** Where failsafe says the image is (pom.xml). */
  static final Path IMAGE = Path.of(System.getProperty("hotline.image", "target/jib-image.tar"));

  /** The node's user and group in the image (scripts/image-base). */
  static final String USER = "10001:10001";

  static final String VOLUME = "/var/lib/hotline";

  /**
   * A JVM with Jetty, Flyway and SQLite starts in 2-3 s here; a loaded CI machine may take more.
   */
  static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  /** A clean shutdown stops the API, the outbox (up to 30 s with work pending) and the store. */
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(40);

  private final Path work = IMAGE.toAbsolutePath().resolveSibling("image-test");
  private final List<Process> started = new ArrayList<>();

  /** A container of the image: its unpacked root and the ports its node is given. */
  record Container(String party, Path root, int consolePort, int federationPort) {
    Path volume() {
      return root.resolve(VOLUME.substring(1));
    }

    String console() {
      return "http://127.0.0.1:" + consolePort;
    }

    String federation() {
      return "https://127.0.0.1:" + federationPort;
    }

    List<String> init(String name) {
      return List.of(
          "init",
          "--dir",
          VOLUME,
          "--party",
          party,
          "--name",
          name,
          "--console-port",
          Integer.toString(consolePort),
          "--federation-port",
          Integer.toString(federationPort));
    }
  }

  @BeforeEach
  void unpackTheImage() throws Exception {
    requireRoot();
    assertThat(IMAGE).as("the image built in pre-integration-test").isRegularFile();
    delete(work);
    Files.createDirectories(work);
    run(List.of(tool("tar"), "-xf", IMAGE.toString(), "-C", work.toString()));
  }

  @AfterEach
  void stopEverything() throws Exception {
    for (Process process : started) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    delete(work);
  }

  @Test
  void the_image_inits_and_serves_a_node_as_its_unprivileged_user_on_an_empty_volume()
      throws Exception {
    JsonNode config = config();
    assertThat(config.path("User").asText()).isEqualTo(USER);
    assertThat(config.path("Volumes").has(VOLUME))
        .as("volumes %s", config.path("Volumes"))
        .isTrue();
    assertThat(config.path("ExposedPorts").has("7443/tcp")).isTrue();
    assertThat(config.path("ExposedPorts").has("8080/tcp")).isTrue();
    assertThat(strings(config.path("Cmd"))).containsExactly("serve", "--dir", VOLUME);

    Container us = new Container("us", unpackLayers("us"), Nodes.freePort(), Nodes.freePort());
    Path volume = us.volume();
    assertThat(Files.getAttribute(volume, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(10001);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(volume)))
        .isEqualTo("rwx------");

    finish(us, config, us.init("United States"), "init");
    assertThat(Files.getAttribute(volume.resolve("hotline.db"), "unix:uid")).isEqualTo(10001);
    openTheConsoleAsDocumented(volume.resolve("hotline.json"));

    Process serve = serve(us, config);
    String base = us.console();
    HttpResponse<String> health = get(base + "/healthz");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(Json.mapper().readTree(health.body()).path("party").asText()).isEqualTo("us");
    HttpResponse<String> ready =
        Await.until(
            "/readyz answering 200",
            START_TIMEOUT,
            () -> get(base + "/readyz"),
            answer -> answer.statusCode() == 200);
    assertThat(ready.body()).contains("ready");

    ProcessHandle node = node(serve);
    assertThat(ids(node, "Uid")).containsOnly("10001");
    assertThat(ids(node, "Gid")).containsOnly("10001");

    node.destroy(); // SIGTERM, as docker stop sends
    assertThat(serve.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
        .as("the node stopped on SIGTERM")
        .isTrue();
    assertThat(read(errors(work.resolve("us-serve.log")))).contains("node us up");
  }

  /**
   * The sequence of deploy/compose.yaml, each node in a container of its own: init, identity cards
   * exchanged, each pins the other, both serve; then a message goes from one to the other over the
   * federation port's mutual TLS, with the image's own runtime on both ends, and comes back
   * receipted.
   */
  @Test
  void two_nodes_from_the_image_pair_and_deliver_a_message_over_mutual_tls() throws Exception {
    JsonNode config = config();
    Container us = new Container("us", unpackLayers("us"), Nodes.freePort(), Nodes.freePort());
    Container cn = new Container("cn", unpackLayers("cn"), Nodes.freePort(), Nodes.freePort());
    // Each step on both sides at once, as two parties would: the JVMs start side by side.
    together(
        () -> finish(us, config, us.init("United States"), "init"),
        () -> finish(cn, config, cn.init("China"), "init"));
    List<String> identity = List.of("identity", "--dir", VOLUME, "--json");
    List<String> cards =
        together(
            () -> finish(us, config, identity, "identity"),
            () -> finish(cn, config, identity, "identity"));
    together(() -> pin(cn, us, cards.get(0)), () -> pin(us, cn, cards.get(1)));
    List<Process> nodes = together(() -> serve(us, config), () -> serve(cn, config));
    Process usNode = nodes.get(0);
    Process cnNode = nodes.get(1);

    Api usApi = new Api(URI.create(us.console()), token(us));
    Api cnApi = new Api(URI.create(cn.console()), token(cn));
    String id = Messaging.send(usApi, "cn", List.of("Hello from the image")).get(0);
    Await.until(
        "message " + id + " to be DELIVERED at us",
        Messaging.DELIVERY_TIMEOUT,
        () -> usApi.get("/api/v1/messages/" + id),
        response -> "DELIVERED".equals(response.body().path("state").asText()));
    Api.Response received = cnApi.get("/api/v1/messages/" + id);
    assertThat(received.status()).as(received.raw().body()).isEqualTo(200);
    assertThat(received.body().path("body").asText()).isEqualTo("Hello from the image");
    String status =
        finishCommand(
            us,
            config,
            List.of("/opt/java/bin/java", "@/opt/hotline/cli", "status", "--dir", VOLUME),
            "status");
    assertThat(status).as("hotline status beside the node, as §16.1 runs it").contains("cn");
    assertThat(status).contains("delivered up to 1 of");

    for (Process serve : List.of(usNode, cnNode)) {
      node(serve).destroy();
      assertThat(serve.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }
  }

  /**
   * Runs {@code first} and {@code second} side by side and returns their results in that order; the
   * first failure is thrown.
   */
  private static <T> List<T> together(Callable<T> first, Callable<T> second) throws Exception {
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<T> one = executor.submit(first);
      Future<T> other = executor.submit(second);
      try {
        return List.of(one.get(), other.get());
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Error error) {
          throw error;
        }
        throw (Exception) e.getCause();
      }
    }
  }

  /** {@code pinner} pins {@code pinned} from its card, given to it as a file in its container. */
  private String pin(Container pinner, Container pinned, String card)
      throws IOException, InterruptedException {
    Path file = pinner.root().resolve("tmp").resolve(pinned.party() + ".card.json");
    Files.writeString(file, card);
    return finish(
        pinner,
        config(),
        List.of(
            "peer",
            "add",
            "--dir",
            VOLUME,
            "--card",
            "/tmp/" + pinned.party() + ".card.json",
            "--endpoint",
            pinned.federation()),
        "peer-add");
  }

  private static String token(Container container) throws IOException {
    return Files.readString(container.volume().resolve("api.token")).strip();
  }

  /**
   * Runs the image's entrypoint with {@code args} in {@code container} to its end, which must be
   * exit status 0; returns what it wrote on standard output.
   */
  private String finish(Container container, JsonNode config, List<String> args, String name)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(strings(config.path("Entrypoint")));
    command.addAll(args);
    return finishCommand(container, config, command, name);
  }

  /** Runs {@code command} in {@code container} to its end, as {@link #finish} does. */
  private String finishCommand(
      Container container, JsonNode config, List<String> command, String name)
      throws IOException, InterruptedException {
    Path log = work.resolve(container.party() + "-" + name + ".log");
    Process process = start(container.root(), config, command, log);
    assertThat(process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
        .as("%s %s ended", container.party(), command)
        .isTrue();
    assertThat(process.exitValue()).as("%s: %s", command, read(errors(log))).isZero();
    return Files.readString(log);
  }

  /** The image's default command in {@code container}, once its console answers /healthz. */
  private Process serve(Container container, JsonNode config) throws IOException {
    Path log = work.resolve(container.party() + "-serve.log");
    List<String> command = new ArrayList<>(strings(config.path("Entrypoint")));
    command.addAll(strings(config.path("Cmd")));
    Process serve = start(container.root(), config, command, log);
    Await.until(
        container.console() + "/healthz answering (log: " + log + ")",
        START_TIMEOUT,
        () -> {
          if (!serve.isAlive()) {
            throw new AssertionError("the node exited: " + read(errors(log)));
          }
          return get(container.console() + "/healthz");
        },
        answer -> answer.statusCode() == 200);
    return serve;
  }

  /**
   * The edit of docs/operations.md §16.1 that lets a console be published from a container: the
   * console on the container's addresses, in plain HTTP because only loopback reaches it here.
   */
  private static void openTheConsoleAsDocumented(Path config) throws IOException {
    String text = Files.readString(config);
    String edited =
        text.replace(
            "\"console_bind\" : \"127.0.0.1\",",
            "\"console_bind\" : \"0.0.0.0\", \"console_insecure_http\" : true,");
    assertThat(edited).as("hotline.json as init writes it: %s", text).isNotEqualTo(text);
    Files.writeString(config, edited);
  }

  /**
   * Skips (outside CI) or fails (in CI) when this is not root or unshare or chroot is missing:
   * unpacking the image with its owners, mounting and chroot all need root.
   */
  private static void requireRoot() throws IOException {
    Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    boolean tools =
        Stream.of("unshare", "chroot", "mount", "tar").allMatch(name -> find(name) != null);
    if (Integer.valueOf(0).equals(uid) && tools) {
      return;
    }
    String message =
        "the container image test unpacks the image and starts it with unshare and chroot, which"
            + " needs root and util-linux (uid "
            + uid
            + "); run ./mvnw verify as root, as CI does";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError("CI=true but " + message);
    }
    Assumptions.abort("skipped: " + message);
  }

  private JsonNode config() throws IOException {
    JsonNode manifest = Json.mapper().readTree(work.resolve("manifest.json").toFile());
    return Json.mapper()
        .readTree(work.resolve(manifest.path(0).path("Config").asText()).toFile())
        .path("config");
  }

  /**
   * A root file system made of the image's layers, each over the ones before it as a runtime stacks
   * them, with the owners they record.
   */
  private Path unpackLayers(String name) throws IOException {
    Path root = work.resolve(name);
    Files.createDirectories(root);
    JsonNode manifest = Json.mapper().readTree(work.resolve("manifest.json").toFile());
    for (String layer : strings(manifest.path(0).path("Layers"))) {
      run(
          List.of(
              tool("tar"),
              "--warning=no-unknown-keyword",
              "--numeric-owner",
              "--same-owner",
              "--same-permissions",
              "-xzf",
              work.resolve(layer).toString(),
              "-C",
              root.toString()));
    }
    try (Stream<Path> files = Files.walk(root)) {
      assertThat(files.filter(file -> file.getFileName().toString().startsWith(".wh.")))
          .as("whiteouts, which this unpacking does not apply")
          .isEmpty();
    }
    return root;
  }

  /**
   * {@code program} (a path in the image and its arguments) with the image's environment, as its
   * user, chrooted into the unpacked layers: new mount and PID namespaces get a fresh {@code /proc}
   * and a {@code /dev} with null, zero, random and urandom bound from the host, as a runtime
   * provides. The working directory is /, which the commands here do not depend on.
   */
  private Process start(Path root, JsonNode config, List<String> program, Path log)
      throws IOException {
    String script =
        "mount -t tmpfs -o mode=755 tmpfs \"$0/dev\" || exit 1\n"
            + "for device in null zero random urandom; do\n"
            + "  touch \"$0/dev/$device\" && mount --bind \"/dev/$device\" \"$0/dev/$device\" || exit 1\n"
            + "done\n"
            + "exec \"$CHROOT\" --userspec=\"$USERSPEC\" \"$0\" \"$@\"\n";
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            tool("unshare"),
            "--mount",
            "--pid",
            "--fork",
            "--kill-child",
            "--mount-proc=" + root.resolve("proc"),
            "/bin/sh",
            "-c",
            script,
            root.toString()));
    command.addAll(program);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    builder.environment().put("CHROOT", tool("chroot"));
    builder.environment().put("USERSPEC", config.path("User").asText());
    // The image's own environment, as the entrypoint sees it.
    for (String variable : strings(config.path("Env"))) {
      int equals = variable.indexOf('=');
      if (!variable.substring(0, equals).equals("PATH")) {
        builder.environment().put(variable.substring(0, equals), variable.substring(equals + 1));
      }
    }
    builder.redirectOutput(log.toFile()).redirectError(errors(log).toFile());
    Process process = builder.start();
    started.add(process);
    return process;
  }

  private static HttpResponse<String> get(String uri) {
    try (HttpClient client =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
      return client.send(
          HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The JVM among the entrypoint's processes (unshare forks, sh execs chroot, chroot execs it). */
  private static ProcessHandle node(Process serve) {
    return serve
        .descendants()
        .filter(process -> cmdline(process).contains("org.hotline.app.Main"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no node process under " + serve.pid()));
  }

  /** The real, effective, saved and file-system ids of a process ("Uid" or "Gid" in its status). */
  private static List<String> ids(ProcessHandle process, String which) throws IOException {
    for (String line :
        Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
      if (line.startsWith(which + ":")) {
        return List.of(line.substring(which.length() + 1).trim().split("\\s+"));
      }
    }
    throw new AssertionError("no " + which + " in the status of " + process.pid());
  }

  private static String cmdline(ProcessHandle process) {
    try {
      return new String(
          Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline")),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }

  private static void run(List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      assertThat(process.waitFor()).as(command + ": " + output).isZero();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String tool(String name) {
    String path = find(name);
    if (path == null) {
      throw new AssertionError(name + " is not installed");
    }
    return path;
  }

  private static String find(String name) {
    return Stream.of("/usr/bin", "/usr/sbin", "/bin", "/sbin")
        .map(directory -> Path.of(directory, name))
        .filter(Files::isExecutable)
        .map(Path::toString)
        .findFirst()
        .orElse(null);
  }

  /** Where a process's standard error goes, beside its standard output in {@code log}. */
  private static Path errors(Path log) {
    return log.resolveSibling(log.getFileName() + ".err");
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Deletes a tree without following links: the unpacked image holds links to its own files. */
  private static void delete(Path tree) throws IOException {
    if (!Files.exists(tree, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(tree)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
