package org.hotline.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import org.hotline.Json;
import org.hotline.fuzz.Fuzzing;

/**
 * Identity cards (docs/protocol.md §9) on any file an operator is handed, read as {@code hotline
 * peer add} reads it: refused as JSON of the wrong shape (which the CLI reports as one line), or a
 * card whose fingerprint and verifier key can be computed and which reads back equal from its own
 * JSON. JSON is not canonical, so equality, not bytes, is the test.
 */
public class IdentityCardFuzzTest {

  @FuzzTest(maxDuration = Fuzzing.DURATION)
  void an_identity_card_is_refused_or_reads_back_equal_from_its_own_json(byte[] bytes)
      throws IOException {
    check(bytes);
  }

  public static void check(byte[] bytes) throws IOException {
    IdentityCard card;
    try {
      card = Json.mapper().readValue(bytes, IdentityCard.class);
    } catch (IOException refused) {
      return;
    }
    if (card == null) {
      return; // the JSON literal null, which the caller must refuse itself
    }
    assertThat(card.fingerprint())
        .matches("([0-9A-F]{4} ){3}[0-9A-F]{4}(  ([0-9A-F]{4} ){3}[0-9A-F]{4}){2}");
    assertThat(card.verifier().keyName()).isEqualTo(IdentityCard.signingKeyName(card.party()));
    assertThat(Json.mapper().readValue(Json.mapper().writeValueAsBytes(card), IdentityCard.class))
        .isEqualTo(card);
  }
}
