package org.hotline.crisis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.hotline.ConflictException;
import org.hotline.InvalidInputException;
import org.hotline.link.entry.MessageId;
import org.junit.jupiter.api.Test;

/** A message's translations as shared objects on two parties' logs in memory. */
class TranslationStateTest {
  private final LinkSimulation link = new LinkSimulation(11);
  private final LinkSimulation.Side us = link.us;
  private final LinkSimulation.Side cn = link.cn;

  private static String name(MessageId message) {
    return "translation/" + message;
  }

  private static Map<String, Object> chinese(String text) {
    return Map.of("language", "zh", "text", text);
  }

  private void assertSameOnBothSides() {
    us.receiveAll();
    cn.receiveAll();
    assertThat(us.state().stateHash()).isEqualTo(cn.state().stateHash());
  }

  @Test
  void the_reader_translates_and_the_author_disputes_and_both_sides_compute_the_same() {
    MessageId message = us.send();
    cn.receiveAll();
    var translated = cn.change(name(message), "translate", chinese("不明物体，高度十八公里"));
    us.receiveAll();
    us.change(
        name(message),
        "dispute",
        Map.of("of", translated.id().toString(), "note", "18 km is the distance, not the height"));

    assertSameOnBothSides();
    Translation translation = cn.state().translations(message).orElseThrow();
    assertThat(translation.author()).isEqualTo(LinkSimulation.US);
    assertThat(translation.reader()).isEqualTo(LinkSimulation.CN);
    assertThat(translation.readings()).hasSize(1);
    Translation.Reading reading = translation.readings().getFirst();
    assertThat(reading.language()).isEqualTo("zh");
    assertThat(reading.text()).isEqualTo("不明物体，高度十八公里");
    assertThat(reading.field()).isEmpty();
    assertThat(reading.party()).isEqualTo(LinkSimulation.CN);
    assertThat(reading.disputes())
        .extracting(Translation.Dispute::note)
        .containsExactly("18 km is the distance, not the height");
    assertThat(translation.timeline())
        .extracting(TimelineItem::outcome)
        .containsOnly(Outcome.APPLIED);
  }

  @Test
  void a_translation_of_a_free_text_field_names_it_by_json_pointer() {
    MessageId message = us.send();
    cn.receiveAll();
    cn.change(
        name(message),
        "translate",
        Map.of("language", "zh-Hans", "text", "雷达回波", "field", "/units/0/description"));

    assertThat(cn.state().translations(message).orElseThrow().readings().getFirst().field())
        .contains("/units/0/description");
  }

  @Test
  void only_the_reader_may_translate_and_only_the_author_may_dispute() {
    MessageId message = us.send();
    cn.receiveAll();

    assertThatThrownBy(() -> us.change(name(message), "translate", chinese("自己的译文")))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("only cn, who received message");
    var translated = cn.change(name(message), "translate", chinese("译文"));
    us.receiveAll();
    assertThatThrownBy(
            () ->
                cn.change(
                    name(message),
                    "dispute",
                    Map.of("of", translated.id().toString(), "note", "wrong")))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("only us, who wrote message");
  }

  @Test
  void a_translation_by_the_wrong_party_signed_anyway_is_refused_and_kept_on_both_sides() {
    MessageId message = us.send();
    cn.receiveAll();
    us.changeUnchecked(name(message), "translate", chinese("自己的译文"));

    assertSameOnBothSides();
    Translation translation = cn.state().translations(message).orElseThrow();
    assertThat(translation.readings()).isEmpty();
    assertThat(translation.timeline())
        .extracting(TimelineItem::outcome)
        .containsExactly(Outcome.REFUSED);
    assertThat(cn.state().refused()).hasSize(1);
  }

  @Test
  void a_translation_of_a_message_not_on_the_link_is_refused_apart_from_every_object() {
    MessageId unknown = link.nextId();

    assertThatThrownBy(() -> cn.change(name(unknown), "translate", chinese("译文")))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("no message " + unknown + " in the logs of the link");
    cn.changeUnchecked(name(unknown), "translate", chinese("译文"));

    assertSameOnBothSides();
    assertThat(us.state().translations(unknown)).isEmpty();
    assertThat(us.state().refusedElsewhere())
        .extracting(TimelineItem::op)
        .containsExactly("translate");
  }

  @Test
  void a_translation_of_a_message_its_author_had_not_received_is_refused() {
    MessageId message = us.send();
    cn.changeUnchecked(name(message), "translate", chinese("未收到的译文"));

    assertSameOnBothSides();
    assertThat(us.state().translations(message).orElseThrow().timeline())
        .extracting(TimelineItem::outcome, TimelineItem::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                Outcome.REFUSED,
                "message " + message + " had not been received where the change was made"));
  }

  @Test
  void a_dispute_of_a_change_that_is_not_a_translation_of_the_message_is_refused() {
    MessageId message = us.send();
    MessageId other = us.send();
    cn.receiveAll();
    var translated = cn.change(name(other), "translate", chinese("另一条"));
    us.receiveAll();

    assertThatThrownBy(
            () ->
                us.change(
                    name(message),
                    "dispute",
                    Map.of("of", translated.id().toString(), "note", "wrong")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("is not a translation of message " + message);
    us.changeUnchecked(
        name(message), "dispute", Map.of("of", link.nextId().toString(), "note", "wrong"));
    assertSameOnBothSides();
    assertThat(cn.state().translations(message).orElseThrow().timeline())
        .extracting(TimelineItem::outcome)
        .containsExactly(Outcome.REFUSED);
  }

  @Test
  void bad_arguments_are_refused_naming_the_argument() {
    MessageId message = us.send();
    cn.receiveAll();
    record Case(String says, Map<String, Object> data, String argument) {}
    List<Case> cases =
        List.of(
            new Case("no language", Map.of("text", "译文"), "language"),
            new Case(
                "a language that is no tag",
                Map.of("language", "not a tag!", "text", "译文"),
                "language"),
            new Case("a blank text", Map.of("language", "zh", "text", "  "), "text"),
            new Case(
                "a text longer than a change carries",
                Map.of("language", "zh", "text", "字".repeat(Translation.TEXT_CHARS_MAX + 1)),
                "entry"),
            new Case(
                "a field that is no JSON Pointer",
                Map.of("language", "zh", "text", "译文", "field", "description"),
                "field"),
            new Case(
                "an unexpected argument",
                Map.of("language", "zh", "text", "译文", "note", "x"),
                "note"));
    for (Case one : cases) {
      assertThatThrownBy(() -> cn.change(name(message), "translate", one.data()))
          .as(one.says())
          .isInstanceOfSatisfying(
              InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(one.argument()));
    }
    assertThat(cn.state().translations(message)).isEmpty();
  }

  @Test
  void a_link_without_translations_hashes_as_before() {
    us.send();
    cn.receiveAll();

    assertThat(cn.state().stateHash())
        .isEqualTo(SharedState.asOf(cn.state().parties(), List.of(), 0, 0).stateHash());
  }
}
