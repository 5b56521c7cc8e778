package org.hotline.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hotline.architecture.HotlineArchitecture.domainTakesTimeAndRandomnessFromItsCaller;
import static org.hotline.architecture.HotlineArchitecture.domainUsesNoIoFrameworkNorOuterPackage;
import static org.hotline.architecture.HotlineArchitecture.linkEntryUsesNoOtherLinkPart;
import static org.hotline.architecture.HotlineArchitecture.linkHealthUsesNeitherSendNorReceive;
import static org.hotline.architecture.HotlineArchitecture.linkSendAndReceiveNeverUseEachOther;
import static org.hotline.architecture.HotlineArchitecture.onlyTheCompositionRootUsesTheStore;
import static org.hotline.architecture.HotlineArchitecture.onlyTheLinkFacadeUsesTheLinkParts;
import static org.hotline.architecture.HotlineArchitecture.theNodeUsesOnlyThePublicFacesOfTheLinkParts;
import static org.hotline.architecture.HotlineArchitecture.webAndCliNeverUseTheStore;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.hotline.architecture.violations.cli.CliThatTalksToTheStore;
import org.hotline.architecture.violations.link.LinkThatReadsTheWallClock;
import org.hotline.architecture.violations.link.LinkThatRunsSql;
import org.hotline.architecture.violations.link.LinkWithInjectedClock;
import org.hotline.architecture.violations.link.Links;
import org.hotline.architecture.violations.link.SharedTypeThatRunsTheSequencer;
import org.hotline.architecture.violations.link.entry.EntryThatSendsItself;
import org.hotline.architecture.violations.link.health.HeartbeatsThatQueueMessages;
import org.hotline.architecture.violations.link.receive.Receiver;
import org.hotline.architecture.violations.link.receive.ReceiverThatQueuesReplies;
import org.hotline.architecture.violations.link.send.Outbox;
import org.hotline.architecture.violations.link.send.Sequencer;
import org.hotline.architecture.violations.store.SomeStore;
import org.hotline.architecture.violations.web.HandlerThatOpensTheStore;
import org.hotline.architecture.violations.web.HandlerThatRunsTheSequencer;
import org.hotline.architecture.violations.web.HandlerThatSubmits;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link PackageArrowsTest} are not vacuous: evaluated against deliberately wrong
 * classes (test sources under {@code org.hotline.architecture.violations}, laid out like {@code
 * org.hotline}), each reports the break, and a class that does the right thing passes.
 */
class RulesCatchViolationsTest {
  private static final String ROOT = "org.hotline.architecture.violations";

  @Test
  void a_domain_class_that_runs_sql_breaks_the_domain_rule() {
    EvaluationResult result =
        evaluate(domainUsesNoIoFrameworkNorOuterPackage(ROOT), LinkThatRunsSql.class);

    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .anySatisfy(line -> assertThat(line).contains("java.sql.Connection"));
  }

  @Test
  void a_web_handler_that_opens_the_store_breaks_the_edge_rule() {
    EvaluationResult result =
        evaluate(webAndCliNeverUseTheStore(ROOT), HandlerThatOpensTheStore.class);

    assertThat(result.hasViolation()).isTrue();
  }

  @Test
  void a_cli_command_that_opens_the_store_breaks_the_edge_rule() {
    EvaluationResult result =
        evaluate(webAndCliNeverUseTheStore(ROOT), CliThatTalksToTheStore.class);

    assertThat(result.hasViolation()).isTrue();
  }

  @Test
  void a_store_used_outside_the_composition_root_breaks_the_store_rule() {
    EvaluationResult usedByWeb =
        evaluate(
            onlyTheCompositionRootUsesTheStore(ROOT),
            SomeStore.class,
            HandlerThatOpensTheStore.class);
    EvaluationResult unused = evaluate(onlyTheCompositionRootUsesTheStore(ROOT), SomeStore.class);

    assertThat(usedByWeb.hasViolation()).isTrue();
    assertThat(unused.hasViolation()).isFalse();
  }

  @Test
  void a_domain_class_that_reads_the_wall_clock_breaks_the_clock_rule() {
    EvaluationResult result =
        evaluate(domainTakesTimeAndRandomnessFromItsCaller(ROOT), LinkThatReadsTheWallClock.class);

    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .anySatisfy(line -> assertThat(line).contains("Instant.now()"))
        .anySatisfy(line -> assertThat(line).contains("System.currentTimeMillis()"))
        .anySatisfy(line -> assertThat(line).contains("Random.<init>()"));
  }

  @Test
  void a_domain_class_given_its_clock_and_random_source_passes_the_domain_rules() {
    EvaluationResult clockRule =
        evaluate(domainTakesTimeAndRandomnessFromItsCaller(ROOT), LinkWithInjectedClock.class);
    EvaluationResult importRule =
        evaluate(domainUsesNoIoFrameworkNorOuterPackage(ROOT), LinkWithInjectedClock.class);

    assertThat(clockRule.hasViolation()).isFalse();
    assertThat(importRule.hasViolation()).isFalse();
  }

  @Test
  void an_entry_class_that_uses_the_sending_side_breaks_the_entry_rule() {
    EvaluationResult result =
        evaluate(linkEntryUsesNoOtherLinkPart(ROOT), EntryThatSendsItself.class, Outbox.class);

    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .anySatisfy(line -> assertThat(line).contains("EntryThatSendsItself"));
  }

  @Test
  void a_receiving_class_that_uses_the_sending_side_breaks_the_sides_rule() {
    EvaluationResult result =
        evaluate(
            linkSendAndReceiveNeverUseEachOther(ROOT),
            ReceiverThatQueuesReplies.class,
            Outbox.class);
    EvaluationResult apart =
        evaluate(
            linkSendAndReceiveNeverUseEachOther(ROOT),
            Receiver.class,
            Outbox.class,
            Sequencer.class);

    assertThat(result.hasViolation()).isTrue();
    assertThat(apart.hasViolation()).isFalse();
  }

  @Test
  void a_health_class_that_uses_the_sending_side_breaks_the_health_rule() {
    EvaluationResult result =
        evaluate(
            linkHealthUsesNeitherSendNorReceive(ROOT),
            HeartbeatsThatQueueMessages.class,
            Outbox.class);

    assertThat(result.hasViolation()).isTrue();
  }

  @Test
  void a_shared_link_type_that_uses_a_part_breaks_the_facade_rule_and_the_facade_does_not() {
    EvaluationResult shared =
        evaluate(
            onlyTheLinkFacadeUsesTheLinkParts(ROOT),
            SharedTypeThatRunsTheSequencer.class,
            Sequencer.class);
    EvaluationResult facade =
        evaluate(
            onlyTheLinkFacadeUsesTheLinkParts(ROOT),
            Links.class,
            LinkWithInjectedClock.class,
            Sequencer.class);

    assertThat(shared.hasViolation()).isTrue();
    assertThat(facade.hasViolation()).isFalse();
  }

  @Test
  void
      an_edge_using_an_internal_link_class_breaks_the_public_face_rule_and_one_using_the_face_passes() {
    EvaluationResult own =
        evaluate(
            theNodeUsesOnlyThePublicFacesOfTheLinkParts(ROOT),
            HandlerThatRunsTheSequencer.class,
            Sequencer.class);
    EvaluationResult face =
        evaluate(
            theNodeUsesOnlyThePublicFacesOfTheLinkParts(ROOT),
            HandlerThatSubmits.class,
            Outbox.class,
            Sequencer.class,
            Links.class);

    assertThat(own.hasViolation()).isTrue();
    assertThat(face.hasViolation()).isFalse();
  }

  private static EvaluationResult evaluate(ArchRule rule, Class<?>... classes) {
    return rule.evaluate(new ClassFileImporter().importClasses(classes));
  }
}
