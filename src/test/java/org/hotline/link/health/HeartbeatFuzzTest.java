package org.hotline.link.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.hotline.InvalidInputException;
import org.hotline.fuzz.Fuzzing;
import org.hotline.transcript.SignedNote;
import org.hotline.transcript.TranscriptFormatException;

/**
 * Heartbeats (docs/protocol.md §11.4) on any note a peer can send. A note that is not a signed note
 * is taken as the text of one and signed by the peer's key, so that the fuzzer reaches the reading
 * of the text behind the signature check. The text is not canonical ({@code seq 007} reads as 7):
 * what is accepted must read back equal from its own signed text.
 */
public class HeartbeatFuzzTest {

  @FuzzTest(maxDuration = Fuzzing.DURATION)
  void a_heartbeat_is_refused_or_reads_back_equal_from_its_own_text(byte[] bytes) {
    check(bytes);
  }

  public static void check(byte[] bytes) {
    check(Fuzzing.text(bytes));
  }

  /** {@link #check(byte[])} on a note as it arrives in a JSON body. */
  public static void check(String text) {
    String note = text;
    try {
      SignedNote.parse(note);
    } catch (TranscriptFormatException notANote) {
      try {
        note = SignedNote.sign(note, Fuzzing.US).encode();
      } catch (TranscriptFormatException notAText) {
        // open() must refuse it as it stands
      }
    }
    Heartbeat heartbeat;
    try {
      heartbeat = Heartbeat.open(note, Fuzzing.US.verifier());
    } catch (InvalidInputException refused) {
      return;
    }
    assertThat(Heartbeat.open(heartbeat.sign(Fuzzing.US), Fuzzing.US.verifier()))
        .isEqualTo(heartbeat);
  }
}
