package org.hotline.watch;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hotline.InvalidInputException;

/**
 * Who is told, and when, about a message nobody has answered. At the deadline the first level is
 * notified {@code after} its delay; each next level {@code after} its own delay once the previous
 * one was notified; after the last level the chain starts again from the first, {@code loopAfter}
 * later, at most {@code loops} times in all. Then it stops: the message stays ACK OVERDUE for all
 * to see, but nobody is paged forever. The reminder targets are told at half the deadline
 * (receiving side only). Every step also raises a console alarm, whatever the targets.
 *
 * <p>Immutable and thread-safe.
 *
 * @param reminder targets told at half the deadline; may be empty
 * @param levels ordered rungs of the escalation ladder, at least one
 * @param loops how many times the whole ladder is climbed, 1 to {@link #LOOPS_MAX}
 * @param loopAfter the wait between the last level and the first level of the next loop
 */
public record EscalationChain(
    List<Target> reminder, List<Level> levels, int loops, Duration loopAfter) {
  /**
   * Rungs of one ladder: duty officer, watch supervisor, director, principal… Eight is more than
   * any operations centre has, and keeps a run of the chain short enough to reason about.
   */
  public static final int LEVELS_MAX = 8;

  /** Climbing the ladder more often than this pages people for hours about one message. */
  public static final int LOOPS_MAX = 10;

  /** Targets in one level or in the reminder: a team, not a distribution list. */
  public static final int TARGETS_PER_LEVEL_MAX = 16;

  /** A level later than a day after the previous one is not an escalation any more. */
  public static final Duration LEVEL_DELAY_MAX = Duration.ofDays(1);

  /** A repeat sooner than this would page the first level again before it could react. */
  public static final Duration LOOP_AFTER_MIN = Duration.ofMinutes(1);

  /**
   * One rung: whom to notify, {@code after} this delay once the previous rung was notified (or the
   * deadline passed).
   */
  public record Level(Duration after, List<Target> targets) {
    public Level {
      if (after == null || after.isNegative() || after.compareTo(LEVEL_DELAY_MAX) > 0) {
        throw new InvalidInputException(
            "after", "a level's delay must be 0 to " + LEVEL_DELAY_MAX + ", got " + after);
      }
      targets = checkTargets(targets, "targets");
    }
  }

  public EscalationChain {
    reminder = checkTargets(reminder, "reminder");
    if (levels == null || levels.isEmpty() || levels.size() > LEVELS_MAX) {
      throw new InvalidInputException(
          "levels", "an escalation chain has 1 to " + LEVELS_MAX + " levels");
    }
    levels = List.copyOf(levels);
    if (loops < 1 || loops > LOOPS_MAX) {
      throw new InvalidInputException(
          "loops", "loops must be 1 to " + LOOPS_MAX + ", got " + loops);
    }
    if (loopAfter == null
        || loopAfter.compareTo(LOOP_AFTER_MIN) < 0
        || loopAfter.compareTo(LEVEL_DELAY_MAX) > 0) {
      throw new InvalidInputException(
          "loop_after",
          "loop_after must be " + LOOP_AFTER_MIN + " to " + LEVEL_DELAY_MAX + ", got " + loopAfter);
    }
    Map<String, Target> byKey = new HashMap<>();
    for (Target target : allTargets(reminder, levels)) {
      Target previous = byKey.putIfAbsent(target.key(), target);
      if (previous != null && !previous.equals(target)) {
        throw new InvalidInputException(
            "targets", target.key() + " appears twice with different settings");
      }
    }
  }

  /** The chain when none is configured: one console alarm at the deadline, once. */
  public static EscalationChain consoleOnly() {
    return new EscalationChain(
        List.of(), List.of(new Level(Duration.ZERO, List.of())), 1, Duration.ofMinutes(10));
  }

  /**
   * The configured target with this key, if it still exists (stored notifications outlive config
   * edits).
   */
  public Optional<Target> target(String key) {
    return allTargets(reminder, levels).stream()
        .filter(target -> target.key().equals(key))
        .findFirst();
  }

  private static List<Target> allTargets(List<Target> reminder, List<Level> levels) {
    List<Target> all = new java.util.ArrayList<>(reminder);
    levels.forEach(level -> all.addAll(level.targets()));
    return all;
  }

  private static List<Target> checkTargets(List<Target> targets, String field) {
    if (targets == null) {
      return List.of();
    }
    if (targets.size() > TARGETS_PER_LEVEL_MAX) {
      throw new InvalidInputException(
          field, "at most " + TARGETS_PER_LEVEL_MAX + " targets, got " + targets.size());
    }
    return List.copyOf(targets);
  }
}
