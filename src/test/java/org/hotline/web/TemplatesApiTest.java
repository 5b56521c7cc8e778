package org.hotline.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hotline.Json;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.notice.Template;
import org.hotline.notice.TemplateCatalog;
import org.hotline.testing.Api;
import org.hotline.testing.Nodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/v1/templates} on a real node over its real SQLite file: the shipped templates are
 * listed and served, an operator's template is added once for good, a bad one is refused naming the
 * place, and what was added is there after a restart.
 */
class TemplatesApiTest {
  @TempDir Path dir;

  private static ObjectNode operatorTemplate() throws IOException {
    ObjectNode template =
        (ObjectNode)
            Json.mapper()
                .readTree(
                    TemplateCatalog.shipped("aerial-object-sighting").orElseThrow().canonical());
    template.withObject("x-template").put("id", "balloon-sighting");
    return template;
  }

  @Test
  void templates_are_listed_served_added_once_and_kept_across_a_restart() throws IOException {
    NodeHome home = Nodes.init(dir, "us");
    String added;
    try (Node node = Nodes.start(home)) {
      Api api = new Api(home, node.apiPort());

      Api.Response listed = api.get("/api/v1/templates");
      assertThat(listed.status()).isEqualTo(200);
      assertThat(listed.body().path("templates").findValuesAsText("id"))
          .containsAll(TemplateCatalog.SHIPPED_IDS);
      JsonNode first = listed.body().path("templates").path(0);
      assertThat(first.path("source").asText()).isEqualTo("shipped");
      JsonNode documented;
      try (var in = TemplatesApiTest.class.getResourceAsStream("/openapi.json")) {
        documented = Json.mapper().readTree(in).at("/components/schemas/TemplateSummary");
      }
      List<String> fields = new ArrayList<>();
      first.fieldNames().forEachRemaining(fields::add);
      List<String> listedFields = new ArrayList<>();
      documented.path("properties").fieldNames().forEachRemaining(listedFields::add);
      assertThat(fields).containsExactlyInAnyOrderElementsOf(listedFields);
      assertThat(first.path("titles").path("zh").asText()).isNotBlank();

      Api.Response shown = api.get("/api/v1/templates/consular-detention");
      Template consular = TemplateCatalog.shipped("consular-detention").orElseThrow();
      assertThat(shown.status()).isEqualTo(200);
      assertThat(shown.raw().body()).isEqualTo(consular.canonical());
      assertThat(shown.raw().headers().firstValue("ETag"))
          .hasValue("\"" + consular.sha256() + "\"");
      assertThat(api.get("/api/v1/templates/consular-detention?version=1").status()).isEqualTo(200);
      assertThat(api.get("/api/v1/templates/consular-detention?version=2").status()).isEqualTo(404);
      assertThat(api.get("/api/v1/templates/nothing-here").status()).isEqualTo(404);
      Api.Response badVersion = api.get("/api/v1/templates/consular-detention?version=x");
      assertThat(badVersion.status()).isEqualTo(400);
      assertThat(badVersion.body().path("field").asText()).isEqualTo("version");

      added = operatorTemplate().toString();
      Api.Response longName = api.post("/api/v1/templates?by=" + "x".repeat(65), added);
      assertThat(longName.status()).isEqualTo(400);
      assertThat(longName.body().path("field").asText()).isEqualTo("by");
      Api.Response created = api.post("/api/v1/templates?by=duty%20officer", added);
      assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
      assertThat(created.body().path("id").asText()).isEqualTo("balloon-sighting");
      assertThat(created.body().path("source").asText()).isEqualTo("added");
      assertThat(created.body().path("added_by").asText()).isEqualTo("duty officer");
      assertThat(created.body().path("sha256").asText()).isEqualTo(Template.parse(added).sha256());

      Api.Response again = api.post("/api/v1/templates", added);
      assertThat(again.status()).isEqualTo(200);
      assertThat(again.body().path("added_by").asText()).isEqualTo("duty officer");

      ObjectNode changed = operatorTemplate();
      changed.withObject("x-titles").put("en", "Balloon sighting");
      Api.Response conflict = api.post("/api/v1/templates", changed.toString());
      assertThat(conflict.status()).isEqualTo(409);
      assertThat(conflict.body().path("detail").asText())
          .contains("balloon-sighting version 1 is already known with other content");

      ObjectNode shippedChanged = (ObjectNode) Json.mapper().readTree(consular.canonical());
      shippedChanged.withObject("x-titles").put("en", "Detained national");
      assertThat(api.post("/api/v1/templates", shippedChanged.toString()).status()).isEqualTo(409);
      assertThat(api.post("/api/v1/templates", consular.canonical()).status()).isEqualTo(200);

      ObjectNode bad = operatorTemplate();
      bad.withObject("x-template").put("id", "bad-one");
      bad.withObject("properties").withObject("altitude").put("maximum", 1.5);
      Api.Response refused = api.post("/api/v1/templates", bad.toString());
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.body().path("field").asText()).isEqualTo("/properties/altitude/maximum");
      assertThat(refused.body().path("detail").asText())
          .isEqualTo(
              "the template is refused at /properties/altitude/maximum: a number with a fraction"
                  + " or exponent: a template holds integers only");
      assertThat(api.post("/api/v1/templates", "not json").status()).isEqualTo(400);
      assertThat(api.get("/api/v1/templates").body().path("templates").findValuesAsText("id"))
          .contains("balloon-sighting")
          .doesNotContain("bad-one");
    }
    try (Node node = Nodes.start(home)) {
      Api api = new Api(home, node.apiPort());
      Api.Response shown = api.get("/api/v1/templates/balloon-sighting");
      assertThat(shown.status()).isEqualTo(200);
      assertThat(shown.raw().body()).isEqualTo(Template.parse(added).canonical());
    }
  }
}
