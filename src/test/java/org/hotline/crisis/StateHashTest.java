package org.hotline.crisis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.erdtman.jcs.JsonCanonicalizer;
import org.hotline.Json;
import org.junit.jupiter.api.Test;

/**
 * The state hash's canonical JSON is RFC 8785's: the same bytes as the reference canonicalizer by
 * the RFC's author, for every kind of character a text may hold and every shape a state has.
 */
class StateHashTest {
  private static String reference(Map<String, Object> state) throws Exception {
    return new JsonCanonicalizer(Json.mapper().writeValueAsString(state)).getEncodedString();
  }

  private static String ours(Map<String, Object> state) {
    return new String(StateHash.canonicalJson(state), StandardCharsets.UTF_8);
  }

  @Test
  void names_are_sorted_by_utf16_code_units_and_nothing_is_spaced() throws Exception {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("b", 1L);
    state.put("a", List.of("x", 2L, true));
    state.put("\u20ac", null);
    state.put("\ud83d\ude00", Map.of("z", false, "y", "é"));
    state.put("A", "line\nbreak\ttab \"quoted\" back\\slash \u0001\u001f\u007f");

    assertThat(ours(state)).isEqualTo(reference(state));
    assertThat(ours(Map.of("b", 1L, "a", 2L))).isEqualTo("{\"a\":2,\"b\":1}");
  }

  @Test
  void random_texts_of_every_kind_of_character_canonicalize_as_the_reference_does()
      throws Exception {
    SplittableRandom random = new SplittableRandom(8785);
    int[] ranges = {0x00, 0x20, 0x7f, 0xa0, 0x2028, 0x4e00, 0xfeff, 0x1f600, 0x10ffff};
    for (int run = 0; run < 2_000; run++) {
      StringBuilder text = new StringBuilder();
      for (int i = random.nextInt(12); i > 0; i--) {
        int start = ranges[random.nextInt(ranges.length)];
        int codePoint = Math.min(0x10ffff, start + random.nextInt(40));
        if (codePoint >= 0xd800 && codePoint <= 0xdfff) {
          codePoint = 'x';
        }
        text.appendCodePoint(codePoint);
      }
      Map<String, Object> state = new LinkedHashMap<>();
      state.put(text.toString(), text.toString());
      state.put("list", new ArrayList<>(List.of(text.toString(), (long) random.nextInt())));
      state.put("n", random.nextLong(-StateHash.INTEGER_EXACT_MAX, StateHash.INTEGER_EXACT_MAX));
      assertThat(ours(state)).as("run %d: %s", run, text).isEqualTo(reference(state));
    }
  }

  @Test
  void integers_beyond_what_ecmascript_holds_exactly_are_written_as_its_nearest_number()
      throws Exception {
    SplittableRandom random = new SplittableRandom(53);
    List<Long> numbers =
        new ArrayList<>(
            List.of(Long.MAX_VALUE, Long.MIN_VALUE, (1L << 53) + 1, -(1L << 53) - 1, 1L << 60));
    for (int i = 0; i < 1_000; i++) {
      numbers.add(random.nextLong());
    }
    for (long number : numbers) {
      Map<String, Object> state = Map.of("n", number);
      assertThat(ours(state)).as("%d", number).isEqualTo(reference(state));
    }
    assertThat(ours(Map.of("n", Long.MAX_VALUE))).isEqualTo("{\"n\":9223372036854776000}");
  }
}
