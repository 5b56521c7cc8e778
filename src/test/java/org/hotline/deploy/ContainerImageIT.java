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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hotline.Json;
import org.hotline.testing.Await;
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
  private final Path root = work.resolve("rootfs");
  private final List<Process> started = new ArrayList<>();

  @BeforeEach
  void unpackTheImage() throws Exception {
    requireRoot();
    assertThat(IMAGE).as("the image built in pre-integration-test").isRegularFile();
    delete(work);
    Files.createDirectories(root);
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

    unpackLayers();
    Path volume = root.resolve(VOLUME.substring(1));
    assertThat(Files.getAttribute(volume, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(10001);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(volume)))
        .isEqualTo("rwx------");

    int consolePort = Nodes.freePort();
    int federationPort = Nodes.freePort();
    Path initLog = work.resolve("init.log");
    Process init =
        start(
            config,
            List.of(
                "init",
                "--dir",
                VOLUME,
                "--party",
                "us",
                "--name",
                "United States",
                "--console-port",
                Integer.toString(consolePort),
                "--federation-port",
                Integer.toString(federationPort)),
            initLog);
    assertThat(init.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("init ended").isTrue();
    assertThat(init.exitValue()).as(Files.readString(initLog)).isZero();
    assertThat(Files.getAttribute(volume.resolve("hotline.db"), "unix:uid")).isEqualTo(10001);
    openTheConsoleAsDocumented(volume.resolve("hotline.json"));

    Path serveLog = work.resolve("serve.log");
    Process serve = start(config, strings(config.path("Cmd")), serveLog);
    String base = "http://127.0.0.1:" + consolePort;
    HttpResponse<String> health = awaitAnswer(base + "/healthz", serve, serveLog);
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
    assertThat(Files.readString(serveLog)).contains("node us up");
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

  /** Each layer over the ones before it, as a runtime stacks them, with the owners it records. */
  private void unpackLayers() throws IOException {
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
  }

  /**
   * The image's entrypoint with {@code args}, its environment and working directory, as its user,
   * chrooted into the unpacked layers: new mount and PID namespaces get a fresh {@code /proc} and a
   * {@code /dev} with null, zero, random and urandom bound from the host, as a runtime provides.
   */
  private Process start(JsonNode config, List<String> args, Path log) throws IOException {
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
    command.addAll(strings(config.path("Entrypoint")));
    command.addAll(args);
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
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    Process process = builder.start();
    started.add(process);
    return process;
  }

  private static HttpResponse<String> awaitAnswer(String uri, Process serve, Path log) {
    return Await.until(
        uri + " answering (log: " + log + ")",
        START_TIMEOUT,
        () -> {
          if (!serve.isAlive()) {
            throw new AssertionError("the node exited: " + read(log));
          }
          return get(uri);
        },
        answer -> answer != null);
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
