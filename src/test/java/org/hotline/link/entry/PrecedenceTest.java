package org.hotline.link.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import org.hotline.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrecedenceTest {
  @ParameterizedTest(name = "{0} has rank {1} and a deadline of {2}")
  @CsvSource({"FLASH, 0, PT10M", "IMMEDIATE, 1, PT30M", "PRIORITY, 2, PT3H", "ROUTINE, 3, PT6H"})
  void each_precedence_has_its_rank_and_default_acknowledgement_deadline(
      Precedence precedence, int rank, Duration deadline) {
    assertThat(precedence.rank()).isEqualTo(rank);
    assertThat(precedence.defaultAckDeadline()).isEqualTo(deadline);
    assertThat(Precedence.ofRank(rank)).isSameAs(precedence);
  }

  @Test
  void more_urgent_precedences_have_lower_ranks_and_shorter_deadlines() {
    assertThat(Arrays.stream(Precedence.values()).map(Precedence::rank)).isSorted();
    assertThat(Arrays.stream(Precedence.values()).map(Precedence::defaultAckDeadline)).isSorted();
  }

  @ParameterizedTest(name = "\"{0}\"")
  @CsvSource({"FLASH, FLASH", "IMMEDIATE, IMMEDIATE", "PRIORITY, PRIORITY", "ROUTINE, ROUTINE"})
  void parse_reads_the_documented_upper_case_names(String text, Precedence expected) {
    assertThat(Precedence.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @CsvSource({"flash", "Immediate", "routine"})
  void parse_refuses_any_other_case_as_an_unknown_precedence(String text) {
    assertThatThrownBy(() -> Precedence.parse(text))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("unknown precedence '" + text + "'");
  }

  @Test
  void parse_requires_a_precedence_and_names_the_field() {
    assertThatThrownBy(() -> Precedence.parse(null))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("precedence"))
        .hasMessageContaining("required");
  }

  @Test
  void parse_refuses_an_unknown_precedence_and_lists_the_known_ones() {
    assertThatThrownBy(() -> Precedence.parse("URGENT"))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("precedence"))
        .hasMessageContaining("'URGENT'")
        .hasMessageContaining("FLASH, IMMEDIATE, PRIORITY or ROUTINE");
  }

  @Test
  void an_unknown_rank_is_a_programming_error() {
    assertThatThrownBy(() -> Precedence.ofRank(4)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Precedence.ofRank(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void echoed_input_is_clipped_to_32_characters() {
    String exactly32 = "x".repeat(32);

    assertThat(Precedence.clip(exactly32)).isEqualTo(exactly32);
    assertThat(Precedence.clip("x".repeat(33))).isEqualTo(exactly32 + "…");
    assertThatThrownBy(() -> Precedence.parse("y".repeat(1000)))
        .hasMessageContaining("'" + "y".repeat(32) + "…'");
  }
}
