package org.hotline.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.hotline.testing.Cli;
import org.hotline.testing.NodeProcess;
import org.hotline.testing.Nodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files that hold messages, keys or secrets are made 0600 by the node itself, whatever the
 * umask: the real {@code hotline init}, {@code serve} and {@code export} run here in child
 * processes under umask 000, which would leave every file they create readable and writable by
 * everyone.
 */
class FileModesTest {
  private static final String OWNER_ONLY = "rw-------";

  @TempDir Path dir;

  @Test
  void init_serve_and_export_under_umask_000_leave_only_owner_readable_files() throws IOException {
    Path us = dir.resolve("us");
    Path cn = dir.resolve("cn");
    init(us, "us");
    init(cn, "cn");
    Nodes.pinWhileStopped(NodeHome.open(us), NodeHome.open(cn), Nodes.endpoint(NodeHome.open(cn)));

    try (NodeProcess node =
        NodeProcess.startWithUmask(NodeHome.open(us), dir.resolve("us.log"), "000")) {
      assertThat(node).isNotNull();
      for (String file :
          new String[] {
            "hotline.json",
            "signing.key",
            "tls.key",
            "api.token",
            "hotline.db",
            "hotline.db-wal",
            "hotline.db-shm"
          }) {
        assertThat(mode(us.resolve(file))).as(file).isEqualTo(OWNER_ONLY);
      }
      assertThat(mode(us)).as("the data directory").isEqualTo("rwx------");
    }

    Path transcript = dir.resolve("us-cn.transcript");
    Cli.Run export =
        Cli.runWithUmask(
            "000",
            dir,
            "export",
            "--dir",
            us.toString(),
            "--peer",
            "cn",
            "--out",
            transcript.toString());
    assertThat(export.exitCode()).as(export.output()).isZero();
    assertThat(mode(transcript)).as("the exported transcript").isEqualTo(OWNER_ONLY);
  }

  @Test
  void the_test_can_see_a_permissive_umask_at_work() throws IOException {
    Cli.Run run =
        Cli.runWithUmask(
            "000",
            dir,
            "identity",
            "--dir",
            init(dir.resolve("us"), "us").toString(),
            "--out",
            dir.resolve("card.json").toString());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(mode(dir.resolve("card.json")))
        .as("a public card is left to the umask, which is 000 here")
        .isEqualTo("rw-rw-rw-");
  }

  private Path init(Path home, String party) {
    Cli.Run run =
        Cli.runWithUmask(
            "000",
            dir,
            "init",
            "--dir",
            home.toString(),
            "--party",
            party,
            "--name",
            "Party " + party,
            "--federation-port",
            Integer.toString(Nodes.freePort()),
            "--console-port",
            Integer.toString(Nodes.freePort()));
    assertThat(run.exitCode()).as(run.output()).isZero();
    return home;
  }

  private static String mode(Path file) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }
}
