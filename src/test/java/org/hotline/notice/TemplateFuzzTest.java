package org.hotline.notice;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import org.hotline.InvalidInputException;
import org.hotline.fuzz.Fuzzing;

/**
 * A template as an operator or a peer's adoption gives it, and a notification's values as a peer
 * sends them: {@link Template#parse} refuses the text with {@link InvalidInputException} or returns
 * a template whose canonical form parses back to an equal one; {@link Template#check} answers with
 * problems and never throws, and values it finds nothing wrong with have a canonical form.
 */
public class TemplateFuzzTest {
  private static final List<Template> SHIPPED = TemplateCatalog.shipped();

  @FuzzTest(maxDuration = Fuzzing.DURATION)
  void a_template_is_refused_or_parses_back_equal_from_its_canonical_form(byte[] bytes) {
    parse(bytes);
  }

  @FuzzTest(maxDuration = Fuzzing.DURATION)
  void values_are_checked_without_an_exception_and_valid_ones_have_a_canonical_form(byte[] bytes) {
    check(bytes);
  }

  public static void parse(byte[] bytes) {
    Template template;
    try {
      template = Template.parse(Fuzzing.text(bytes));
    } catch (InvalidInputException refused) {
      assertThat(refused.field()).isNotNull();
      return;
    }
    assertThat(Template.parse(template.canonical())).isEqualTo(template);
    assertThat(template.canonical().length())
        .isLessThanOrEqualTo(TemplateLimits.CANONICAL_CHARS_MAX);
  }

  /** The first byte chooses a shipped template, the rest is the values. */
  public static void check(byte[] bytes) {
    if (bytes.length == 0) {
      return;
    }
    Template template = SHIPPED.get(Byte.toUnsignedInt(bytes[0]) % SHIPPED.size());
    String values = Fuzzing.text(java.util.Arrays.copyOfRange(bytes, 1, bytes.length));
    List<FieldProblem> problems = template.check(values);
    if (problems.isEmpty()) {
      assertThat(Template.canonicalValues(values)).startsWith("{");
    }
  }
}
