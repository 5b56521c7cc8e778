package org.hotline.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.hotline.testing.Nodes;
import org.hotline.testing.PrometheusText;
import org.hotline.testing.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The last {@code hotline verify} of a data directory, as a running node's metrics show it: not yet
 * run (NaN), then its findings and when it ran; a record changed behind the node's back shows its
 * problems at the next scrape.
 */
class LastVerifyTest {
  @TempDir Path dir;

  @Test
  void a_running_node_exports_what_the_last_verify_of_its_directory_found() throws Exception {
    NodeHome home = Nodes.init(dir, "us");
    try (Node us = Nodes.start(home)) {
      PrometheusText before = scrape(us);
      assertThat(before.value("hotline_verify_findings")).isNaN();
      assertThat(before.value("hotline_verify_last_run_timestamp_seconds")).isNaN();

      long started = System.currentTimeMillis() / 1000;
      assertThat(new AppOperations().verify(home.dir()).ok()).isTrue();

      PrometheusText after = scrape(us);
      assertThat(after.value("hotline_verify_findings")).isZero();
      assertThat(after.value("hotline_verify_last_run_timestamp_seconds"))
          .isGreaterThanOrEqualTo(started);
      assertThat(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(home.dir().resolve(LastVerify.NAME))))
          .isEqualTo("rw-------");

      Files.writeString(home.dir().resolve(LastVerify.NAME), "not json");
      assertThat(scrape(us).value("hotline_verify_findings"))
          .as("a file that does not read counts as no verify")
          .isNaN();
    }
  }

  private static PrometheusText scrape(Node node) {
    RawHttp.Response response =
        RawHttp.get(node.apiPort(), "/metrics", "Authorization: Bearer " + node.home().token());
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return PrometheusText.parse(response.body());
  }
}
