package org.hotline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.hotline.InvalidInputException;
import org.hotline.Json;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.Precedence;
import org.hotline.watch.EscalationChain;
import org.hotline.watch.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hotline.json: old files load with the defaults, new settings become the watch's objects, bad ones
 * are refused by name.
 */
class WatchSettingsTest {
  static final String OLD_CONFIG =
      "{\"party\":\"us\",\"name\":\"United States\",\"federation_bind\":\"127.0.0.1\",\"federation_port\":7443,"
          + "\"public_endpoints\":[\"https://127.0.0.1:7443\"],\"console_bind\":\"127.0.0.1\",\"console_port\":8080}";

  @TempDir Path dir;

  static NodeConfig parse(String json) throws Exception {
    return Json.mapper().readValue(json, NodeConfig.class);
  }

  static String with(String fields) {
    return OLD_CONFIG.substring(0, OLD_CONFIG.length() - 1) + "," + fields + "}";
  }

  @Test
  void a_configuration_written_before_deadlines_existed_loads_with_the_defaults() throws Exception {
    NodeConfig config = parse(OLD_CONFIG);
    assertThat(WatchSettings.deadlines(config).ackDeadline(PartyId.of("cn"), Precedence.FLASH))
        .isEqualTo(Duration.ofMinutes(10));
    assertThat(WatchSettings.chain(config)).isEqualTo(EscalationChain.consoleOnly());
    assertThat(WatchSettings.smtp(config)).isNull();
  }

  @Test
  void init_writes_no_empty_watch_settings() throws Exception {
    NodeHome.init(
        dir.resolve("us"),
        PartyId.of("us"),
        "United States",
        "127.0.0.1",
        7443,
        8080,
        List.of(),
        Clock.systemUTC());
    String written = Files.readString(dir.resolve("us").resolve("hotline.json"));
    assertThat(written).doesNotContain("deadlines", "escalation", "smtp", "null");
  }

  @Test
  void deadlines_chain_and_smtp_become_the_watch_settings() throws Exception {
    NodeConfig config =
        parse(
            with(
                "\"deadlines\":{\"ROUTINE\":\"PT8H\"},\"link_deadlines\":{\"cn\":{\"FLASH\":\"PT5M\"}},"
                    + "\"escalation\":{\"reminder\":[{\"email\":\"duty@us.example\"}],\"levels\":[{\"targets\":[{\"webhook\":\"https://pager.us.example/h\","
                    + "\"secret\":\"0123456789abcdef\"}]},{\"after\":\"PT5M\",\"targets\":[{\"command\":[\"/usr/local/bin/siren\",\"--loud\"]}]}],"
                    + "\"loops\":3,\"loop_after\":\"PT15M\"},\"smtp\":{\"host\":\"mail.us.example\",\"from\":\"hotline@us.example\"}"));
    assertThat(WatchSettings.deadlines(config).ackDeadline(PartyId.of("cn"), Precedence.FLASH))
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(WatchSettings.deadlines(config).ackDeadline(PartyId.of("uk"), Precedence.FLASH))
        .isEqualTo(Duration.ofMinutes(10));
    assertThat(WatchSettings.deadlines(config).ackDeadline(PartyId.of("uk"), Precedence.ROUTINE))
        .isEqualTo(Duration.ofHours(8));
    EscalationChain chain = WatchSettings.chain(config);
    assertThat(chain.reminder()).containsExactly(new Target.Email("duty@us.example"));
    assertThat(chain.levels()).hasSize(2);
    assertThat(chain.levels().get(0).after()).isZero();
    assertThat(chain.levels().get(1).targets())
        .containsExactly(new Target.Command(List.of("/usr/local/bin/siren", "--loud")));
    assertThat(chain.loops()).isEqualTo(3);
    assertThat(chain.loopAfter()).isEqualTo(Duration.ofMinutes(15));
    var smtp = WatchSettings.smtp(config);
    assertThat(smtp.port()).isEqualTo(25);
    assertThat(smtp.starttls()).as("TLS unless turned off").isTrue();
  }

  @Test
  void a_bad_setting_stops_the_node_naming_it() {
    assertThatThrownBy(
            () ->
                WatchSettings.chain(
                    parse(
                        with(
                            "\"escalation\":{\"levels\":[{\"targets\":[{\"webhook\":\"https://p.example/h\",\"secret\":\"short\"}]}]}"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(
            "escalation.levels[0].targets[0]: webhook https://p.example/h needs a secret of 16 to 256 characters");
    assertThatThrownBy(
            () ->
                WatchSettings.chain(
                    parse(
                        with(
                            "\"escalation\":{\"levels\":[{\"targets\":[{\"email\":\"duty@us.example\"}]}]}"))))
        .hasMessageContaining("e-mail targets but hotline.json has no \"smtp\" server");
    assertThatThrownBy(
            () ->
                WatchSettings.chain(
                    parse(
                        with(
                            "\"escalation\":{\"levels\":[{\"targets\":[{\"email\":\"a@b.example\",\"command\":[\"/bin/true\"]}]}]}"))))
        .hasMessageContaining("exactly one of");
    assertThatThrownBy(
            () -> WatchSettings.deadlines(parse(with("\"deadlines\":{\"FLASH\":\"PT5S\"}"))))
        .hasMessageContaining("FLASH deadline must be");
    assertThatThrownBy(() -> WatchSettings.chain(parse(with("\"escalation\":{\"levels\":[]}"))))
        .hasMessageContaining("at least one level");
  }
}
