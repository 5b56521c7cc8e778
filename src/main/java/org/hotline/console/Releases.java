package org.hotline.console;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.hotline.ConflictException;
import org.hotline.InvalidInputException;
import org.hotline.NotFoundException;
import org.hotline.link.entry.Draft;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;

/**
 * Two-person release: when the node is set to it, a FLASH message drafted by someone without the
 * {@link Permission#RELEASE} permission is held until a different person who has it approves it;
 * only then is it queued. Both names go to the audit log and stay with the message. Every path that
 * submits a message asks here: the console, and the API (and so {@code hotline send}), whose FLASH
 * submissions wait like a duty officer's unless the configuration names the API token as an
 * automated sender ({@link #bypassedByApiToken}). Thread-safe: decisions are serialized, so a draft
 * is released at most once.
 */
public final class Releases {
  /** Drafts listed at once; more than a handful waiting means the release desk is not staffed. */
  public static final int PENDING_LIST_MAX = 200;

  public static final int REASON_LENGTH_MAX = 2_000;

  /**
   * Who drafted a submission made with the API token. Not a possible username (it has a colon), so
   * no console user can be taken for its drafter, and every console user can approve it.
   */
  public static final String API_TOKEN_DRAFTER = "token:api";

  /** The reason kept with a FLASH that went out without a second person. */
  static final String BYPASS_REASON =
      "sent with the API token, named an automated sender in console.release_bypass_tokens";

  private final ConsoleStore store;
  private final Audit audit;
  private final Clock clock;
  private final boolean twoPersonRelease;
  private final boolean apiTokenBypasses;

  public Releases(ConsoleStore store, Audit audit, Clock clock, boolean twoPersonRelease) {
    this(store, audit, clock, twoPersonRelease, false);
  }

  /**
   * @param apiTokenBypasses FLASH messages submitted with the API token go out at once although
   *     {@code twoPersonRelease} is on (each one audited and marked as such)
   */
  public Releases(
      ConsoleStore store,
      Audit audit,
      Clock clock,
      boolean twoPersonRelease,
      boolean apiTokenBypasses) {
    this.store = store;
    this.audit = audit;
    this.clock = clock;
    this.twoPersonRelease = twoPersonRelease;
    this.apiTokenBypasses = apiTokenBypasses;
  }

  public boolean twoPersonRelease() {
    return twoPersonRelease;
  }

  /** Whether {@code draft} by someone with {@code role} must wait for a second person. */
  public boolean needsSecondPerson(Draft draft, Role role) {
    return twoPersonRelease
        && draft.precedence() == Precedence.FLASH
        && !role.allows(Permission.RELEASE);
  }

  /** Whether {@code draft}, submitted with the API token, must wait for a person to release it. */
  public boolean holdsApiSubmission(Draft draft) {
    return twoPersonRelease && draft.precedence() == Precedence.FLASH && !apiTokenBypasses;
  }

  /** Whether {@code draft} goes out without release only because the API token may bypass it. */
  public boolean bypassedByApiToken(Draft draft) {
    return twoPersonRelease && draft.precedence() == Precedence.FLASH && apiTokenBypasses;
  }

  /**
   * Puts on the record that {@code message} went out with the API token and no second person: in
   * the audit log, and with the message as a release that its drafter decided ({@link
   * PendingRelease#bypassed}), which the API and the console show.
   */
  public synchronized void recordBypass(Draft draft, Actor token, MessageId message) {
    PendingRelease stored = store.addRelease(newDraft(draft, API_TOKEN_DRAFTER));
    store.decide(
        stored.id(),
        PendingRelease.State.RELEASED,
        API_TOKEN_DRAFTER,
        clock.instant(),
        BYPASS_REASON);
    store.released(stored.id(), message);
    audit.record(
        token,
        Audit.RELEASE_BYPASS,
        message.toString(),
        draft.precedence() + " to " + draft.to() + " without release: " + BYPASS_REASON);
  }

  /** A pending release of {@code draft}, not stored yet. */
  private PendingRelease newDraft(Draft draft, String draftedBy) {
    return new PendingRelease(
        0, draft, draftedBy, clock.instant(), PendingRelease.State.PENDING, null, null, "", null);
  }

  /** Holds {@code draft} for release; it is not queued. */
  public PendingRelease hold(Draft draft, Actor drafter) {
    PendingRelease stored = store.addRelease(newDraft(draft, drafter.username()));
    audit.record(
        drafter,
        Audit.RELEASE_REQUEST,
        "release " + stored.id(),
        draft.precedence() + " to " + draft.to() + ": " + draft.subject());
    return stored;
  }

  /**
   * Approves a pending draft and queues it with {@code submit}; returns the message id. The
   * approver must have {@link Permission#RELEASE} and must not be the drafter. If queuing fails the
   * draft is pending again and the error is thrown.
   */
  public synchronized MessageId approve(
      long id, User approver, Actor actor, Function<Draft, MessageId> submit) {
    PendingRelease release = pending(id, approver);
    if (!store.decide(
        id, PendingRelease.State.RELEASED, approver.username(), clock.instant(), "")) {
      throw new ConflictException("release " + id + " was decided by someone else meanwhile");
    }
    MessageId message;
    try {
      message = submit.apply(release.draft());
    } catch (RuntimeException e) {
      store.reopen(id);
      throw e;
    }
    store.released(id, message);
    audit.record(
        actor,
        Audit.RELEASE_APPROVE,
        message.toString(),
        "release " + id + " drafted by " + release.draftedBy());
    return message;
  }

  /** Rejects a pending draft with a reason; it is never queued. */
  public synchronized PendingRelease reject(long id, User approver, Actor actor, String reason) {
    pending(id, approver);
    if (reason == null || reason.isBlank() || reason.length() > REASON_LENGTH_MAX) {
      throw new InvalidInputException(
          "reason", "a rejection needs a reason of at most " + REASON_LENGTH_MAX + " characters");
    }
    if (!store.decide(
        id, PendingRelease.State.REJECTED, approver.username(), clock.instant(), reason)) {
      throw new ConflictException("release " + id + " was decided by someone else meanwhile");
    }
    audit.record(actor, Audit.RELEASE_REJECT, "release " + id, reason);
    return store.release(id).orElseThrow();
  }

  public List<PendingRelease> pending() {
    return store.releases(PendingRelease.State.PENDING, PENDING_LIST_MAX);
  }

  public Optional<PendingRelease> find(long id) {
    return store.release(id);
  }

  /** The release record of a message, if it went through two-person release. */
  public Optional<PendingRelease> ofMessage(MessageId message) {
    return store.releaseOfMessage(message);
  }

  private PendingRelease pending(long id, User approver) {
    PendingRelease release =
        store.release(id).orElseThrow(() -> new NotFoundException("no release " + id));
    if (!approver.role().allows(Permission.RELEASE)) {
      throw new NotPermittedException(
          approver.username() + " (" + approver.role().label() + ") may not release messages");
    }
    if (release.draftedBy().equals(approver.username())) {
      throw new NotPermittedException(
          "two-person release: "
              + approver.username()
              + " drafted release "
              + id
              + " and cannot also approve it");
    }
    if (release.state() != PendingRelease.State.PENDING) {
      throw new ConflictException(
          "release "
              + id
              + " is already "
              + release.state().name().toLowerCase(java.util.Locale.ROOT));
    }
    return release;
  }
}
