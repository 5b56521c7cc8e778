package org.hotline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hotline.Json;
import org.hotline.app.Node;
import org.hotline.cli.CliRuns.Run;
import org.hotline.testing.Api;
import org.hotline.testing.Await;
import org.hotline.testing.ChangeReaders;
import org.hotline.testing.Nodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hotline incident|commitment|concern} run as the real executable against a running node
 * paired with a second one: what they make is in the record, lists are aligned columns, {@code
 * show} prints the fields and one line per change of the timeline, {@code --json} the API's answer,
 * and a refusal is one line on standard error with a non-zero exit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrisisCliTest {
  private static final Pattern ACCEPTED =
      Pattern.compile(
          "^(incident|commitment|concern)/([0-9a-f-]{36}) ([a-z-]+) (QUEUED|SENT) \\(change ([0-9a-f-]{36})\\)\\n$");

  @TempDir static Path dir;

  private Node us;
  private Node cn;
  private Api api;

  @BeforeAll
  void start_two_paired_nodes_that_read_changes() {
    us = Nodes.start(Nodes.init(dir, "us"));
    cn = Nodes.start(Nodes.init(dir, "cn"));
    Nodes.pair(us, cn);
    api = new Api(us.home(), us.apiPort());
    ChangeReaders.await(us, cn);
  }

  @AfterAll
  void stop() {
    us.close();
    cn.close();
  }

  @Test
  void channel_suspend_list_and_propose_go_through_the_api_and_bad_input_is_one_line()
      throws IOException {
    Run suspended =
        hotline("channel", "suspend", "consular", "--peer", "cn", "--reason", "Review of access");
    assertThat(suspended.exit()).as(suspended.toString()).isZero();
    assertThat(suspended.stdout())
        .matches("channel/consular suspend (QUEUED|SENT) \\(change [0-9a-f-]{36}\\)\\n");
    Await.until(
        "the suspension is in the record",
        Duration.ofSeconds(30),
        () ->
            hotline("channel", "list", "--peer", "cn")
                .stdout()
                .matches("(?s).*consular +\\S+ +yes +us.*"));

    Run proposed =
        hotline(
            "channel",
            "propose",
            "nrrc",
            "--peer",
            "cn",
            "--description",
            "Nuclear risk reduction centres",
            "--precedences",
            "FLASH,ROUTINE",
            "--deadline",
            "FLASH=300",
            "--not-suspendable");
    assertThat(proposed.exit()).as(proposed.toString()).isZero();
    Await.until(
        "the proposal is listed",
        Duration.ofSeconds(30),
        () -> hotline("channel", "list", "--peer", "cn").stdout().contains("nrrc (proposed)"));
    JsonNode listed =
        Json.mapper().readTree(hotline("channel", "list", "--peer", "cn", "--json").stdout());
    assertThat(listed.path("channels"))
        .anySatisfy(c -> assertThat(c.path("name").asText()).isEqualTo("nrrc"));

    hotline("channel", "suspend", "Bad Name", "--peer", "cn", "--reason", "r")
        .assertOneLineError("name");
    hotline(
            "channel",
            "propose",
            "nrrc",
            "--peer",
            "cn",
            "--description",
            "x",
            "--precedences",
            "ROUTINE,FLASH")
        .assertOneLineError("precedences");
    hotline("channel", "resume", "military", "--peer", "cn").assertOneLineError("not suspended");
  }

  @Test
  void translate_and_dispute_translation_go_through_the_api_and_refusals_are_one_line()
      throws IOException {
    Api.Response sent =
        api.post(
            "/api/v1/messages",
            "{\"to\":\"cn\",\"precedence\":\"ROUTINE\",\"subject\":\"Schedule\","
                + "\"body\":\"Flight 12 lands at 0900Z.\"}");
    assertThat(sent.status()).as(sent.raw().body()).isEqualTo(201);
    String message = sent.body().path("id").asText();
    Api cnApi = new Api(cn.home(), cn.apiPort());
    Await.until(
        "cn holds the message",
        Duration.ofSeconds(30),
        () -> cnApi.get("/api/v1/messages/" + message).status() == 200);

    hotline("translate", message, "--language", "zh", "--text", "自己的译文")
        .assertOneLineError("only cn, who received message");
    Path file = dir.resolve("translation.txt");
    java.nio.file.Files.writeString(file, "译文");
    hotline("translate", message, "--language", "zh", "--text", "译文", "--file", file.toString())
        .assertOneLineError("give --text or --file, not both");
    hotline("translate", message, "--language", "zh", "--text", "译文", "--field", "/body")
        .assertOneLineError("a plain message is translated whole");

    Api.Response translated =
        cnApi.post(
            "/api/v1/messages/" + message + "/translations",
            "{\"language\":\"zh\",\"text\":\"12号航班于0900Z降落。\"}");
    assertThat(translated.status()).as(translated.raw().body()).isEqualTo(201);
    String change = translated.body().path("change").path("id").asText();
    Await.until(
        "us holds the translation",
        Duration.ofSeconds(30),
        () -> api.get("/api/v1/messages/" + message).body().path("translations").size() == 1);

    Run disputed =
        hotline("dispute-translation", message, change, "--note", "0900Z is take-off, not landing");
    assertThat(disputed.exit()).as(disputed.toString()).isZero();
    assertThat(disputed.stdout())
        .matches("translation/" + message + " dispute (QUEUED|SENT) \\(change [0-9a-f-]{36}\\)\\n");
    hotline("dispute-translation", message, message, "--note", "wrong")
        .assertOneLineError("is not a translation of message");
    Await.until(
        "us holds its dispute",
        Duration.ofSeconds(30),
        () ->
            api.get("/api/v1/messages/" + message)
                    .body()
                    .path("translations")
                    .path(0)
                    .path("disputes")
                    .size()
                == 1);
    Run shown = CliRuns.hotline(dir, "show", message, "--dir", us.home().dir().toString());
    assertThat(shown.exit()).as(shown.toString()).isZero();
    assertThat(shown.stdout())
        .contains(
            "Flight 12 lands at 0900Z.\n\nThe text above is the original, the authoritative text.")
        .contains("As read by cn (zh), translated by api at ")
        .contains("12号航班于0900Z降落。")
        .contains("  Disputed by us (api, ")
        .contains("): 0900Z is take-off, not landing");
  }

  private Run hotline(String group, String command, String... args) {
    List<String> all =
        new ArrayList<>(List.of(group, command, "--dir", us.home().dir().toString()));
    all.addAll(List.of(args));
    return CliRuns.hotline(dir, all.toArray(String[]::new));
  }

  /**
   * Runs a command that makes a change; returns the object's id once the change is in the record.
   */
  private String made(String group, String command, String... args) {
    Run run = hotline(group, command, args);
    assertThat(run.exit()).as(run.toString()).isZero();
    Matcher accepted = ACCEPTED.matcher(run.stdout());
    assertThat(accepted.matches()).as(run.toString()).isTrue();
    String id = accepted.group(2);
    String change = accepted.group(5);
    Await.until(
        "the change " + change + " is in the record",
        Duration.ofSeconds(30),
        () -> {
          Api.Response object = api.get("/api/v1/" + group + "s/" + id);
          return object.status() == 200
              && object.body().path("timeline").findValuesAsText("id").contains(change);
        });
    return id;
  }

  @Test
  void an_incident_is_opened_changed_listed_and_shown_from_the_command_line() throws IOException {
    String id =
        made(
            "incident",
            "open",
            "--peer",
            "cn",
            "--title",
            "Object at 18 km",
            "--severity",
            "3",
            "--by",
            "duty officer");
    made("incident", "change", id, "--severity", "4");
    made("incident", "change", id, "--lead", "Jane Roe");

    Run list = hotline("incident", "list", "--peer", "cn", "--state", "TRIAGE");
    assertThat(list.exit()).as(list.toString()).isZero();
    List<String> lines = list.stdout().lines().toList();
    assertThat(lines.getFirst()).matches("ID +STATE +SEV +PEER +CHANNEL +LAST CHANGE +TITLE");
    assertThat(lines)
        .anySatisfy(
            line ->
                assertThat(line).matches(id + " +TRIAGE +4 +cn +general +\\S+ +Object at 18 km"));
    assertThat(lines.get(1).indexOf("TRIAGE")).isEqualTo(lines.getFirst().indexOf("STATE"));

    Run show = hotline("incident", "show", id);
    assertThat(show.exit()).as(show.toString()).isZero();
    assertThat(show.stdout())
        .containsPattern("(?m)^title: +Object at 18 km$")
        .containsPattern("(?m)^severity_by_party: +us=4$")
        .containsPattern("(?m)^lead: +us=Jane Roe$")
        .contains("Timeline:");
    assertThat(show.stdout())
        .containsPattern(
            "(?m)^  \\S+Z  us  duty officer  open  .*severity=3.*title=Object at 18 km  applied$")
        .containsPattern("(?m)^  \\S+Z  us  api  severity  severity=4  applied$")
        .containsPattern("(?m)^  \\S+Z  us  api  lead  user=Jane Roe  applied$");

    Run json = hotline("incident", "show", id, "--json");
    assertThat(json.exit()).as(json.toString()).isZero();
    JsonNode view = Json.mapper().readTree(json.stdout());
    assertThat(view.path("id").asText()).isEqualTo(id);
    assertThat(view.path("timeline").size()).isEqualTo(3);
    assertThat(view.path("state_hash").asText()).hasSize(64);
  }

  @Test
  void a_refused_change_is_one_line_on_standard_error_and_a_non_zero_exit() {
    String id =
        made("incident", "open", "--peer", "cn", "--title", "Detained national", "--severity", "2");

    hotline("incident", "change", id, "--accept-close")
        .assertOneLineError("closing needs a proposal by the other party");
    hotline("incident", "change", id, "--severity", "6")
        .assertOneLineError("severity: must be 1 to 5");
    hotline("incident", "change", id, "--severity", "2", "--state", "ACTIVE")
        .assertOneLineError("give exactly one change");
    hotline("incident", "change", id).assertOneLineError("give exactly one change");
    hotline("incident", "show", "not-an-id").assertOneLineError("no object not-an-id");
    hotline("incident", "open", "--peer", "zz", "--title", "t", "--severity", "1")
        .assertOneLineError("no peer zz is paired with this node");
    hotline("commitment", "change", id, "--reason", "r")
        .assertOneLineError("--reason goes with --withdraw");

    assertThat(api.get("/api/v1/incidents/" + id).body().path("timeline").size()).isEqualTo(1);
  }

  @Test
  void a_commitment_is_proposed_withdrawn_with_a_reason_and_listed_by_state() {
    String incident =
        made("incident", "open", "--peer", "cn", "--title", "Object at 18 km", "--severity", "3");
    String id =
        made(
            "commitment",
            "propose",
            "--peer",
            "cn",
            "--owed-by",
            "cn",
            "--what",
            "Share tracking data",
            "--due",
            "2026-12-08T09:00:00Z",
            "--incident",
            incident);
    made("commitment", "change", id, "--withdraw", "--reason", "Superseded by the call");

    Run list = hotline("commitment", "list", "--state", "WITHDRAWN");
    assertThat(list.exit()).as(list.toString()).isZero();
    assertThat(list.stdout().lines().toList().getFirst())
        .matches("ID +STATE +OWED BY +DUE +PEER +WHAT");
    assertThat(list.stdout())
        .containsPattern(id + " +WITHDRAWN +cn +2026-12-08T09:00:00Z +cn +Share tracking data");

    Run show = hotline("commitment", "show", id);
    assertThat(show.stdout())
        .containsPattern("(?m)^state: +WITHDRAWN$")
        .containsPattern("(?m)^incident: +" + incident + "$")
        .containsPattern(
            "(?m)^  \\S+Z  us  api  withdraw  reason=Superseded by the call  applied$");
    hotline("commitment", "change", id, "--agree")
        .assertOneLineError("only a PROPOSED commitment can be agreed, this one is WITHDRAWN");
  }

  @Test
  void a_concern_is_raised_linked_to_an_incident_and_listed_by_status() {
    String incident =
        made("incident", "open", "--peer", "cn", "--title", "Flight 451", "--severity", "2");
    String id =
        made(
            "concern",
            "raise",
            "--peer",
            "cn",
            "--title",
            "Commercial flights",
            "--summary",
            "Routes over the strait");
    made("concern", "change", id, "--link-incident", incident);
    made("concern", "change", id, "--note", "Raised at the 0600Z call");

    Run list = hotline("concern", "list", "--status", "OPEN", "--limit", "10");
    assertThat(list.exit()).as(list.toString()).isZero();
    assertThat(list.stdout())
        .containsPattern("(?m)^ID +STATUS +OWNER +PEER +LAST CHANGE +TITLE$")
        .containsPattern(id + " +OPEN +us +cn +\\S+ +Commercial flights");

    Run show = hotline("concern", "show", id);
    assertThat(show.stdout())
        .containsPattern(
            "(?m)^links: +(kind=incident, id=" + incident + "|id=" + incident + ", kind=incident)$")
        .containsPattern("(?m)^state_hash: +[0-9a-f]{64}$")
        .containsPattern("(?m)^  \\S+Z  us  api  link  incident=" + incident + "  applied$")
        .containsPattern("(?m)^  \\S+Z  us  api  note  text=Raised at the 0600Z call  applied$");

    Run empty = hotline("concern", "list", "--status", "CLOSED");
    assertThat(empty.stdout()).isEqualTo("(no concerns)\n");
  }

  @Test
  void an_internal_note_is_kept_listed_and_a_bad_one_is_one_line_and_a_non_zero_exit()
      throws IOException {
    String id = made("incident", "open", "--peer", "cn", "--title", "Briefing", "--severity", "2");

    Run written = hotline("incident", "internal-note", id, "Minister briefed", "--by", "ana");
    assertThat(written.exit()).as(written.toString()).isZero();
    assertThat(written.stdout())
        .matches("incident/" + id + " internal note [0-9a-f-]{36} \\(not sent\\)\\n");
    String note = written.stdout().split(" ")[3];

    Run corrected =
        hotline(
            "incident",
            "internal-note",
            id,
            "Minister briefed at 0900",
            "--supersedes",
            note,
            "--json");
    assertThat(corrected.exit()).as(corrected.toString()).isZero();
    assertThat(Json.mapper().readTree(corrected.stdout()).path("supersedes").asText())
        .isEqualTo(note);

    Run listed = hotline("incident", "internal-notes", id);
    assertThat(listed.exit()).as(listed.toString()).isZero();
    assertThat(listed.stdout())
        .contains("ana  " + note)
        .contains("  Minister briefed\n")
        .contains("(supersedes " + note + ")");
    JsonNode json =
        Json.mapper().readTree(hotline("incident", "internal-notes", id, "--json").stdout());
    assertThat(json.path("internal_notes").findValuesAsText("text"))
        .containsExactly("Minister briefed", "Minister briefed at 0900");
    assertThat(api.get("/api/v1/incidents/" + id).body().toString()).doesNotContain("Minister");

    hotline("incident", "internal-note", id, "x".repeat(16_385))
        .assertOneLineError("text: must be 1 to 16384 characters, not 16385");
    hotline("concern", "internal-note", "01a2510b-ffba-790d-bb5f-2435a55e9626", "note")
        .assertOneLineError("no concern/01a2510b-ffba-790d-bb5f-2435a55e9626 on this node");
    assertThat(
            Json.mapper()
                .readTree(hotline("incident", "internal-notes", id, "--json").stdout())
                .path("internal_notes")
                .size())
        .isEqualTo(2);
  }
}
