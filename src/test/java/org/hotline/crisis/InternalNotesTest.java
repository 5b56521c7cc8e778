package org.hotline.crisis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.console.Role;
import org.hotline.identity.PartyId;
import org.hotline.testing.Api;
import org.hotline.testing.Await;
import org.hotline.testing.ChangeReaders;
import org.hotline.testing.ConsoleClient;
import org.hotline.testing.Nodes;
import org.hotline.testing.Users;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Internal notes between two real nodes over HTTPS: a note kept on one node never reaches the other
 * (its database and files hold nothing of it) and changes no state hash; bad input is a precise
 * problem and stores nothing; the console shows the notes apart from the shared ones, marked as not
 * shared, with the form for duty officers only.
 */
class InternalNotesTest {
  @TempDir static Path dir;
  static Node us;
  static Node cn;
  static Api usApi;
  static Api cnApi;
  static PartyId usParty;
  static PartyId cnParty;

  @BeforeAll
  static void start() {
    NodeHome usHome = Nodes.init(dir, "us");
    Users.add(usHome, "officer", Role.DUTY_OFFICER);
    Users.add(usHome, "watcher", Role.VIEWER);
    us = Nodes.start(usHome);
    cn = Nodes.start(Nodes.init(dir, "cn"));
    Nodes.pair(us, cn);
    ChangeReaders.await(us, cn);
    usApi = new Api(us.home(), us.apiPort());
    cnApi = new Api(cn.home(), cn.apiPort());
    usParty = us.home().party();
    cnParty = cn.home().party();
  }

  @AfterAll
  static void stop() {
    us.close();
    cn.close();
  }

  /** Opens an object of {@code plural} on the link and waits until both nodes hold it. */
  private static String opened(String plural, String body) {
    Api.Response opened = usApi.post("/api/v1/" + plural, body);
    assertThat(opened.status()).as(opened.body().toString()).isEqualTo(201);
    String id = opened.body().path("change").path("id").asText();
    Await.until(
        "both nodes hold " + id,
        Duration.ofSeconds(30),
        () ->
            usApi.get("/api/v1/" + plural + "/" + id).status() == 200
                && cnApi.get("/api/v1/" + plural + "/" + id).status() == 200);
    return id;
  }

  private static String incident(String title) {
    return opened("incidents", "{\"peer\":\"cn\",\"title\":\"" + title + "\",\"severity\":3}");
  }

  /**
   * Waits until each node has received all of the other's log, then returns the two link hashes.
   */
  private static List<String> linkHashes() {
    return Await.until(
        "both nodes at the same log sizes",
        Duration.ofSeconds(30),
        () -> {
          SharedState ours = us.crisis().state(cnParty);
          SharedState theirs = cn.crisis().state(usParty);
          boolean same =
              us.crisis().pending(cnParty).isEmpty() && ours.asOfShown().equals(theirs.asOfShown());
          return same ? List.of(ours.stateHash(), theirs.stateHash()) : List.<String>of();
        },
        hashes -> !hashes.isEmpty());
  }

  private static Api.Response write(String plural, String id, String body) {
    return usApi.post("/api/v1/" + plural + "/" + id + "/internal-notes", body);
  }

  private static int held(String plural, String id) {
    return usApi
        .get("/api/v1/" + plural + "/" + id + "/internal-notes")
        .body()
        .path("internal_notes")
        .size();
  }

  @Test
  void an_internal_note_never_reaches_the_peer_and_changes_no_state_hash() throws IOException {
    String id = incident("Object over the border");
    List<String> before = linkHashes();
    assertThat(before.get(0)).isEqualTo(before.get(1));

    String marker = "internal-" + UUID.randomUUID();
    Api.Response written =
        write("incidents", id, "{\"text\":\"Our assessment: " + marker + "\",\"by\":\"ana\"}");
    assertThat(written.status()).as(written.body().toString()).isEqualTo(201);
    assertThat(written.body().path("object").asText()).isEqualTo("incident/" + id);
    assertThat(written.body().path("author").asText()).isEqualTo("ana");
    assertThat(us.crisis().state(cnParty).stateHash()).isEqualTo(before.get(0));
    assertThat(us.crisis().pending(cnParty)).isEmpty();

    // A shared note made after it reaches the peer: anything sent before it has arrived too.
    Api.Response shared =
        usApi.post("/api/v1/incidents/" + id + "/changes", "{\"note\":\"shared after\"}");
    assertThat(shared.status()).isEqualTo(201);
    Await.until(
        "the shared note reached cn",
        Duration.ofSeconds(30),
        () -> cnApi.get("/api/v1/incidents/" + id).body().toString().contains("shared after"));
    List<String> after = linkHashes();
    assertThat(after.get(0)).isEqualTo(after.get(1));

    assertThat(cnApi.get("/api/v1/incidents/" + id).body().toString()).doesNotContain(marker);
    assertThat(
            cnApi
                .get("/api/v1/incidents/" + id + "/internal-notes")
                .body()
                .path("internal_notes")
                .isEmpty())
        .as("cn keeps no internal note of ours")
        .isTrue();
    assertThat(filesContaining(cn.home().dir(), marker))
        .as("no file of cn's (database, write-ahead log, logs) holds the note")
        .isEmpty();
    assertThat(filesContaining(us.home().dir(), marker)).as("the note is kept on us").isNotEmpty();
    assertThat(usApi.get("/api/v1/incidents/" + id).body().toString()).doesNotContain(marker);
  }

  private static List<Path> filesContaining(Path root, String text) throws IOException {
    byte[] wanted = text.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .filter(
              file -> {
                try {
                  return indexOf(Files.readAllBytes(file), wanted) >= 0;
                } catch (IOException gone) {
                  return false; // a temporary file removed while walking
                }
              })
          .toList();
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void internal_notes_are_kept_on_commitments_and_concerns_and_listed_oldest_first() {
    String concern = opened("concerns", "{\"peer\":\"cn\",\"title\":\"Precursor chemicals\"}");
    String commitment =
        opened(
            "commitments",
            "{\"peer\":\"cn\",\"owed_by\":\"cn\",\"what\":\"Share tracking data\","
                + "\"due\":\"2030-01-01T00:00:00Z\"}");
    for (String[] object : new String[][] {{"concerns", concern}, {"commitments", commitment}}) {
      Api.Response first = write(object[0], object[1], "{\"text\":\"first\"}");
      assertThat(first.status()).as(first.body().toString()).isEqualTo(201);
      Api.Response second =
          write(
              object[0],
              object[1],
              "{\"text\":\"second\",\"supersedes\":\"" + first.body().path("id").asText() + "\"}");
      assertThat(second.status()).as(second.body().toString()).isEqualTo(201);
      JsonNode notes =
          usApi
              .get("/api/v1/" + object[0] + "/" + object[1] + "/internal-notes")
              .body()
              .path("internal_notes");
      assertThat(notes.findValuesAsText("text")).containsExactly("first", "second");
      assertThat(notes.get(1).path("supersedes").asText())
          .isEqualTo(first.body().path("id").asText());
      assertThat(notes.get(0).path("author").asText()).isEqualTo("api");
    }
  }

  @Test
  void bad_input_is_a_problem_naming_the_field_and_stores_nothing() {
    String id = incident("Bad input");
    String missing = UUID.randomUUID().toString();

    Api.Response unknown = write("incidents", missing, "{\"text\":\"x\"}");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.raw().headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(usApi.get("/api/v1/incidents/" + missing + "/internal-notes").status())
        .isEqualTo(404);
    assertThat(write("incidents", "not-an-id", "{\"text\":\"x\"}").status()).isEqualTo(404);
    assertThat(write("concerns", id, "{\"text\":\"an incident's id as a concern\"}").status())
        .isEqualTo(404);

    Api.Response tooLong =
        write(
            "incidents", id, "{\"text\":\"" + "x".repeat(InternalNotes.TEXT_CHARS_MAX + 1) + "\"}");
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.body().path("field").asText()).isEqualTo("text");
    assertThat(tooLong.body().path("detail").asText()).contains("16384");

    assertThat(write("incidents", id, "{\"text\":\"   \"}").body().path("field").asText())
        .isEqualTo("text");
    assertThat(write("incidents", id, "{}").body().path("field").asText()).isEqualTo("text");
    Api.Response control = write("incidents", id, "{\"text\":\"bell \\u0007\"}");
    assertThat(control.status()).isEqualTo(400);
    assertThat(control.body().path("field").asText()).isEqualTo("text");
    Api.Response supersedes =
        write("incidents", id, "{\"text\":\"x\",\"supersedes\":\"" + missing + "\"}");
    assertThat(supersedes.status()).isEqualTo(400);
    assertThat(supersedes.body().path("field").asText()).isEqualTo("supersedes");
    assertThat(
            write("incidents", id, "{\"text\":\"x\",\"supersedes\":\"nope\"}")
                .body()
                .path("field")
                .asText())
        .isEqualTo("supersedes");
    assertThat(write("incidents", id, "{\"text\":4}").status()).isEqualTo(400);
    assertThat(write("incidents", id, "not json").status()).isEqualTo(400);
    assertThat(write("incidents", id, "").status()).isEqualTo(400);

    assertThat(held("incidents", id)).isZero();
    assertThat(
            write(
                    "incidents",
                    id,
                    "{\"text\":\"" + "y".repeat(InternalNotes.TEXT_CHARS_MAX) + "\"}")
                .status())
        .as("exactly the limit is kept")
        .isEqualTo(201);
    assertThat(held("incidents", id)).isOne();
  }

  private static ConsoleClient signedIn(String username) {
    ConsoleClient client = new ConsoleClient(us.apiPort());
    assertThat(client.signIn(username, Users.PASSWORD).statusCode()).isEqualTo(303);
    assertThat(client.get("/incidents").statusCode()).isEqualTo(200);
    return client;
  }

  @Test
  void the_incident_page_shows_internal_notes_apart_and_only_a_duty_officer_writes_one() {
    String id = incident("Console");
    ConsoleClient officer = signedIn("officer");
    String empty = officer.get("/incidents/" + id).body();
    assertThat(empty)
        .contains("id=\"internal-notes\"")
        .contains("internal — not shared with cn")
        .contains("id=\"form-internal-note\"")
        .contains("id=\"internal-notes-none\"");

    HttpResponse<String> written =
        officer.post(
            "/incidents/" + id + "/internal-notes", Map.of("text", "Minister briefed at 0900"));
    assertThat(written.statusCode()).as(written.body()).isEqualTo(303);
    String page = officer.get("/incidents/" + id).body();
    String section = page.substring(page.indexOf("id=\"internal-notes\""));
    assertThat(section).contains("Minister briefed at 0900").contains("officer");
    String shared = page.substring(0, page.indexOf("id=\"internal-notes\""));
    assertThat(shared).as("not among the shared notes").doesNotContain("Minister briefed");
    assertThat(us.crisis().find("incident/" + id).orElseThrow().object().timeline()).hasSize(1);

    ConsoleClient watcher = signedIn("watcher");
    assertThat(watcher.get("/incidents/" + id).body())
        .contains("Minister briefed at 0900")
        .doesNotContain("id=\"form-internal-note\"");
    HttpResponse<String> refused =
        watcher.post("/incidents/" + id + "/internal-notes", Map.of("text", "from a viewer"));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("may not write an internal note");

    HttpResponse<String> tooLong =
        officer.post(
            "/incidents/" + id + "/internal-notes",
            Map.of("text", "z".repeat(InternalNotes.TEXT_CHARS_MAX + 1)));
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(held("incidents", id)).isOne();
  }
}
