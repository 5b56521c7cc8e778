package org.hotline.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.hotline.Json;
import org.hotline.app.Node;
import org.hotline.store.sqlite.SqliteStore;
import org.hotline.testing.Api;
import org.hotline.testing.Messaging;
import org.hotline.testing.Nodes;
import org.hotline.testing.Records;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify} and {@code export} say they may run while the node runs. With messages flowing
 * both ways, every pass must find nothing wrong: each log is read as of one moment, never half
 * before and half after a batch was stored.
 */
class LiveRecordTest {
  /** Passes of verify and export while traffic flows; each reads every entry of both logs. */
  private static final int PASSES = 10;

  @TempDir Path root;

  @Test
  void verify_and_export_of_a_running_node_under_traffic_find_nothing_wrong() throws Exception {
    try (Node us = Nodes.start(Nodes.init(root, "us"));
        Node cn = Nodes.start(Nodes.init(root, "cn"))) {
      Nodes.pair(us, cn);
      Api usApi = new Api(us.home(), us.apiPort());
      Api cnApi = new Api(cn.home(), cn.apiPort());
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicLong sent = new AtomicLong();
      Thread traffic =
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int round = 0; running.get(); round++) {
                      Messaging.send(
                          usApi, "cn", List.of("from us " + round, "again from us " + round));
                      Messaging.send(cnApi, "us", List.of("from cn " + round));
                      sent.addAndGet(2);
                    }
                  });
      List<String> problems = new ArrayList<>();
      try {
        for (int pass = 0; pass < PASSES; pass++) {
          RecordVerifier.Report report = Records.verify(us.home());
          report
              .findings()
              .forEach(
                  finding ->
                      problems.add("verify pass " + report.entries() + " entries: " + finding));
          TranscriptVerifier.Result exported = exportAndCheck(us, cn);
          exported
              .findings()
              .forEach(
                  finding ->
                      problems.add("export of " + exported.entryCount() + " entries: " + finding));
        }
      } finally {
        running.set(false);
        traffic.join();
      }
      assertThat(sent.get()).as("messages sent during the passes").isPositive();
      assertThat(problems).isEmpty();
    }
  }

  private static TranscriptVerifier.Result exportAndCheck(Node us, Node cn) throws Exception {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    try (SqliteStore store = SqliteStore.open(us.home().database(), Json.mapper())) {
      new TranscriptExporter(store).export(us.home().card(), cn.home().card(), Instant.now(), file);
    }
    return new TranscriptVerifier()
        .verify(
            new ByteArrayInputStream(file.toByteArray()),
            List.of(us.home().card(), cn.home().card()));
  }
}
