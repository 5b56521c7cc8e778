package org.hotline.watch;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.MessageId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The escalation of overdue commitments, on both nodes of a link (the party owed and the party
 * committed each have duty officers who must act), as for an unacknowledged FLASH message ({@link
 * StandingEscalations}): the first level is told its delay after the due time, each step a {@code
 * commitment.overdue} console alarm and one notification per target. Each tick reads the shared
 * state afresh: a commitment that is no longer open (DONE, MISSED, WITHDRAWN) stops at once, its
 * undelivered notifications dropped. Held in memory: the overdue set is recomputed from the shared
 * state, and where each escalation stands is stored at every step, so that a restarted node goes on
 * where it was (the next level at its stored time) rather than paging level 1 again; only
 * notifications waiting for a retry at the restart are lost. Not thread-safe: the watch's tick
 * calls it, one at a time.
 */
final class CommitmentEscalation {
  private static final Logger LOG = LoggerFactory.getLogger(CommitmentEscalation.class);

  /**
   * Commitments escalated at once: each holds a few small objects and a notification per target and
   * level; past this many, the rest wait until some are settled (a link would never carry so many
   * open promises at once).
   */
  static final int ESCALATING_MAX = 10_000;

  private final PartyId self;
  private final OpenCommitments commitments;
  private final WatchStore store;

  /** Where the escalations stood before the node started, until the first tick reads them. */
  private Map<MessageId, WatchStore.EscalationPosition> stored;

  private final StandingEscalations<MessageId, CommitmentAlert> escalations;

  CommitmentEscalation(
      PartyId self,
      OpenCommitments commitments,
      WatchStore store,
      EscalationChain chain,
      Notifier notifier,
      ConsoleAlarm console,
      Clock clock) {
    this.self = self;
    this.commitments = commitments;
    this.store = store;
    this.escalations =
        new StandingEscalations<>(
            chain,
            new StandingEscalations.Outlet<>() {
              @Override
              public void raise(CommitmentAlert alert) {
                console.raise(alert);
              }

              @Override
              public void deliver(CommitmentAlert alert, Target target) {
                notifier.deliver(alert, target);
              }

              @Override
              public void failed(CommitmentAlert alert, Target target, int attempts, String error) {
                console.commitmentNotificationFailed(alert, target, attempts, error);
              }
            },
            this::moved,
            clock);
  }

  /**
   * Starts the commitments newly overdue at {@code now}, stops those no longer open, then fires the
   * levels due; returns the steps fired. A shared state that cannot be read now leaves every
   * escalation as it stands, to be read again next tick.
   */
  int tick(Instant now) {
    List<OpenCommitments.Overdue> overdue;
    try {
      overdue = commitments.overdueAt(now);
    } catch (RuntimeException e) {
      LOG.error("cannot read the overdue commitments; trying again next tick", e);
      return escalations.tick(now);
    }
    if (stored == null) {
      stored = new HashMap<>(store.commitmentEscalations());
    }
    Set<MessageId> escalating = escalations.standing();
    Set<MessageId> stillOverdue = new HashSet<>();
    int count = escalating.size();
    for (OpenCommitments.Overdue commitment : overdue) {
      stillOverdue.add(commitment.commitment());
      if (!escalating.contains(commitment.commitment()) && count < ESCALATING_MAX) {
        count++;
        WatchStore.EscalationPosition position = stored.remove(commitment.commitment());
        if (position == null) {
          escalations.start(commitment.commitment(), commitment.due(), steps(commitment));
        } else {
          escalations.resume(commitment.commitment(), level(position), steps(commitment));
        }
        LOG.info(
            "commitment {} with {} overdue since {}: escalating",
            commitment.commitment(),
            commitment.peer(),
            commitment.due());
      }
    }
    for (MessageId commitment : escalating) {
      if (!stillOverdue.contains(commitment) && escalations.stop(commitment)) {
        store.deleteCommitmentEscalation(commitment);
        LOG.info("commitment {} no longer open: its escalation stops", commitment);
      }
    }
    // Settled while the node was down: nothing left to resume.
    for (MessageId settled : List.copyOf(stored.keySet())) {
      if (!stillOverdue.contains(settled)) {
        stored.remove(settled);
        store.deleteCommitmentEscalation(settled);
      }
    }
    return escalations.tick(now);
  }

  /** Stores where the escalation of {@code commitment} stands after a step fired. */
  private void moved(MessageId commitment, Escalation.Level next) {
    store.putCommitmentEscalation(
        commitment,
        next == null
            ? new WatchStore.EscalationPosition(0, 0, null)
            : new WatchStore.EscalationPosition(next.level(), next.loop(), next.at()));
  }

  private static Escalation.Level level(WatchStore.EscalationPosition position) {
    return position.nextAt() == null
        ? null
        : new Escalation.Level(position.level(), position.loop(), position.nextAt());
  }

  private StandingEscalations.Steps<CommitmentAlert> steps(OpenCommitments.Overdue commitment) {
    return (level, loop, raisedAt) ->
        new CommitmentAlert(
            self,
            commitment.peer(),
            commitment.commitment(),
            commitment.owedBy(),
            commitment.owedTo(),
            commitment.due(),
            level,
            loop,
            raisedAt);
  }
}
