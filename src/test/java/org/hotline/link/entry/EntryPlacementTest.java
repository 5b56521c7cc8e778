package org.hotline.link.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Placing a queued template writes its sequence number and nothing else. */
class EntryPlacementTest {
  private static final LogOrigin LOG = new LogOrigin(PartyId.of("us"), PartyId.of("cn"));
  private static final Instant CREATED = Instant.parse("2026-11-28T12:00:00.123Z");
  private static final MessageId ID = MessageId.parse("01a224b2-c74f-796f-ae82-b5898fbee975");

  private static List<Entry> templates() {
    Draft tricky =
        new Draft(
            PartyId.of("cn"),
            Precedence.FLASH,
            StatusFlag.EXERCISE,
            "\"seq\":0, in the subject",
            ",\"seq\":0, in the body \uD83D\uDE00",
            "zh-Hans",
            null);
    return List.of(
        new MessageEntry(LOG, 0, ID, CREATED, tricky),
        new ResponseEntry(LOG, 0, ID, CREATED, ResponseEntry.Kind.ACK, ID, "duty-officer", "note"),
        new LinkTestEntry(LOG, 0, ID, CREATED, 42));
  }

  @ParameterizedTest(name = "at seq {0}")
  @ValueSource(longs = {1, 9, 10, 255, 256, 1_000_000, Long.MAX_VALUE})
  void placing_a_template_gives_the_same_bytes_as_encoding_the_entry_at_that_place(long seq) {
    for (Entry template : templates()) {
      byte[] placed = EntryCodec.place(EntryCodec.encode(template), seq);
      assertThat(placed).isEqualTo(EntryCodec.encode(template.withSeq(seq)));
      assertThat(EntryCodec.decode(placed)).isEqualTo(template.withSeq(seq));
    }
  }

  @ParameterizedTest(name = "seq {0} is refused")
  @ValueSource(longs = {0, -1})
  void a_template_cannot_be_placed_at_a_non_positive_seq(long seq) {
    assertThatThrownBy(() -> EntryCodec.place(EntryCodec.encode(templates().get(0)), seq))
        .isInstanceOf(IllegalStateException.class);
  }

  @ParameterizedTest(name = "an entry already at seq {0} is not a template")
  @ValueSource(longs = {1, 5})
  void an_entry_that_has_a_place_is_not_a_template(long seq) {
    assertThatThrownBy(
            () -> EntryCodec.place(EntryCodec.encode(templates().get(1).withSeq(seq)), 7))
        .isInstanceOf(IllegalStateException.class);
  }
}
