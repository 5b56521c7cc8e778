package org.hotline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.testing.Api;
import org.hotline.testing.Await;
import org.hotline.testing.BackupArchives;
import org.hotline.testing.Cli;
import org.hotline.testing.Messaging;
import org.hotline.testing.Nodes;
import org.hotline.testing.SqliteFile;
import org.hotline.testing.Traffic;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hotline backup} and {@code hotline restore}, the real commands in child JVMs as an
 * operator runs them (docs/operations.md §10): a backup of a node that is exchanging messages with
 * its peer over HTTPS restores into a directory that verifies and starts as the same node, holding
 * everything delivered before the backup; the archive and the restored secrets are the owner's only
 * under a permissive umask; an existing archive is kept unless {@code --force}; wrong input is one
 * line, a non-zero exit and nothing written.
 */
@Tag("slow")
@Timeout(300)
class BackupRestoreTest {
  private static final String OWNER_ONLY = "rw-------";
  private static final String OWNER_ONLY_DIRECTORY = "rwx------";

  /** Messages each way delivered, and receipted, before the backup begins. */
  private static final int MESSAGES_BEFORE_BACKUP = 20;

  /** Messages each way the load has had accepted before the backup starts: it is under way. */
  private static final int LOAD_BEFORE_BACKUP = 10;

  /** Stops the load if the backup never ends. */
  private static final int LOAD_MESSAGES_MAX = 5_000;

  private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(60);

  private static final Pattern MANIFEST_SHA256 = Pattern.compile("manifest sha256 ([0-9a-f]{64})");

  @TempDir Path dir;

  @Test
  void
      a_backup_taken_while_two_nodes_exchange_messages_restores_a_node_that_verifies_and_holds_every_message_delivered_before_it()
          throws IOException {
    NodeHome usHome = Nodes.init(dir, "us");
    NodeHome cnHome = Nodes.init(dir, "cn");
    Path archive = dir.resolve("us.backup");
    List<String> sentByUs;
    List<String> sentByCn;
    Cli.Run backup;
    try (Node us = Nodes.start(usHome);
        Node cn = Nodes.start(cnHome)) {
      Nodes.pair(us, cn);
      Api usApi = new Api(us.home(), us.apiPort());
      Api cnApi = new Api(cn.home(), cn.apiPort());
      sentByUs = Messaging.send(usApi, "cn", bodies("us to cn"));
      sentByCn = Messaging.send(cnApi, "us", bodies("cn to us"));
      Messaging.awaitDelivered(usApi, "cn", MESSAGES_BEFORE_BACKUP);
      Messaging.awaitDelivered(cnApi, "us", MESSAGES_BEFORE_BACKUP);

      AtomicBoolean backupDone = new AtomicBoolean();
      Traffic.Options load = new Traffic.Options(2, 10, Duration.ofMillis(10), false, 16);
      Traffic fromUs =
          Traffic.startUntil(
              usApi, "cn", "load-us", LOAD_BEFORE_BACKUP, LOAD_MESSAGES_MAX, backupDone::get, load);
      Traffic fromCn =
          Traffic.startUntil(
              cnApi, "us", "load-cn", LOAD_BEFORE_BACKUP, LOAD_MESSAGES_MAX, backupDone::get, load);
      Await.until(
          "the load to be under way",
          LOAD_TIMEOUT,
          () ->
              fromUs.acceptedCount() >= LOAD_BEFORE_BACKUP
                  && fromCn.acceptedCount() >= LOAD_BEFORE_BACKUP);
      int acceptedBefore = fromUs.acceptedCount() + fromCn.acceptedCount();
      try {
        backup =
            Cli.run(dir, "backup", "--dir", usHome.dir().toString(), "--out", archive.toString());
      } finally {
        backupDone.set(true);
      }
      int acceptedAfter = fromUs.acceptedCount() + fromCn.acceptedCount();
      fromUs.await(LOAD_TIMEOUT);
      fromCn.await(LOAD_TIMEOUT);
      assertThat(acceptedAfter)
          .as("the nodes took messages while the backup ran")
          .isGreaterThan(acceptedBefore);
    }
    assertThat(backup.exitCode()).as(backup.output()).isZero();
    assertThat(backup.output()).contains("Backed up us").contains("private keys");
    String manifestSha256 = manifestSha256(backup.output());

    Path restored = dir.resolve("restored");
    Cli.Run restore =
        Cli.run(
            dir,
            "restore",
            "--in",
            archive.toString(),
            "--dir",
            restored.toString(),
            "--manifest-sha256",
            manifestSha256);

    assertThat(restore.exitCode()).as(restore.output()).isZero();
    assertThat(restore.output()).contains("Restored us").contains(manifestSha256).contains("OK: ");
    try (Node node = Nodes.start(NodeHome.open(restored))) {
      assertThat(node.home().card()).isEqualTo(usHome.card());
      Api api = new Api(node.home(), node.apiPort());
      for (String id : sentByUs) {
        JsonNode message = show(api, id);
        assertThat(message.get("state").asText()).as(id).isEqualTo("DELIVERED");
      }
      for (String id : sentByCn) {
        assertThat(show(api, id).get("body").asText()).as(id).startsWith("cn to us");
      }
    }
  }

  @Test
  void the_archive_and_everything_restored_are_the_owners_only_under_umask_000()
      throws IOException {
    NodeHome home = Nodes.init(dir, "us");
    // The console's TLS files in a directory of their own, named in hotline.json: the archive
    // carries them, and the restore makes their directory as well as the files.
    Path console = Files.createDirectory(home.dir().resolve("console"));
    Files.copy(home.dir().resolve("tls.crt"), console.resolve("cert.pem"));
    Files.copy(home.dir().resolve("tls.key"), console.resolve("key.pem"));
    Nodes.configure(
        home,
        config ->
            Nodes.console(config)
                .put("tls_certificate", "console/cert.pem")
                .put("tls_key", "console/key.pem"));
    Path archive = dir.resolve("us.backup");
    Path restored = dir.resolve("restored");

    Cli.Run backup =
        Cli.runWithUmask(
            "000", dir, "backup", "--dir", home.dir().toString(), "--out", archive.toString());
    Cli.Run restore =
        Cli.runWithUmask(
            "000", dir, "restore", "--in", archive.toString(), "--dir", restored.toString());

    assertThat(backup.exitCode()).as(backup.output()).isZero();
    assertThat(restore.exitCode()).as(restore.output()).isZero();
    assertThat(mode(archive)).as("the archive").isEqualTo(OWNER_ONLY);
    assertThat(mode(restored)).as("the restored directory").isEqualTo(OWNER_ONLY_DIRECTORY);
    assertThat(mode(restored.resolve("console"))).isEqualTo(OWNER_ONLY_DIRECTORY);
    for (String file :
        List.of(
            "hotline.json",
            "signing.key",
            "tls.key",
            "tls.crt",
            "api.token",
            "hotline.db",
            "console/cert.pem",
            "console/key.pem")) {
      assertThat(mode(restored.resolve(file))).as(file).isEqualTo(OWNER_ONLY);
      if (!file.equals("hotline.db")) {
        // the database is a compacted copy, which verify has opened since
        assertThat(restored.resolve(file)).hasSameBinaryContentAs(home.dir().resolve(file));
      }
    }
  }

  @Test
  void a_restore_whose_record_does_not_verify_exits_1_with_the_report_of_verify()
      throws IOException {
    NodeHome usHome = Nodes.init(dir, "us");
    try (Node us = Nodes.start(usHome);
        Node cn = Nodes.start(Nodes.init(dir, "cn"))) {
      Nodes.pair(us, cn);
      Api usApi = new Api(us.home(), us.apiPort());
      Messaging.send(usApi, "cn", List.of("what we said"));
      Messaging.awaitDelivered(usApi, "cn", 1);
    }
    // A record edited on the disk before the backup: the archive is intact, the record is not.
    try (SqliteFile db = SqliteFile.open(usHome.dir())) {
      assertThat(db.update("UPDATE messages SET body = ?", "we never said this")).isEqualTo(1);
    }
    Path archive = dir.resolve("us.backup");
    assertThat(backup(usHome, archive).exitCode()).isZero();
    Path restored = dir.resolve("restored");

    Cli.Run restore =
        Cli.run(dir, "restore", "--in", archive.toString(), "--dir", restored.toString());

    assertThat(restore.exitCode()).as(restore.output()).isEqualTo(1);
    assertThat(restore.output())
        .contains("Restored us")
        .contains("differs from the signed entry in body")
        .contains("FAILED: ");
    assertThat(restored.resolve("hotline.db")).as("restored, for the operator to look at").exists();
  }

  @Test
  void an_existing_archive_is_kept_unless_force_is_given() throws IOException {
    NodeHome home = Nodes.init(dir, "us");
    Path archive = dir.resolve("us.backup");
    Cli.Run first = backup(home, archive);
    assertThat(first.exitCode()).as(first.output()).isZero();
    byte[] written = Files.readAllBytes(archive);

    Cli.Run again = backup(home, archive);

    assertOneLineError(again, "already exists; refusing to overwrite it (--force)");
    assertThat(archive).hasBinaryContent(written);

    Cli.Run forced = backup(home, archive, "--force");

    assertThat(forced.exitCode()).as(forced.output()).isZero();
    assertThat(manifestSha256(forced.output())).isNotEqualTo(manifestSha256(first.output()));
    assertThat(mode(archive)).isEqualTo(OWNER_ONLY);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(path -> path.getFileName().toString()))
          .as("no staging directory is left behind")
          .containsExactlyInAnyOrder("us", "us.backup");
    }
  }

  @Test
  void wrong_input_gets_one_line_and_a_non_zero_exit_and_leaves_nothing_behind()
      throws IOException {
    NodeHome home = Nodes.init(dir, "us");
    Path archive = dir.resolve("us.backup");
    assertThat(backup(home, archive).exitCode()).isZero();
    Path notANode = Files.createDirectory(dir.resolve("empty"));
    Path full = Files.createDirectory(dir.resolve("full"));
    Files.writeString(full.resolve("something"), "already here");
    Path slip = dir.resolve("slip.backup");
    Map<String, byte[]> entries = BackupArchives.entries(archive);
    entries.put("../escaped", "outside".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Files.write(slip, BackupArchives.zip(entries));
    List<String> before = listing();

    Map<List<String>, String> cases =
        Map.ofEntries(
            Map.entry(
                List.of("recover", "--dir", dir.resolve("missing").toString(), "--from-peer", "cn"),
                "is not a Hotline data directory"),
            Map.entry(
                List.of("recover", "--dir", home.dir().toString(), "--from-peer", "fr"),
                "no peer fr is paired"),
            Map.entry(
                List.of("recover", "--dir", home.dir().toString(), "--from-peer", "Not a party"),
                "party"),
            Map.entry(
                List.of("backup", "--dir", dir.resolve("missing").toString(), "--out", out("a")),
                "is not a Hotline data directory"),
            Map.entry(
                List.of("backup", "--dir", notANode.toString(), "--out", out("b")),
                "is not a Hotline data directory"),
            Map.entry(
                List.of("backup", "--dir", home.dir().toString(), "--out", out("no/such/dir/c")),
                "cannot write in"),
            Map.entry(
                List.of("backup", "--dir", home.dir().toString(), "--out", dir.toString()),
                "is a directory"),
            Map.entry(
                List.of("restore", "--in", out("missing"), "--dir", out("d")),
                "no backup archive at"),
            Map.entry(
                List.of("restore", "--in", archive.toString(), "--dir", full.toString()),
                "is not empty"),
            Map.entry(
                List.of("restore", "--in", slip.toString(), "--dir", out("e")),
                "holds '../escaped', which its manifest does not list"));
    for (Map.Entry<List<String>, String> refused : cases.entrySet()) {
      assertOneLineError(Cli.run(dir, refused.getKey().toArray(String[]::new)), refused.getValue());
    }

    assertThat(listing()).as("nothing was written").isEqualTo(before);
  }

  @Test
  void recover_refuses_to_run_while_the_node_of_its_directory_runs() {
    NodeHome home = Nodes.init(dir, "us");
    try (Node us = Nodes.start(home)) {
      assertOneLineError(
          Cli.run(dir, "recover", "--dir", home.dir().toString(), "--from-peer", "cn"),
          "appears to be running (its federation port 127.0.0.1:"
              + us.federationPort()
              + " is in use): stop it before recovering");
    }
  }

  private String out(String name) {
    return dir.resolve(name).toString();
  }

  /** Every path under the test directory. */
  private List<String> listing() throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths.map(Path::toString).sorted().toList();
    }
  }

  private Cli.Run backup(NodeHome home, Path archive, String... more) {
    List<String> arguments =
        new ArrayList<>(
            List.of("backup", "--dir", home.dir().toString(), "--out", archive.toString()));
    arguments.addAll(List.of(more));
    return Cli.run(dir, arguments.toArray(String[]::new));
  }

  private static void assertOneLineError(Cli.Run run, String reason) {
    assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
    // The JVM warns, with a blank line after, when SQLite loads its native library.
    List<String> lines =
        run.output().lines().filter(l -> !l.startsWith("WARNING:") && !l.isBlank()).toList();
    assertThat(lines).as(run.output()).hasSize(1);
    assertThat(lines.getFirst()).startsWith("hotline: ").contains(reason);
  }

  private static JsonNode show(Api api, String id) {
    Api.Response response = api.get("/api/v1/messages/" + id);
    assertThat(response.status()).as(id + ": " + response.raw().body()).isEqualTo(200);
    return response.body();
  }

  private static String manifestSha256(String output) {
    Matcher matcher = MANIFEST_SHA256.matcher(output);
    assertThat(matcher.find()).as(output).isTrue();
    return matcher.group(1);
  }

  private static List<String> bodies(String tag) {
    return IntStream.range(0, MESSAGES_BEFORE_BACKUP).mapToObj(n -> tag + " " + n).toList();
  }

  private static String mode(Path file) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }
}
