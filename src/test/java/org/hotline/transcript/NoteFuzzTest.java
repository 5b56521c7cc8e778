package org.hotline.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.hotline.fuzz.Fuzzing;

/**
 * The C2SP parsers on any text a peer can send where a signed note, a checkpoint body or a
 * cosignature line is expected: each refuses it with {@link TranscriptFormatException}, or returns
 * a value whose encoding is exactly that text (all three formats are canonical).
 */
public class NoteFuzzTest {
  private static final Checkpoint EXAMPLE =
      Checkpoint.parse("hotline/us/cn\n3\nGTH9dUls8yuptQodbu41uItVa73McCzQkFxu+VdBJLs=\n");

  @FuzzTest(maxDuration = Fuzzing.DURATION)
  void a_signed_note_is_refused_or_encodes_back_to_its_text(byte[] bytes) {
    signedNote(bytes);
  }

  @FuzzTest(maxDuration = Fuzzing.DURATION)
  void a_checkpoint_body_is_refused_or_encodes_back_to_its_text(byte[] bytes) {
    checkpoint(bytes);
  }

  @FuzzTest(maxDuration = Fuzzing.DURATION)
  void a_cosignature_line_is_refused_or_encodes_back_to_its_text(byte[] bytes) {
    cosignature(bytes);
  }

  public static void signedNote(byte[] bytes) {
    signedNote(Fuzzing.text(bytes));
  }

  /** {@link #signedNote(byte[])} on a note as it arrives in a JSON body. */
  public static void signedNote(String text) {
    SignedNote note;
    try {
      note = SignedNote.parse(text);
    } catch (TranscriptFormatException refused) {
      return;
    }
    assertThat(note.encode()).isEqualTo(text);
    note.verifiedBy(Fuzzing.US.verifier()); // a verdict, never an exception
  }

  public static void checkpoint(byte[] bytes) {
    String text = Fuzzing.text(bytes);
    Checkpoint checkpoint;
    try {
      checkpoint = Checkpoint.parse(text);
    } catch (TranscriptFormatException refused) {
      return;
    }
    assertThat(checkpoint.body()).isEqualTo(text);
  }

  public static void cosignature(byte[] bytes) {
    String text = Fuzzing.text(bytes);
    SignedNote.NoteSignature line;
    try {
      line = SignedNote.NoteSignature.parse(text);
    } catch (TranscriptFormatException refused) {
      return;
    }
    assertThat(line.line()).isEqualTo(text);
    Cosignature.verify(EXAMPLE, line, Fuzzing.CN.verifier()); // a verdict, never an exception
    try {
      assertThat(Cosignature.timestamp(line)).isNotNegative();
    } catch (TranscriptFormatException refused) {
      // not the 72 bytes of a timestamped signature
    }
  }
}
