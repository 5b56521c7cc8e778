package org.hotline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The systemd units in deploy/systemd (docs/operations.md §16.3): each keeps the confinement the
 * node is documented to run under, and none sets what would stop the JVM; where systemd-analyze is
 * installed, systemd itself reads them without a complaint.
 */
class SystemdUnitsTest {
  static final Path UNITS = Path.of("deploy/systemd");

  /** What both services must set, with the value, as systemd.exec(5) spells it. */
  static final Map<String, String> HARDENING =
      Map.ofEntries(
          Map.entry("User", "hotline"),
          Map.entry("Group", "hotline"),
          Map.entry("UMask", "0077"),
          Map.entry("NoNewPrivileges", "yes"),
          Map.entry("CapabilityBoundingSet", ""),
          Map.entry("AmbientCapabilities", ""),
          Map.entry("ProtectSystem", "strict"),
          Map.entry("ProtectHome", "yes"),
          Map.entry("PrivateTmp", "yes"),
          Map.entry("PrivateDevices", "yes"),
          Map.entry("ProtectKernelTunables", "yes"),
          Map.entry("ProtectKernelModules", "yes"),
          Map.entry("ProtectControlGroups", "yes"),
          Map.entry("RestrictNamespaces", "yes"),
          Map.entry("RestrictSUIDSGID", "yes"),
          Map.entry("LockPersonality", "yes"),
          Map.entry("SystemCallArchitectures", "native"),
          Map.entry("SystemCallErrorNumber", "EPERM"));

  @ParameterizedTest
  @ValueSource(strings = {"hotline.service", "hotline-backup.service"})
  void each_service_runs_as_its_own_user_with_the_documented_confinement(String unit)
      throws IOException {
    Map<String, List<String>> service = settings(UNITS.resolve(unit), "Service");
    HARDENING.forEach(
        (key, value) -> assertThat(service.get(key)).as("%s in %s", key, unit).containsOnly(value));
    assertThat(service.get("SystemCallFilter")).containsExactly("@system-service", "~@privileged");
    assertThat(service.get("ReadWritePaths").get(0).split(" ")).contains("/var/lib/hotline");
    assertThat(service.get("StateDirectoryMode")).containsOnly("0700");
  }

  @ParameterizedTest
  @ValueSource(strings = {"hotline.service", "hotline-backup.service"})
  void no_service_denies_the_jit_its_writable_then_executable_memory(String unit)
      throws IOException {
    Map<String, List<String>> service = settings(UNITS.resolve(unit), "Service");
    assertThat(service).doesNotContainKey("MemoryDenyWriteExecute");
  }

  @Test
  void the_node_restarts_on_failure_and_counts_a_clean_sigterm_as_success() throws IOException {
    Map<String, List<String>> service = settings(UNITS.resolve("hotline.service"), "Service");
    assertThat(service.get("Restart")).containsOnly("on-failure");
    assertThat(service.get("SuccessExitStatus")).containsOnly("143");
    assertThat(service.get("ExecStart").get(0)).endsWith("serve --dir /var/lib/hotline");
    assertThat(service.get("RestrictAddressFamilies").get(0).split(" "))
        .containsExactlyInAnyOrder("AF_UNIX", "AF_INET", "AF_INET6", "AF_NETLINK");
  }

  @Test
  void the_backup_runs_offline_every_day_and_catches_up_after_downtime() throws IOException {
    Map<String, List<String>> backup = settings(UNITS.resolve("hotline-backup.service"), "Service");
    assertThat(backup.get("ExecStart").get(0))
        .contains("backup --dir /var/lib/hotline --out /var/lib/hotline-backup/");
    assertThat(backup.get("PrivateNetwork")).containsOnly("yes");
    assertThat(backup.get("RestrictAddressFamilies")).containsOnly("AF_UNIX");
    Map<String, List<String>> timer = settings(UNITS.resolve("hotline-backup.timer"), "Timer");
    assertThat(timer.get("OnCalendar")).hasSize(1);
    assertThat(timer.get("Persistent")).containsOnly("yes");
  }

  @Test
  void systemd_analyze_verify_finds_nothing_to_say_about_the_units() throws Exception {
    Path analyze = Path.of("/usr/bin/systemd-analyze");
    Assumptions.assumeTrue(
        Files.isExecutable(analyze), "skipped: systemd-analyze is not installed (package systemd)");
    // verify also checks that each Exec line's program exists on this machine.
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/java")),
        "skipped: systemd-analyze verify would report the units' /usr/bin/java missing here");
    Process verify =
        new ProcessBuilder(
                analyze.toString(),
                "verify",
                "--man=no",
                UNITS.resolve("hotline.service").toAbsolutePath().toString(),
                UNITS.resolve("hotline-backup.service").toAbsolutePath().toString(),
                UNITS.resolve("hotline-backup.timer").toAbsolutePath().toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(output).isEmpty();
    assertThat(verify.exitValue()).isZero();
  }

  /**
   * The settings of one section of a unit file, each key with its values in order (a key may be
   * given more than once), comments and blank lines left out; no line continuations are used.
   */
  static Map<String, List<String>> settings(Path unit, String section) throws IOException {
    Map<String, List<String>> settings = new LinkedHashMap<>();
    String current = "";
    for (String line : Files.readAllLines(unit)) {
      String text = line.strip();
      if (text.isEmpty() || text.startsWith("#") || text.startsWith(";")) {
        continue;
      }
      assertThat(text).as("a line continuation in %s", unit).doesNotEndWith("\\");
      if (text.startsWith("[")) {
        current = text.substring(1, text.length() - 1);
      } else if (current.equals(section)) {
        int equals = text.indexOf('=');
        settings
            .computeIfAbsent(text.substring(0, equals), key -> new ArrayList<>())
            .add(text.substring(equals + 1));
      }
    }
    return settings;
  }
}
