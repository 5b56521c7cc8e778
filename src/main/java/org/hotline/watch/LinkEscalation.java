package org.hotline.watch;

import java.time.Clock;
import java.time.Instant;
import org.hotline.identity.PartyId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The escalation of BLOCKED links, as for an unacknowledged FLASH message ({@link
 * StandingEscalations}): each step a {@code link.escalation} console alarm and one notification per
 * target. The link being unblocked stops it and drops what is not yet delivered. Held in memory: a
 * restarted node blocks the link again at the next two refusals, and starts again from level 1.
 * Thread-safe.
 */
final class LinkEscalation {
  private static final Logger LOG = LoggerFactory.getLogger(LinkEscalation.class);

  private final PartyId self;
  private final StandingEscalations<PartyId, LinkAlert> escalations;

  LinkEscalation(
      PartyId self, EscalationChain chain, Notifier notifier, ConsoleAlarm console, Clock clock) {
    this.self = self;
    this.escalations =
        new StandingEscalations<>(
            chain,
            new StandingEscalations.Outlet<>() {
              @Override
              public void raise(LinkAlert alert) {
                console.raise(alert);
              }

              @Override
              public void deliver(LinkAlert alert, Target target) {
                notifier.deliver(alert, target);
              }

              @Override
              public void failed(LinkAlert alert, Target target, int attempts, String error) {
                console.linkNotificationFailed(alert, target, attempts, error);
              }
            },
            StandingEscalations.Moves.NONE,
            clock);
  }

  void blocked(PartyId peer, String direction, String problem, String detail, Instant since) {
    escalations.start(
        peer,
        since,
        (level, loop, raisedAt) ->
            new LinkAlert(self, peer, direction, problem, detail, since, level, loop, raisedAt));
  }

  void unblocked(PartyId peer) {
    if (escalations.stop(peer)) {
      LOG.info("link to {} unblocked: its escalation stops", peer);
    }
  }

  /** Fires the levels due at {@code now} and delivers the notifications due; returns the steps. */
  int tick(Instant now) {
    return escalations.tick(now);
  }
}
