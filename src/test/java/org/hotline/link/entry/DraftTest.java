package org.hotline.link.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.hotline.InvalidInputException;
import org.hotline.identity.PartyId;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DraftTest {
  private static final PartyId CN = PartyId.of("cn");

  /** A valid draft, changed one field at a time by the cases below. */
  private record Fields(
      PartyId to,
      Precedence precedence,
      StatusFlag status,
      String subject,
      String body,
      String language) {
    static Fields valid() {
      return new Fields(
          CN, Precedence.ROUTINE, StatusFlag.ACTUAL, "Link test", "Please confirm.", "en");
    }

    Fields withTo(PartyId to) {
      return new Fields(to, precedence, status, subject, body, language);
    }

    Fields withPrecedence(Precedence precedence) {
      return new Fields(to, precedence, status, subject, body, language);
    }

    Fields withSubject(String subject) {
      return new Fields(to, precedence, status, subject, body, language);
    }

    Fields withBody(String body) {
      return new Fields(to, precedence, status, subject, body, language);
    }

    Fields withLanguage(String language) {
      return new Fields(to, precedence, status, subject, body, language);
    }

    Draft draft() {
      return new Draft(to, precedence, status, subject, body, language, null);
    }
  }

  static Stream<Arguments> badDrafts() {
    return Stream.of(
        bad("no recipient", f -> f.withTo(null), "to", "required"),
        bad("no precedence", f -> f.withPrecedence(null), "precedence", "required"),
        bad("no subject", f -> f.withSubject(null), "subject", "required"),
        bad("empty subject", f -> f.withSubject(""), "subject", "required"),
        bad("blank subject", f -> f.withSubject(" \t "), "subject", "required"),
        bad(
            "subject of 201 characters",
            f -> f.withSubject("s".repeat(201)),
            "subject",
            "201 characters"),
        bad("subject with a line feed", f -> f.withSubject("two\nlines"), "subject", "single line"),
        bad(
            "subject with a carriage return",
            f -> f.withSubject("two\rlines"),
            "subject",
            "single line"),
        bad("no body", f -> f.withBody(null), "body", "required"),
        bad(
            "body one byte over 64 KiB",
            f -> f.withBody("b".repeat(65_537)),
            "body",
            "65537 bytes"),
        bad(
            "body over 64 KiB in UTF-8",
            f -> f.withBody("é".repeat(32_769)),
            "body",
            "65538 bytes"),
        bad(
            "language that is not a tag",
            f -> f.withLanguage("english please"),
            "language",
            "BCP 47"),
        bad("language of one letter", f -> f.withLanguage("e"), "language", "BCP 47"),
        bad("language with an empty subtag", f -> f.withLanguage("zh-"), "language", "BCP 47"));
  }

  private static Arguments bad(
      String name, UnaryOperator<Fields> change, String field, String message) {
    return Arguments.of(Named.of(name, change), field, message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badDrafts")
  void a_draft_that_breaks_a_limit_is_refused_naming_the_field(
      UnaryOperator<Fields> change, String field, String message) {
    Fields fields = change.apply(Fields.valid());

    assertThatThrownBy(fields::draft)
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field))
        .hasMessageContaining(message);
  }

  @Test
  void limits_themselves_are_allowed() {
    Draft draft =
        new Draft(
            CN,
            Precedence.FLASH,
            StatusFlag.TEST,
            "s".repeat(200),
            "b".repeat(65_536),
            "zh-Hans-CN",
            null);

    assertThat(draft.subject()).hasSize(Draft.SUBJECT_LENGTH_MAX);
    assertThat(draft.body()).hasSize(Draft.BODY_BYTES_MAX);
    assertThat(draft.language()).isEqualTo("zh-Hans-CN");
  }

  @Test
  void an_empty_body_is_allowed() {
    assertThat(Fields.valid().withBody("").draft().body()).isEmpty();
  }

  @Test
  void status_defaults_to_actual_and_language_to_english() {
    Draft draft = new Draft(CN, Precedence.PRIORITY, null, "Subject", "Body", null, null);

    assertThat(draft.status()).isEqualTo(StatusFlag.ACTUAL);
    assertThat(draft.language()).isEqualTo(Draft.LANGUAGE_DEFAULT).isEqualTo("en");
  }

  @Test
  void given_status_and_language_are_kept() {
    Draft draft =
        new Draft(CN, Precedence.PRIORITY, StatusFlag.EXERCISE, "Subject", "Body", "fr", null);

    assertThat(draft.status()).isEqualTo(StatusFlag.EXERCISE);
    assertThat(draft.language()).isEqualTo("fr");
  }
}
