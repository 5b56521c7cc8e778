package org.hotline.link.entry;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.hotline.InvalidInputException;
import org.hotline.fuzz.Fuzzing;

/**
 * The entry reader on any bytes a peer can put in a batch or a pull answer (docs/protocol.md §3.3):
 * it refuses them, or they are the canonical encoding of the entry it returns, byte for byte.
 */
public class EntryFuzzTest {

  @FuzzTest(maxDuration = Fuzzing.DURATION)
  void an_entry_is_refused_or_encodes_back_to_its_exact_bytes(byte[] bytes) {
    check(bytes);
  }

  public static void check(byte[] bytes) {
    Entry entry;
    try {
      entry = EntryCodec.decode(bytes);
    } catch (InvalidInputException refused) {
      return;
    }
    // A canonical entry starts {"v":N, with its one-digit format version N.
    assertThat(EntryCodec.encode(entry, bytes[5] - '0')).isEqualTo(bytes);
  }
}
