package org.hotline.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hotline.link.entry.ChangeEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TemplateCatalogTest {
  static List<String> ids() {
    return TemplateCatalog.SHIPPED_IDS;
  }

  @Test
  void every_file_in_the_templates_folder_is_shipped_and_every_shipped_id_has_a_file()
      throws IOException {
    List<String> files = new ArrayList<>();
    try (Stream<Path> listing = Files.list(Path.of("src/main/resources/notice/templates"))) {
      listing.forEach(file -> files.add(file.getFileName().toString().replace(".json", "")));
    }
    assertThat(files).containsExactlyInAnyOrderElementsOf(TemplateCatalog.SHIPPED_IDS);
    assertThat(TemplateCatalog.shipped())
        .extracting(Template::id)
        .containsExactlyElementsOf(TemplateCatalog.SHIPPED_IDS);
  }

  @Test
  void the_canonical_limit_is_the_length_of_one_string_argument_of_a_change() {
    assertThat(TemplateLimits.CANONICAL_CHARS_MAX).isEqualTo(ChangeEntry.STRING_CHARS_MAX);
  }

  @ParameterizedTest
  @MethodSource("ids")
  void a_shipped_template_parses_at_version_one_within_the_size_limit(String id) {
    Template template = TemplateCatalog.shipped(id).orElseThrow();
    assertThat(template.version()).isEqualTo(1);
    assertThat(template.canonical().length())
        .isLessThanOrEqualTo(TemplateLimits.CANONICAL_CHARS_MAX);
    assertThat(template.sha256()).matches("[0-9a-f]{64}");
    assertThat(Template.parse(template.canonical())).isEqualTo(template);
  }

  @ParameterizedTest
  @MethodSource("ids")
  void a_shipped_template_speaks_both_languages_on_every_label(String id) {
    Template template = TemplateCatalog.shipped(id).orElseThrow();
    assertThat(template.title("en")).isNotBlank();
    assertThat(template.title("zh")).isNotBlank().isNotEqualTo(template.title("en"));
    for (TemplateField field : all(template.fields())) {
      assertThat(field.labels()).as(field.name()).containsOnlyKeys("en", "zh");
      assertThat(field.label("zh")).as(field.name()).isNotEqualTo(field.label("en"));
      for (TemplateField.Choice choice : field.choices()) {
        assertThat(choice.labels())
            .as(field.name() + " " + choice.value())
            .containsOnlyKeys("en", "zh");
      }
    }
    assertThat(all(template.fields())).anyMatch(TemplateField::freeText);
  }

  @ParameterizedTest
  @MethodSource("ids")
  void the_example_values_of_a_shipped_template_pass_its_check(String id) {
    Template template = TemplateCatalog.shipped(id).orElseThrow();
    String example = TemplateCatalog.example(id).orElseThrow();
    assertThat(template.check(example)).isEmpty();
    assertThat(Template.canonicalValues(example)).startsWith("{");
  }

  private static List<TemplateField> all(List<TemplateField> fields) {
    List<TemplateField> all = new ArrayList<>();
    for (TemplateField field : fields) {
      all.add(field);
      all.addAll(field.items());
    }
    return all;
  }
}
