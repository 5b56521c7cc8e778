package org.hotline.crisis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.hotline.ConflictException;
import org.hotline.InvalidInputException;
import org.hotline.notice.Template;
import org.junit.jupiter.api.Test;

/**
 * The adoption of notification templates on a channel (docs/crisis.md §6a), on two parties' logs in
 * memory: what both nodes compute.
 */
class ChannelAdoptionTest {
  private final LinkSimulation link = new LinkSimulation(11);
  private final LinkSimulation.Side us = link.us;
  private final LinkSimulation.Side cn = link.cn;

  private static final String MILITARY = "channel/military";

  private static Map<String, Object> adopt(String id, int version) {
    return Map.of("template", TemplateDocuments.canonical(id, version));
  }

  private void assertSameOnBothSides() {
    us.receiveAll();
    cn.receiveAll();
    assertThat(us.state().stateHash()).isEqualTo(cn.state().stateHash());
  }

  @Test
  void an_adoption_is_the_authors_receiving_side_alone_and_both_sides_see_it() {
    String before = us.state().stateHash();
    cn.change(MILITARY, "adopt", adopt("sighting", 1));
    us.receiveAll();

    List<Template> adopted = us.state().adopted(LinkSimulation.CN, "military");
    assertThat(adopted).extracting(Template::id).containsExactly("sighting");
    assertThat(adopted.get(0).canonical()).isEqualTo(TemplateDocuments.canonical("sighting", 1));
    assertThat(us.state().adopted(LinkSimulation.US, "military")).isEmpty();
    assertThat(us.state().adopted(LinkSimulation.CN, "consular")).isEmpty();
    assertThat(us.state().template(adopted.get(0).sha256()).map(Template::canonical))
        .contains(adopted.get(0).canonical());
    assertThat(us.state().template("00".repeat(32))).isEmpty();
    assertThat(us.state().stateHash()).isNotEqualTo(before);
    assertThat(us.state().channel("military").orElseThrow().canonical()).containsKey("adopted");
    assertSameOnBothSides();
  }

  @Test
  void a_second_version_keeps_the_first_and_a_withdrawal_removes_one_but_its_hash_stays_known() {
    cn.change(MILITARY, "adopt", adopt("sighting", 1));
    cn.change(MILITARY, "adopt", adopt("sighting", 2));
    String first = Template.parse(TemplateDocuments.sighting("sighting", 1)).sha256();
    assertThat(cn.state().adopted(LinkSimulation.CN, "military"))
        .extracting(Template::version)
        .containsExactly(1, 2);

    cn.change(MILITARY, "withdraw", Map.of("template", "sighting", "version", 1L));

    assertThat(cn.state().adopted(LinkSimulation.CN, "military"))
        .extracting(Template::version)
        .containsExactly(2);
    assertThat(cn.state().template(first)).isPresent();
    assertSameOnBothSides();
  }

  @Test
  void a_channel_without_adoptions_hashes_as_before_adoption_existed() {
    cn.change(MILITARY, "suspend", Map.of("reason", "Review"));
    String suspended = cn.state().stateHash();
    cn.change(MILITARY, "adopt", adopt("sighting", 1));
    cn.change(MILITARY, "withdraw", Map.of("template", "sighting", "version", 1L));

    assertThat(cn.state().channel("military").orElseThrow().canonical())
        .doesNotContainKey("adopted");
    assertThat(cn.state().adopted(LinkSimulation.CN, "military")).isEmpty();
    assertThat(cn.state().stateHash()).isNotEqualTo(suspended); // the timeline grew
  }

  @Test
  void the_node_refuses_to_adopt_what_the_rules_refuse_naming_the_reason() {
    cn.change(MILITARY, "adopt", adopt("sighting", 1));
    assertThatThrownBy(() -> cn.change(MILITARY, "adopt", adopt("sighting", 1)))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("already adopted sighting version 1");
    assertThatThrownBy(
            () ->
                cn.change(
                    MILITARY,
                    "adopt",
                    Map.of("template", TemplateDocuments.sighting("sighting", 3))))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("template"))
        .hasMessageContaining("canonical form");
    assertThatThrownBy(() -> cn.change(MILITARY, "adopt", Map.of("template", "not json")))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("template"));
    assertThatThrownBy(() -> cn.change("channel/nosuch", "adopt", adopt("sighting", 1)))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("no channel nosuch");
    assertThatThrownBy(
            () -> cn.change(MILITARY, "withdraw", Map.of("template", "sighting", "version", 2L)))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("has not adopted sighting version 2");
    assertThatThrownBy(
            () -> us.change(MILITARY, "withdraw", Map.of("template", "sighting", "version", 1L)))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("us has not adopted");
    assertThatThrownBy(
            () ->
                cn.change(
                    MILITARY, "adopt", Map.of("template", "x", "note", "an argument too many")))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("note"));
  }

  @Test
  void an_adoption_the_rules_refuse_is_kept_refused_on_both_sides_and_adopts_nothing() {
    us.receiveAll();
    // A hostile or broken writer signs what its node should have refused.
    cn.changeUnchecked(MILITARY, "adopt", Map.of("template", "{\"x-template\":"));
    cn.changeUnchecked("channel/nosuch", "adopt", adopt("sighting", 1));
    us.receiveAll();

    assertThat(us.state().adopted(LinkSimulation.CN, "military")).isEmpty();
    assertThat(us.state().adopted(LinkSimulation.CN, "nosuch")).isEmpty();
    assertThat(us.state().refused()).extracting(TimelineItem::op).containsExactly("adopt", "adopt");
    assertSameOnBothSides();
  }
}
