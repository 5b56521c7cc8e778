package org.hotline.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.hotline.ConflictException;
import org.hotline.InvalidInputException;
import org.hotline.OverloadedException;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.Draft;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.link.entry.StatusFlag;
import org.hotline.testing.ConsoleStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two-person release against a real SQLite database; "queuing" records the drafts it is given. */
class ReleasesTest {
  private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
  private static final User DRAFTER = user("officer", Role.DUTY_OFFICER);
  private static final User RELEASER = user("releaser", Role.RELEASING_OFFICER);

  @TempDir Path dir;
  ConsoleStores.Opened stores;
  Releases releases;
  final List<Draft> queued = new ArrayList<>();

  private static User user(String name, Role role) {
    return new User(name, role, false, NOW, 0, null, null, null);
  }

  @BeforeEach
  void open() {
    stores = ConsoleStores.open(dir);
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    releases = new Releases(stores.console(), new Audit(stores.console(), clock), clock, true);
  }

  @AfterEach
  void close() {
    stores.close();
  }

  private static Draft draft(Precedence precedence) {
    return new Draft(
        PartyId.of("cn"),
        precedence,
        StatusFlag.ACTUAL,
        "Call request",
        "Call at 0600Z",
        "en",
        null);
  }

  private MessageId queue(Draft draft) {
    queued.add(draft);
    return MessageId.generate(NOW, RandomGenerator.getDefault());
  }

  private static Actor actor(User user) {
    return new Actor(user.username(), "192.0.2.1");
  }

  @Test
  void only_flash_by_someone_who_cannot_release_needs_a_second_person() {
    assertThat(releases.needsSecondPerson(draft(Precedence.FLASH), Role.DUTY_OFFICER)).isTrue();
    assertThat(releases.needsSecondPerson(draft(Precedence.IMMEDIATE), Role.DUTY_OFFICER))
        .isFalse();
    assertThat(releases.needsSecondPerson(draft(Precedence.FLASH), Role.RELEASING_OFFICER))
        .isFalse();
    assertThat(releases.needsSecondPerson(draft(Precedence.FLASH), Role.ADMINISTRATOR)).isFalse();
  }

  @Test
  void a_held_draft_is_queued_once_when_a_releasing_officer_approves_and_both_names_are_kept() {
    PendingRelease held = releases.hold(draft(Precedence.FLASH), actor(DRAFTER));
    assertThat(queued).isEmpty();
    MessageId message = releases.approve(held.id(), RELEASER, actor(RELEASER), this::queue);
    assertThat(queued).containsExactly(draft(Precedence.FLASH));
    PendingRelease released = releases.ofMessage(message).orElseThrow();
    assertThat(released.draftedBy()).isEqualTo("officer");
    assertThat(released.decidedBy()).isEqualTo("releaser");
    assertThat(released.state()).isEqualTo(PendingRelease.State.RELEASED);
    assertThatThrownBy(() -> releases.approve(held.id(), RELEASER, actor(RELEASER), this::queue))
        .isInstanceOf(ConflictException.class);
    assertThat(queued).hasSize(1);
  }

  @Test
  void the_author_cannot_release_their_own_draft_nor_can_a_duty_officer() {
    User author = user("chief", Role.RELEASING_OFFICER);
    PendingRelease held = releases.hold(draft(Precedence.FLASH), actor(author));
    assertThatThrownBy(() -> releases.approve(held.id(), author, actor(author), this::queue))
        .isInstanceOf(NotPermittedException.class);
    assertThatThrownBy(() -> releases.approve(held.id(), DRAFTER, actor(DRAFTER), this::queue))
        .isInstanceOf(NotPermittedException.class);
    assertThat(queued).isEmpty();
    assertThat(releases.pending()).hasSize(1);
  }

  @Test
  void a_rejection_needs_a_reason_and_the_draft_is_never_queued() {
    PendingRelease held = releases.hold(draft(Precedence.FLASH), actor(DRAFTER));
    assertThatThrownBy(() -> releases.reject(held.id(), RELEASER, actor(RELEASER), " "))
        .isInstanceOf(InvalidInputException.class);
    PendingRelease rejected =
        releases.reject(held.id(), RELEASER, actor(RELEASER), "Not at this hour");
    assertThat(rejected.state()).isEqualTo(PendingRelease.State.REJECTED);
    assertThat(rejected.reason()).isEqualTo("Not at this hour");
    assertThatThrownBy(() -> releases.approve(held.id(), RELEASER, actor(RELEASER), this::queue))
        .isInstanceOf(ConflictException.class);
    assertThat(queued).isEmpty();
    assertThat(releases.pending()).isEmpty();
  }

  @Test
  void a_draft_whose_queuing_fails_is_pending_again() {
    PendingRelease held = releases.hold(draft(Precedence.FLASH), actor(DRAFTER));
    assertThatThrownBy(
            () ->
                releases.approve(
                    held.id(),
                    RELEASER,
                    actor(RELEASER),
                    d -> {
                      throw new OverloadedException("outbox full", java.time.Duration.ofSeconds(1));
                    }))
        .isInstanceOf(OverloadedException.class);
    assertThat(releases.pending()).extracting(PendingRelease::id).containsExactly(held.id());
    releases.approve(held.id(), RELEASER, actor(RELEASER), this::queue);
    assertThat(queued).hasSize(1);
  }
}
