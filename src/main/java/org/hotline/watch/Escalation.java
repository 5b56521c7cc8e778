package org.hotline.watch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The decision logic of the watch, pure: given a message's timer, the chain and the time, what
 * fires now and what the timer waits for next. No I/O and no clock; {@link Watch} stores and acts
 * on the outcome.
 *
 * <p>Rules:
 *
 * <ul>
 *   <li>REMINDER (receiving side) fires at half the deadline; if the deadline has already passed
 *       when it comes due (the node was down), it is skipped: a reminder after the deadline would
 *       only delay the escalation.
 *   <li>At the DEADLINE, the sending side fires MISSED (the record and the console); then the first
 *       level is due {@code after} its delay, counted from now.
 *   <li>Each ESCALATION fires its level, then the next level is due {@code after} its own delay
 *       counted from now; after the last level, the first level of the next loop is due {@code
 *       loopAfter} later; after the last loop the timer ends.
 * </ul>
 *
 * Delays count from when the previous step actually fired, so a node that comes back after a long
 * outage notifies the levels in turn rather than all at once. Steps that are due together fire in
 * one call, at most {@link #STEPS_MAX}.
 */
final class Escalation {
  /** Every step a chain can take: reminder, deadline, and each level of each loop. */
  static final int STEPS_MAX = 2 + EscalationChain.LEVELS_MAX * EscalationChain.LOOPS_MAX;

  private Escalation() {}

  /**
   * One step that fired: a reminder, the missed deadline, or level {@code level} (0-based) in loop
   * {@code loop}.
   */
  public record Fired(Alert.Kind kind, int level, int loop) {
    /**
     * The level as every reader sees it (API, notifiers, banner, timeline): 1-based, null unless
     * this is an escalation. The only place the 0-based index becomes a level number; whatever
     * shows a stored level shows it as it is.
     */
    public Integer levelNumber() {
      return kind == Alert.Kind.ESCALATION ? level + 1 : null;
    }

    /** The 1-based pass over the chain of an escalation, else null. */
    public Integer loopNumber() {
      return kind == Alert.Kind.ESCALATION ? loop : null;
    }

    static Fired reminder() {
      return new Fired(Alert.Kind.REMINDER, -1, 0);
    }

    static Fired missed() {
      return new Fired(Alert.Kind.MISSED, -1, 0);
    }
  }

  /** What fired, in order, and the timer's next state, or null once the chain is exhausted. */
  public record Advance(List<Fired> fired, Timer next) {}

  static Advance advance(Timer timer, Instant now, EscalationChain chain) {
    List<Fired> fired = new ArrayList<>();
    Timer current = timer;
    for (int step = 0;
        step < STEPS_MAX && current != null && !current.nextAt().isAfter(now);
        step++) {
      current =
          switch (current.stage()) {
            case REMINDER -> {
              if (now.isBefore(current.deadline())) {
                fired.add(Fired.reminder());
                yield current.next(Timer.Stage.DEADLINE, 0, 1, current.deadline());
              }
              yield current.next(Timer.Stage.DEADLINE, 0, 1, current.nextAt());
            }
            case DEADLINE -> {
              if (current.side() == Side.SENDING) {
                fired.add(Fired.missed());
              }
              yield current.next(
                  Timer.Stage.ESCALATION, 0, 1, now.plus(chain.levels().get(0).after()));
            }
            case ESCALATION -> {
              if (current.level() < chain.levels().size() && current.loop() <= chain.loops()) {
                fired.add(new Fired(Alert.Kind.ESCALATION, current.level(), current.loop()));
              }
              yield afterLevel(current, now, chain);
            }
          };
    }
    return new Advance(List.copyOf(fired), current);
  }

  private static Timer afterLevel(Timer timer, Instant now, EscalationChain chain) {
    Level next = afterLevel(timer.level(), timer.loop(), now, chain);
    return next == null
        ? null
        : timer.next(Timer.Stage.ESCALATION, next.level(), next.loop(), next.at());
  }

  /** A level of the chain (0-based) in a loop (1-based), due at {@code at}. */
  record Level(int level, int loop, Instant at) {}

  /** The first level, notified {@code after} its delay once the deadline (or block) is reached. */
  static Level firstLevel(Instant reached, EscalationChain chain) {
    return new Level(0, 1, reached.plus(chain.levels().get(0).after()));
  }

  /**
   * The step after {@code level} of {@code loop} fired at {@code now}: the next level, the first
   * level of the next loop, or null at the end of the chain.
   */
  static Level afterLevel(int level, int loop, Instant now, EscalationChain chain) {
    int nextLevel = level + 1;
    if (nextLevel < chain.levels().size()) {
      return new Level(nextLevel, loop, now.plus(chain.levels().get(nextLevel).after()));
    }
    if (loop < chain.loops()) {
      return new Level(0, loop + 1, now.plus(chain.loopAfter()));
    }
    return null;
  }
}
