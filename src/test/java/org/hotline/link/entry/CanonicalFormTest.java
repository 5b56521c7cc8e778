package org.hotline.link.entry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.junit.jupiter.api.Test;

/**
 * The canonical-form check must agree with Jackson's encoder byte for byte: true for exactly the
 * bytes {@link EntryCodec#encode} writes, false for any other bytes, however close.
 */
class CanonicalFormTest {
  private static final LogOrigin LOG = new LogOrigin(PartyId.of("us"), PartyId.of("cn"));

  /** Every class of character the encoder treats differently, and its neighbours. */
  private static final String[] PIECES = {
    "a",
    "Z",
    "0",
    " ",
    "/",
    "\"",
    "\\",
    "\b",
    "\t",
    "\n",
    "\f",
    "\r",
    "\u0000",
    "\u0001",
    "\u001f",
    "\u000b",
    "\u007f",
    "\u0080",
    "é",
    "\u07ff",
    "\u0800",
    "€",
    "\u2028",
    "\ufeff",
    "\uffff",
    "😀",
    "\uD800\uDC00",
    "\uDBFF\uDFFF",
    "<",
    "&",
    "'"
  };

  @Test
  void the_check_accepts_exactly_what_jackson_writes_for_every_kind_of_character() {
    SplittableRandom random = new SplittableRandom(7);
    int checked = 0;
    for (int i = 0; i < 20_000; i++) {
      Entry entry = randomEntry(random, i + 1);
      byte[] bytes = EntryCodec.encode(entry);
      assertThat(CanonicalForm.matches(entry, bytes, bytes[5] - '0'))
          .as(new String(bytes, StandardCharsets.UTF_8))
          .isTrue();
      byte[] changed = bytes.clone();
      int at = random.nextInt(changed.length);
      changed[at] ^= (byte) (1 << random.nextInt(8));
      assertThat(CanonicalForm.matches(entry, changed, bytes[5] - '0')).isFalse();
      assertThat(
              CanonicalForm.matches(
                  entry,
                  java.util.Arrays.copyOf(bytes, bytes.length - 1),
                  EntryCodec.FORMAT_VERSION))
          .isFalse();
      assertThat(
              CanonicalForm.matches(
                  entry,
                  java.util.Arrays.copyOf(bytes, bytes.length + 1),
                  EntryCodec.FORMAT_VERSION))
          .isFalse();
      checked++;
    }
    assertThat(checked).isEqualTo(20_000);
  }

  /** Pieces that need no escape: such text is compared as its UTF-8 bytes in one step. */
  private static final String[] PLAIN_PIECES = {
    "a", "Z", "0", " ", "/", "\u007f", "\u0080", "é", "\u07ff", "\u0800", "€", "\uffff", "<", "'"
  };

  @Test
  void text_that_needs_no_escape_matches_only_its_exact_encoding() {
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 5_000; i++) {
      StringBuilder body = new StringBuilder();
      for (int piece = random.nextInt(200); piece > 0; piece--) {
        body.append(PLAIN_PIECES[random.nextInt(PLAIN_PIECES.length)]);
      }
      Entry entry = message("subject " + i, body.toString(), random, i + 1);
      byte[] bytes = EntryCodec.encode(entry);
      assertThat(CanonicalForm.matches(entry, bytes, bytes[5] - '0')).isTrue();
      byte[] changed = bytes.clone();
      changed[random.nextInt(changed.length)] ^= (byte) (1 << random.nextInt(8));
      assertThat(CanonicalForm.matches(entry, changed, bytes[5] - '0')).isFalse();
    }
  }

  @Test
  void a_lone_surrogate_does_not_match_the_question_mark_that_utf8_encoding_gives_it() {
    SplittableRandom random = new SplittableRandom(5);
    Entry lone = message("subject", "a\uD800b", random, 1);
    Entry questionMark =
        new MessageEntry(
            LOG,
            1,
            ((MessageEntry) lone).id(),
            ((MessageEntry) lone).created(),
            new Draft(
                LOG.reader(),
                ((MessageEntry) lone).draft().precedence(),
                ((MessageEntry) lone).draft().status(),
                "subject",
                "a?b",
                "en",
                ((MessageEntry) lone).draft().inReplyTo(),
                ((MessageEntry) lone).draft().channel()),
            ((MessageEntry) lone).seen());
    assertThat(
            CanonicalForm.matches(lone, EntryCodec.encode(questionMark), EntryCodec.FORMAT_VERSION))
        .isFalse();
  }

  @Test
  void an_equivalent_but_different_spelling_is_not_canonical() {
    Entry entry = message("A\u0001é", "\n", new SplittableRandom(1), 3);
    String json = new String(EntryCodec.encode(entry), StandardCharsets.UTF_8);
    List<String> spellings =
        List.of(
            json.replace("\"subject\":\"A", "\"subject\":\"\\u0041"),
            json.replace("\\u0001", "\\u0001".toLowerCase()).replace("\\u0001", "\\u001"),
            json.replace("\\n", "\\u000A"),
            json.replace("\\u0001", "\\u0001".replace("u0001", "u0001")).replace("é", "\\u00e9"),
            json.replace("{\"v\":2,", "{ \"v\":2,"),
            json.replace("\"seq\":3", "\"seq\":03"));
    for (String spelling : spellings) {
      if (!spelling.equals(json)) {
        assertThat(
                CanonicalForm.matches(
                    entry, spelling.getBytes(StandardCharsets.UTF_8), EntryCodec.FORMAT_VERSION))
            .as(spelling)
            .isFalse();
      }
    }
  }

  /** A random entry that its constructors accept (some random texts break their limits). */
  private static Entry randomEntry(SplittableRandom random, long seq) {
    while (true) {
      try {
        return anyEntry(random, seq);
      } catch (org.hotline.InvalidInputException e) {
        // draw again
      }
    }
  }

  private static Entry anyEntry(SplittableRandom random, long seq) {
    return switch (random.nextInt(4)) {
      case 0 -> message(text(random, 1, 20, false), text(random, 0, 60, true), random, seq);
      case 1 ->
          new ResponseEntry(
              LOG,
              seq,
              id(random),
              Instant.ofEpochMilli(random.nextLong(1L << 42)),
              ResponseEntry.Kind.values()[random.nextInt(3)],
              id(random),
              text(random, 1, 10, false),
              text(random, 0, 30, true));
      case 2 ->
          new RecoveryEntry(
              LOG,
              seq,
              id(random),
              Instant.ofEpochMilli(random.nextLong(1L << 42)),
              random.nextLong(seq),
              seq - 1 + random.nextLong(1L << 40));
      default ->
          new LinkTestEntry(
              LOG,
              seq,
              id(random),
              Instant.ofEpochMilli(random.nextLong(1L << 42)),
              1 + random.nextLong(Long.MAX_VALUE - 1));
    };
  }

  private static MessageEntry message(
      String subject, String body, SplittableRandom random, long seq) {
    MessageId reply = random.nextBoolean() ? id(random) : null;
    Draft draft =
        new Draft(
            LOG.reader(),
            Precedence.values()[random.nextInt(4)],
            StatusFlag.values()[random.nextInt(3)],
            subject,
            body,
            "en",
            reply,
            Draft.CHANNELS_DEFAULT.get(random.nextInt(Draft.CHANNELS_DEFAULT.size())),
            random.nextBoolean() ? null : template(random));
    return new MessageEntry(
        LOG,
        seq,
        id(random),
        Instant.ofEpochMilli(random.nextLong(1L << 42)),
        draft,
        random.nextLong(1L << 40));
  }

  /** A formatted notification's template: an id of 1 to 64 characters, any version, any hash. */
  private static TemplateRef template(SplittableRandom random) {
    StringBuilder id = new StringBuilder("t");
    for (int i = random.nextInt(64); i > 0; i--) {
      id.append("abcxyz0189-".charAt(random.nextInt(11)));
    }
    StringBuilder sha256 = new StringBuilder();
    for (int i = 0; i < 64; i++) {
      sha256.append(Character.forDigit(random.nextInt(16), 16));
    }
    return new TemplateRef(id.toString(), 1 + random.nextInt(Integer.MAX_VALUE), sha256.toString());
  }

  private static MessageId id(SplittableRandom random) {
    return MessageId.generate(
        Instant.ofEpochMilli(random.nextLong(1L << 42)), new java.util.Random(random.nextLong()));
  }

  /** Random text from {@link #PIECES}; a subject is one line, so it takes no line breaks. */
  private static String text(SplittableRandom random, int min, int max, boolean lineBreaks) {
    List<String> allowed = new ArrayList<>();
    for (String piece : PIECES) {
      if (lineBreaks || !(piece.equals("\n") || piece.equals("\r") || piece.equals("\u2028"))) {
        allowed.add(piece);
      }
    }
    StringBuilder out = new StringBuilder();
    int length = min + random.nextInt(max - min + 1);
    while (out.length() < length) {
      out.append(allowed.get(random.nextInt(allowed.size())));
    }
    return out.toString();
  }
}
