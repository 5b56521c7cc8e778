package org.hotline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hotline.Json;
import org.hotline.app.Node;
import org.hotline.cli.CliRuns.Run;
import org.hotline.notice.Template;
import org.hotline.notice.TemplateCatalog;
import org.hotline.testing.Nodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hotline template list|show|add} run as the real executable against a running node: the
 * list is aligned columns, show prints the document, add prints what it added, and a file that is
 * not a template is one line on standard error naming the place, with exit 1.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemplateCliTest {
  @TempDir static Path dir;

  private Node us;

  @BeforeAll
  void start_a_node() {
    us = Nodes.start(Nodes.init(dir, "us"));
  }

  @AfterAll
  void stop() {
    us.close();
  }

  @Test
  void list_show_and_add_go_through_the_api_and_a_bad_template_is_one_line_naming_the_place()
      throws IOException {
    Run listed = hotline("list");
    assertThat(listed.exit()).as(listed.toString()).isZero();
    assertThat(listed.stdout())
        .startsWith("ID ")
        .containsPattern(
            "(?m)^consular-detention +1 +shipped +[0-9a-f]{12} +Consular notification");

    Run shown = hotline("show", "flight-schedule", "--version", "1");
    assertThat(shown.exit()).as(shown.toString()).isZero();
    Template flights = TemplateCatalog.shipped("flight-schedule").orElseThrow();
    assertThat(Template.parse(shown.stdout()).sha256()).isEqualTo(flights.sha256());

    ObjectNode template = (ObjectNode) Json.mapper().readTree(flights.canonical());
    template.withObject("x-template").put("id", "charter-schedule");
    Path file = Files.writeString(dir.resolve("charter.json"), template.toPrettyString());
    Run added = hotline("add", file.toString(), "--by", "ops");
    assertThat(added.exit()).as(added.toString()).isZero();
    assertThat(added.stdout())
        .isEqualTo(
            "added charter-schedule version 1 (sha256 "
                + Template.parse(template.toString()).sha256()
                + ")\n");
    assertThat(hotline("list").stdout()).containsPattern("(?m)^charter-schedule +1 +added ");

    template.withObject("x-template").put("id", "bad-schedule");
    template.withObject("properties").withObject("remarks").put("maxLength", 20_000);
    Path bad = Files.writeString(dir.resolve("bad.json"), template.toString());
    hotline("add", bad.toString())
        .assertOneLineError(
            "the template is refused at /properties/remarks/maxLength: is at least 1 and at most"
                + " 16384");
    Path notJson = Files.writeString(dir.resolve("not.json"), "{\"a\":");
    hotline("add", notJson.toString()).assertOneLineError("is not JSON");
    hotline("add", dir.resolve("missing.json").toString()).assertOneLineError("no such file");
    hotline("show", "nothing-here").assertOneLineError("no template nothing-here");
  }

  private Run hotline(String command, String... args) {
    List<String> all =
        new ArrayList<>(List.of("template", command, "--dir", us.home().dir().toString()));
    all.addAll(List.of(args));
    return CliRuns.hotline(dir, all.toArray(String[]::new));
  }
}
