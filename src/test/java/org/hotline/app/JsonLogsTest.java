package org.hotline.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.Appender;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hotline.Json;
import org.hotline.link.Peer;
import org.hotline.testing.Api;
import org.hotline.testing.Await;
import org.hotline.testing.Messaging;
import org.hotline.testing.NodeProcess;
import org.hotline.testing.Nodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/**
 * {@code HOTLINE_LOG_FORMAT=json}: a node process started with the logging configuration the
 * release ships writes one JSON object per line, with the fields docs/operations.md names (the peer
 * and the event of a link state change, the event and kind of a security alarm), and never the text
 * of a message it carried.
 */
@Timeout(120)
class JsonLogsTest {
  /** Words that appear only in the messages' subjects and bodies. */
  static final String TEXT = "quartermaster-zebra-7f3a";

  /**
   * cn's heartbeat interval: short, so that its link to us, not yet started, is DOWN within a
   * second (2.5 intervals).
   */
  static final Duration HEARTBEAT = Duration.ofMillis(250);

  @TempDir Path dir;

  @Test
  void a_node_started_with_json_logs_writes_one_object_per_line_and_no_message_text()
      throws IOException {
    NodeHome usHome = Nodes.init(dir, "us");
    NodeHome cnHome = Nodes.init(dir, "cn");
    Nodes.pinWhileStopped(cnHome, usHome, Nodes.endpoint(usHome));
    Nodes.heartbeat(cnHome, HEARTBEAT);
    Path log = dir.resolve("cn.log");
    try (NodeProcess cn =
        NodeProcess.startWithReleaseLogging(
            cnHome, log, Map.of("HOTLINE_LOG_FORMAT", "json", "HOTLINE_LOG_LEVEL", "INFO"))) {
      Await.until(
          "cn, started before us, to log that its link to us is down, with the peer as a field",
          Duration.ofSeconds(30),
          () -> objects(log).stream().anyMatch(line -> linkToUs(line, "link.down")));
      try (Node us = Nodes.start(usHome)) {
        us.addPeer(new Peer(cnHome.card(), List.of(Nodes.endpoint(cnHome))));
        Api usApi = new Api(us.home(), us.apiPort());
        Messaging.send(usApi, "cn", List.of(TEXT + " one", TEXT + " two", TEXT + " three"));
        Messaging.awaitDelivered(usApi, "cn", 3);
        org.hotline.testing.RawHttp.plainHttpToTlsPort(cnHome.config().federationPort());
        Await.until(
            "cn to log the refused handshake as a security alarm of its kind",
            Duration.ofSeconds(30),
            () -> objects(log).stream().anyMatch(JsonLogsTest::refusedHandshake));
      }
    }

    List<JsonNode> lines = objects(log);
    assertThat(lines).isNotEmpty();
    for (JsonNode line : lines) {
      assertThat(line.get("timestamp").isNumber()).as(line.toString()).isTrue();
      assertThat(line.get("level").asText()).isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
      assertThat(line.get("loggerName").asText()).as(line.toString()).isNotEmpty();
      assertThat(line.get("threadName").asText()).as(line.toString()).isNotEmpty();
      assertThat(line.has("formattedMessage")).as(line.toString()).isTrue();
      assertThat(line.has("arguments")).as(line.toString()).isFalse();
    }
    assertThat(lines)
        .anySatisfy(
            line -> assertThat(line.get("formattedMessage").asText()).startsWith("node cn up"));
    assertThat(Files.readString(log)).doesNotContain(TEXT);
  }

  private static boolean refusedHandshake(JsonNode line) {
    JsonNode mdc = line.path("mdc");
    return line.get("level").asText().equals("WARN")
        && mdc.path("event").asText().equals("security.alarm")
        && mdc.path("kind").asText().equals("refused-handshake");
  }

  private static boolean linkToUs(JsonNode line, String event) {
    JsonNode mdc = line.path("mdc");
    return mdc.path("peer").asText().equals("us") && mdc.path("event").asText().equals(event);
  }

  /** Every line of the log, each of which must be one JSON object. */
  private static List<JsonNode> objects(Path log) {
    List<String> lines;
    try {
      lines = Files.readAllLines(log);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    List<JsonNode> objects = new ArrayList<>();
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode object = Json.mapper().readTree(line);
        assertThat(object.isObject()).as("a line of the JSON log: " + line).isTrue();
        objects.add(object);
      } catch (IOException e) {
        throw new AssertionError(
            "a line of " + log + " is not JSON: " + line + "\n" + String.join("\n", lines), e);
      }
    }
    return objects;
  }

  @Test
  void text_stays_the_default_and_json_is_chosen_by_the_environment_variable() throws Exception {
    assertThat(rootEncoder(null))
        .isInstanceOf(ch.qos.logback.classic.encoder.PatternLayoutEncoder.class);
    assertThat(rootEncoder("json")).isInstanceOf(ch.qos.logback.classic.encoder.JsonEncoder.class);
  }

  /**
   * The encoder of the root logger's one appender after configuring a fresh context with the
   * shipped file; also checks that the configuration raised no warning, which would print Logback's
   * status lines, not JSON, at every start.
   */
  private static Object rootEncoder(String format) throws Exception {
    LoggerContext context = new LoggerContext();
    if (format != null) {
      context.putProperty("HOTLINE_LOG_FORMAT", format);
    }
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(JsonLogsTest.class.getResource("/logback.xml"));
    List<Appender<?>> appenders = new ArrayList<>();
    context
        .getLogger(Logger.ROOT_LOGGER_NAME)
        .iteratorForAppenders()
        .forEachRemaining(appenders::add);
    assertThat(new ch.qos.logback.core.status.StatusUtil(context).getHighestLevel(0))
        .as("highest status level of the configuration")
        .isEqualTo(ch.qos.logback.core.status.Status.INFO);
    context.stop();
    assertThat(appenders).singleElement();
    return ((ch.qos.logback.core.OutputStreamAppender<?>) appenders.get(0)).getEncoder();
  }
}
