package org.hotline.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hotline.transcript.Vectors.ENOCH_SIG_LINE;
import static org.hotline.transcript.Vectors.ENOCH_VKEY;
import static org.hotline.transcript.Vectors.GO_TEXT;
import static org.hotline.transcript.Vectors.PETER_SIG_LINE;
import static org.hotline.transcript.Vectors.PETER_VKEY;
import static org.hotline.transcript.Vectors.SPEC_NOTE;
import static org.hotline.transcript.Vectors.hex;
import static org.hotline.transcript.Vectors.peter;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hotline.transcript.SignedNote.NoteSignature;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SignedNoteTest {
  private static final NoteVerifier PETER = NoteVerifier.parse(PETER_VKEY);
  private static final NoteVerifier ENOCH = NoteVerifier.parse(ENOCH_VKEY);
  private static final String GO_NOTE = GO_TEXT + "\n" + PETER_SIG_LINE;

  @Test
  void signing_published_text_with_published_go_key_reproduces_go_note_bit_for_bit() {
    assertThat(SignedNote.sign(GO_TEXT, peter()).encode()).isEqualTo(GO_NOTE);
  }

  @Test
  void published_go_note_verifies_with_published_key_and_not_with_another() {
    SignedNote note = SignedNote.parse(GO_NOTE);
    assertThat(note.text()).isEqualTo(GO_TEXT);
    assertThat(note.verifiedBy(PETER)).isTrue();
    assertThat(note.verifiedBy(ENOCH)).isFalse();
  }

  @Test
  void published_doubly_signed_go_note_verifies_with_both_keys_and_round_trips() {
    String encoded = GO_TEXT + "\n" + PETER_SIG_LINE + ENOCH_SIG_LINE;
    SignedNote note = SignedNote.parse(encoded);
    assertThat(note.signatures())
        .extracting(NoteSignature::keyName)
        .containsExactly("PeterNeumann", "EnochRoot");
    assertThat(hex(note.signatures().get(1).keyId())).isEqualTo("af0cfe78");
    assertThat(note.verifiedBy(PETER)).isTrue();
    assertThat(note.verifiedBy(ENOCH)).isTrue();
    assertThat(note.encode()).isEqualTo(encoded);
  }

  @Test
  void spec_example_note_splits_at_its_last_blank_line() {
    SignedNote note = SignedNote.parse(SPEC_NOTE);
    assertThat(note.text())
        .isEqualTo(
            "Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n"
                + "\ned è subito sera.\n");
    NoteSignature signature = note.signatures().get(0);
    assertThat(signature.keyName()).isEqualTo("quasimodo.example/salvatore");
    assertThat(hex(signature.keyId())).isEqualTo("367ba04b");
    assertThat(signature.signature()).hasSize(64);
    assertThat(note.encode()).isEqualTo(SPEC_NOTE);
  }

  static Stream<Arguments> malformedNotes() {
    String peterB64 =
        PETER_SIG_LINE.substring("— PeterNeumann ".length(), PETER_SIG_LINE.length() - 1);
    String seventeen = GO_TEXT + "\n" + signatureLines(17);
    return Stream.of(
        bad("text only (Go)", GO_TEXT, "no blank line"),
        bad("missing blank line", GO_TEXT + PETER_SIG_LINE, "no blank line"),
        bad("no signatures (Go)", GO_TEXT + "\n", "no signature lines"),
        bad(
            "last line without newline (Go)",
            GO_TEXT + "\n" + PETER_SIG_LINE.substring(0, PETER_SIG_LINE.length() - 1),
            "does not end in a newline"),
        bad("control character (Go)", "\u0001" + GO_NOTE, "U+0001"),
        bad("unpaired surrogate (Go's invalid UTF-8)", "\uDC00" + GO_NOTE, "surrogate"),
        bad("space in key name (Go)", GO_TEXT + "\n— Bad Name " + peterB64 + "\n", "base64"),
        bad(
            "unexpected line after signatures (Go)",
            GO_NOTE + "Unexpected line.\n",
            "Signature line 2 does not start with an em dash"),
        bad(
            "hyphens instead of em dash",
            GO_TEXT + "\n" + PETER_SIG_LINE.replace("—", "--"),
            "does not start with an em dash"),
        bad(
            "en dash instead of em dash",
            GO_TEXT + "\n" + PETER_SIG_LINE.replace("—", "–"),
            "does not start with an em dash"),
        bad(
            "no space after em dash",
            GO_TEXT + "\n" + PETER_SIG_LINE.replace("— ", "—"),
            "does not start with an em dash"),
        bad("no signature after key name", GO_TEXT + "\n— PeterNeumann\n", "no space after"),
        bad("plus in key name", GO_TEXT + "\n— Peter+Neumann " + peterB64 + "\n", "plus sign"),
        bad(
            "bad base64",
            GO_TEXT + "\n— PeterNeumann " + peterB64.replace('/', '!') + "\n",
            "not valid base64"),
        bad(
            "unpadded base64",
            GO_TEXT + "\n— PeterNeumann " + peterB64.replace("=", "") + "\n",
            "not canonical"),
        bad("empty signature", GO_TEXT + "\n— PeterNeumann \n", "carries 0 bytes"),
        bad("key ID but no signature", GO_TEXT + "\n— PeterNeumann x08gow==\n", "carries 4 bytes"),
        bad("truncated key ID", GO_TEXT + "\n— PeterNeumann x08g\n", "carries 3 bytes"),
        bad("duplicate signature", GO_NOTE + PETER_SIG_LINE, "two signatures by key"),
        bad("17 signatures", seventeen, "17 signature lines"),
        bad("101 signatures (Go)", GO_TEXT + "\n" + PETER_SIG_LINE.repeat(101), "101 signature"),
        bad("CRLF line endings", GO_NOTE.replace("\n", "\r\n"), "U+000D"),
        bad(
            "over-long note",
            "x".repeat(SignedNote.MAX_NOTE_BYTES) + "\n\n" + PETER_SIG_LINE,
            "more than 131072 bytes"),
        bad(
            "over-long in UTF-8 only",
            "é".repeat(SignedNote.MAX_NOTE_BYTES / 2) + "\n\n" + PETER_SIG_LINE,
            "more than 131072 bytes"));
  }

  private static Arguments bad(String name, String note, String message) {
    return Arguments.of(Named.of(name, note), message);
  }

  private static String signatureLines(int count) {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < count; i++) {
      lines.append(new NoteSignature("key" + i, new byte[4], new byte[64]).line()).append('\n');
    }
    return lines.toString();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedNotes")
  void parse_rejects_malformed_notes(String note, String message) {
    assertThatThrownBy(() -> SignedNote.parse(note))
        .isInstanceOf(TranscriptFormatException.class)
        .hasMessageContaining(message);
  }

  @Test
  void sixteen_signatures_are_accepted() {
    SignedNote note = SignedNote.parse(GO_TEXT + "\n" + signatureLines(16));
    assertThat(note.signatures()).hasSize(SignedNote.MAX_SIGNATURES);
  }

  @Test
  void text_not_ending_in_newline_cannot_be_signed_or_wrapped() {
    NoteSignature signature = SignedNote.parse(GO_NOTE).signatures().get(0);
    String text = GO_TEXT.substring(0, GO_TEXT.length() - 1);
    assertThatThrownBy(() -> SignedNote.sign(text, peter()))
        .isInstanceOf(TranscriptFormatException.class)
        .hasMessage("Note text does not end in a newline.");
    assertThatThrownBy(() -> new SignedNote(text, List.of(signature)))
        .isInstanceOf(TranscriptFormatException.class)
        .hasMessage("Note text does not end in a newline.");
  }

  @Test
  void constructor_rejects_notes_without_signatures_or_with_too_much_text() {
    NoteSignature signature = SignedNote.parse(GO_NOTE).signatures().get(0);
    assertThatThrownBy(() -> new SignedNote(GO_TEXT, List.of()))
        .isInstanceOf(TranscriptFormatException.class)
        .hasMessage("Signed note has no signatures.");
    String huge = "x".repeat(SignedNote.MAX_NOTE_BYTES) + "\n";
    assertThatThrownBy(() -> new SignedNote(huge, List.of(signature)))
        .isInstanceOf(TranscriptFormatException.class)
        .hasMessageContaining("more than the 131072 allowed");
  }

  @Test
  void any_single_character_change_in_the_text_fails_verification() {
    SignedNote note = SignedNote.sign(GO_TEXT, peter());
    NoteSignature signature = note.signatures().get(0);
    for (int i = 0; i < GO_TEXT.length() - 1; i++) {
      char[] chars = GO_TEXT.toCharArray();
      if (chars[i] == '\n') {
        continue;
      }
      chars[i] = chars[i] == 'x' ? 'y' : 'x';
      SignedNote tampered = new SignedNote(new String(chars), List.of(signature));
      assertThat(tampered.verifiedBy(PETER)).as("char %d", i).isFalse();
    }
    assertThat(new SignedNote(GO_TEXT + "\n", List.of(signature)).verifiedBy(PETER)).isFalse();
  }

  @Test
  void any_single_bit_change_in_the_signature_or_key_id_fails_verification() {
    NoteSignature signature = SignedNote.sign(GO_TEXT, peter()).signatures().get(0);
    for (int bit = 0; bit < 64 * 8; bit++) {
      NoteSignature tampered =
          new NoteSignature(
              "PeterNeumann", signature.keyId(), NoteKeysTest.flip(signature.signature(), bit));
      assertThat(new SignedNote(GO_TEXT, List.of(tampered)).verifiedBy(PETER))
          .as("signature bit %d", bit)
          .isFalse();
    }
    for (int bit = 0; bit < 4 * 8; bit++) {
      NoteSignature tampered =
          new NoteSignature(
              "PeterNeumann", NoteKeysTest.flip(signature.keyId(), bit), signature.signature());
      assertThat(new SignedNote(GO_TEXT, List.of(tampered)).verifiedBy(PETER))
          .as("key ID bit %d", bit)
          .isFalse();
    }
  }

  @Test
  void signature_under_another_key_name_does_not_count() {
    NoteSignature signature = SignedNote.sign(GO_TEXT, peter()).signatures().get(0);
    NoteSignature renamed =
        new NoteSignature("CarmenSandiego", signature.keyId(), signature.signature());
    assertThat(new SignedNote(GO_TEXT, List.of(renamed)).verifiedBy(PETER)).isFalse();
  }

  @Test
  void with_signature_appends_new_keys_and_replaces_the_same_key() {
    SignedNote note = SignedNote.parse(GO_NOTE);
    NoteSignature enoch = SignedNote.parse(GO_TEXT + "\n" + ENOCH_SIG_LINE).signatures().get(0);
    SignedNote both = note.withSignature(enoch);
    assertThat(both.encode()).isEqualTo(GO_TEXT + "\n" + PETER_SIG_LINE + ENOCH_SIG_LINE);

    NoteSignature stale = new NoteSignature("PeterNeumann", PETER.keyId(), new byte[64]);
    SignedNote resigned = both.withSignature(stale).withSignature(note.signatures().get(0));
    assertThat(resigned.encode()).isEqualTo(GO_TEXT + "\n" + ENOCH_SIG_LINE + PETER_SIG_LINE);
    assertThat(resigned.verifiedBy(PETER)).isTrue();
  }

  @Test
  void notes_and_signatures_are_equal_by_content() {
    assertThat(SignedNote.parse(GO_NOTE))
        .isEqualTo(SignedNote.sign(GO_TEXT, peter()))
        .hasSameHashCodeAs(SignedNote.sign(GO_TEXT, peter()));
    NoteSignature signature = SignedNote.parse(GO_NOTE).signatures().get(0);
    assertThat(signature.toString()).isEqualTo(PETER_SIG_LINE.strip());
  }

  @Test
  void signatures_list_cannot_be_changed_from_outside() {
    List<NoteSignature> list = new ArrayList<>(SignedNote.parse(GO_NOTE).signatures());
    SignedNote note = new SignedNote(GO_TEXT, list);
    list.clear();
    assertThat(note.signatures()).hasSize(1);
    assertThatThrownBy(() -> note.signatures().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void a_note_whose_text_is_a_single_newline_splits_at_its_very_start() {
    SignedNote note = SignedNote.parse("\n\n" + PETER_SIG_LINE);
    assertThat(note.text()).isEqualTo("\n");
    assertThat(note.signatures()).hasSize(1);
  }

  @Test
  void one_signature_line_parses_on_its_own() {
    String line = PETER_SIG_LINE.substring(0, PETER_SIG_LINE.length() - 1);
    NoteSignature signature = NoteSignature.parse(line);
    assertThat(signature.keyName()).isEqualTo("PeterNeumann");
    assertThat(SignedNote.parse(GO_NOTE).signatures()).containsExactly(signature);
  }

  @Test
  void a_signature_line_is_checked_for_length_and_characters_before_its_shape() {
    assertThatThrownBy(() -> NoteSignature.parse("x".repeat(SignedNote.MAX_NOTE_BYTES + 1)))
        .isInstanceOf(TranscriptFormatException.class)
        .hasMessage("Signature line is longer than " + SignedNote.MAX_NOTE_BYTES + " characters.");
    assertThatThrownBy(() -> NoteSignature.parse("x".repeat(SignedNote.MAX_NOTE_BYTES)))
        .isInstanceOf(TranscriptFormatException.class)
        .hasMessage("Signature line does not start with an em dash and a space.");
    assertThatThrownBy(() -> NoteSignature.parse(PETER_SIG_LINE))
        .isInstanceOf(TranscriptFormatException.class)
        .hasMessage("Signature line contains a newline.");
  }
}
