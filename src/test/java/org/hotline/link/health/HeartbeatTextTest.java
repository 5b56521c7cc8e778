package org.hotline.link.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.hotline.InvalidInputException;
import org.hotline.link.LinkPair;
import org.hotline.transcript.NoteSigner;
import org.hotline.transcript.SignedNote;
import org.junit.jupiter.api.Test;

/** The signed text of a {@link Heartbeat} and its reply. */
class HeartbeatTextTest {
  private final NoteSigner us = LinkPair.signer(LinkPair.US);

  @Test
  void a_heartbeat_reads_back_as_signed() {
    Heartbeat beat = new Heartbeat(false, LinkPair.US, LinkPair.CN, 42, 1_732_838_400_123L);
    assertThat(beat.text())
        .isEqualTo("hotline-heartbeat/v1\nfrom us\nto cn\nseq 42\ntime 1732838400123\n");
    assertThat(Heartbeat.open(beat.sign(us), us.verifier())).isEqualTo(beat);
    assertThat(beat.time()).isEqualTo(Instant.ofEpochMilli(1_732_838_400_123L));
  }

  @Test
  void a_reply_reads_back_as_a_reply() {
    Heartbeat reply = new Heartbeat(true, LinkPair.US, LinkPair.CN, 1, 2);
    assertThat(reply.text()).startsWith("hotline-heartbeat-reply/v1\n");
    assertThat(Heartbeat.open(reply.sign(us), us.verifier()).reply()).isTrue();
  }

  @Test
  void a_heartbeat_not_signed_by_the_expected_key_is_refused() {
    String note = new Heartbeat(false, LinkPair.US, LinkPair.CN, 1, 2).sign(us);
    assertThatThrownBy(() -> Heartbeat.open(note, LinkPair.signer(LinkPair.CN).verifier()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("heartbeat is not signed by hotline/cn");
  }

  @Test
  void a_text_that_is_not_a_signed_note_is_refused() {
    assertThatThrownBy(() -> Heartbeat.open("nothing", us.verifier()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("heartbeat is not a signed note");
  }

  @Test
  void a_signed_text_of_another_form_is_refused() {
    for (String text :
        List.of(
            "hotline-heartbeat/v1\nfrom us\nto cn\nseq 1\n",
            "hotline-heartbeat/v1\nfrom us\nto cn\nseq 1\ntime 2\nextra\n",
            "hotline-heartbeat/v2\nfrom us\nto cn\nseq 1\ntime 2\n",
            "hotline-heartbeat/v1\nby us\nto cn\nseq 1\ntime 2\n",
            "hotline-heartbeat/v1\nfrom us\nfor cn\nseq 1\ntime 2\n",
            "hotline-heartbeat/v1\nfrom us\nto cn\nnumber 1\ntime 2\n",
            "hotline-heartbeat/v1\nfrom us\nto cn\nseq 1\nat 2\n")) {
      String note = SignedNote.sign(text, us).encode();
      assertThatThrownBy(() -> Heartbeat.open(note, us.verifier()))
          .as(text)
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("heartbeat text is not in the expected form");
    }
  }

  @Test
  void a_seq_or_time_that_is_not_a_number_is_refused() {
    for (String text :
        List.of(
            "hotline-heartbeat/v1\nfrom us\nto cn\nseq one\ntime 2\n",
            "hotline-heartbeat/v1\nfrom us\nto cn\nseq 1\ntime two\n")) {
      String note = SignedNote.sign(text, us).encode();
      assertThatThrownBy(() -> Heartbeat.open(note, us.verifier()))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("heartbeat seq or time is not a number");
    }
  }
}
