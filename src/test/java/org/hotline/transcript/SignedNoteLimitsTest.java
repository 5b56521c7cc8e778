package org.hotline.transcript;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hotline.transcript.Vectors.GO_TEXT;
import static org.hotline.transcript.Vectors.peter;

import java.util.List;
import org.hotline.transcript.SignedNote.NoteSignature;
import org.junit.jupiter.api.Test;

/** The limits a signed note holds at their exact edges, and what a signature is equal to. */
class SignedNoteLimitsTest {
  private static final NoteSignature PETER = SignedNote.sign(GO_TEXT, peter()).signatures().get(0);

  /**
   * A text, ending in a newline, that makes the encoded note exactly {@code noteBytes} in UTF-8.
   */
  private static String textForNoteOf(int noteBytes) {
    int overhead = 1 + PETER.line().getBytes(UTF_8).length + 1;
    return "x".repeat(noteBytes - overhead - 1) + "\n";
  }

  @Test
  void a_note_of_exactly_the_byte_limit_is_accepted_by_the_constructor_and_by_parse() {
    SignedNote note = new SignedNote(textForNoteOf(SignedNote.MAX_NOTE_BYTES), List.of(PETER));

    String encoded = note.encode();

    assertThat(encoded.getBytes(UTF_8)).hasSize(SignedNote.MAX_NOTE_BYTES);
    assertThat(SignedNote.parse(encoded)).isEqualTo(note);
  }

  @Test
  void a_note_one_byte_over_the_limit_is_refused_by_the_constructor_and_by_parse() {
    String text = textForNoteOf(SignedNote.MAX_NOTE_BYTES + 1);
    String encoded = text + "\n" + PETER.line() + "\n";

    assertThatThrownBy(() -> new SignedNote(text, List.of(PETER)))
        .isInstanceOf(TranscriptFormatException.class)
        .hasMessageContaining("more than the " + SignedNote.MAX_NOTE_BYTES);
    assertThatThrownBy(() -> SignedNote.parse(encoded))
        .isInstanceOf(TranscriptFormatException.class)
        .hasMessageContaining("more than " + SignedNote.MAX_NOTE_BYTES + " bytes");
  }

  @Test
  void a_note_over_the_limit_only_in_utf8_bytes_is_refused_by_parse() {
    String text = "é".repeat(SignedNote.MAX_NOTE_BYTES / 2) + "\n";
    String encoded = text + "\n" + PETER.line() + "\n";

    assertThat(encoded.length()).isLessThan(SignedNote.MAX_NOTE_BYTES);
    assertThatThrownBy(() -> SignedNote.parse(encoded))
        .isInstanceOf(TranscriptFormatException.class)
        .hasMessageContaining("more than " + SignedNote.MAX_NOTE_BYTES + " bytes");
  }

  @Test
  void the_constructor_refuses_text_with_a_control_character() {
    assertThatThrownBy(() -> new SignedNote("tab\there\n", List.of(PETER)))
        .isInstanceOf(TranscriptFormatException.class)
        .hasMessageContaining("U+0009");
  }

  @Test
  void a_signature_line_cannot_be_made_under_an_invalid_key_name() {
    assertThatThrownBy(() -> new NoteSignature("Peter Neumann", PETER.keyId(), PETER.signature()))
        .isInstanceOf(TranscriptFormatException.class)
        .hasMessageContaining("contains a space");
    assertThatThrownBy(() -> new NoteSignature("Peter+Neumann", PETER.keyId(), PETER.signature()))
        .isInstanceOf(TranscriptFormatException.class)
        .hasMessageContaining("plus sign");
    assertThatThrownBy(() -> new NoteSignature("+PeterNeumann", PETER.keyId(), PETER.signature()))
        .isInstanceOf(TranscriptFormatException.class)
        .hasMessageContaining("plus sign");
  }

  @Test
  void signatures_that_differ_in_key_name_key_id_or_signature_are_not_equal() {
    byte[] otherKeyId = PETER.keyId();
    otherKeyId[0] ^= 1;
    byte[] otherSignature = PETER.signature();
    otherSignature[0] ^= 1;

    assertThat(PETER)
        .isNotEqualTo(new NoteSignature("EnochRoot", PETER.keyId(), PETER.signature()))
        .isNotEqualTo(new NoteSignature(PETER.keyName(), otherKeyId, PETER.signature()))
        .isNotEqualTo(new NoteSignature(PETER.keyName(), PETER.keyId(), otherSignature))
        .isNotEqualTo(PETER.line())
        .isEqualTo(new NoteSignature(PETER.keyName(), PETER.keyId(), PETER.signature()));
  }
}
