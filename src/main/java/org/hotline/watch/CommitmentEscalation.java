package org.hotline.watch;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
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
 * state, so a restarted node escalates every overdue commitment again from level 1. Thread-safe.
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
  private final StandingEscalations<MessageId, CommitmentAlert> escalations;

  CommitmentEscalation(
      PartyId self,
      OpenCommitments commitments,
      EscalationChain chain,
      Notifier notifier,
      ConsoleAlarm console,
      Clock clock) {
    this.self = self;
    this.commitments = commitments;
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
    Set<MessageId> escalating = escalations.standing();
    Set<MessageId> stillOverdue = new HashSet<>();
    int count = escalating.size();
    for (OpenCommitments.Overdue commitment : overdue) {
      stillOverdue.add(commitment.commitment());
      if (!escalating.contains(commitment.commitment()) && count < ESCALATING_MAX) {
        count++;
        escalations.start(commitment.commitment(), commitment.due(), steps(commitment));
        LOG.info(
            "commitment {} with {} overdue since {}: escalating",
            commitment.commitment(),
            commitment.peer(),
            commitment.due());
      }
    }
    for (MessageId commitment : escalating) {
      if (!stillOverdue.contains(commitment) && escalations.stop(commitment)) {
        LOG.info("commitment {} no longer open: its escalation stops", commitment);
      }
    }
    return escalations.tick(now);
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
