package org.hotline.watch;

import java.time.Duration;
import java.time.Instant;
import org.hotline.link.entry.MessageId;

/**
 * Where the watch over one unanswered message stands: what it waits for next ({@code stage}) and
 * when ({@code nextAt}). Stored, so that a node down across a deadline picks up where it was.
 *
 * @param level the 0-based chain level the next escalation notifies (stage ESCALATION)
 * @param loop the 1-based pass over the chain (stage ESCALATION)
 */
public record Timer(
    MessageId message,
    Side side,
    Instant deadline,
    Stage stage,
    int level,
    int loop,
    Instant nextAt) {

  /** What the timer waits for. */
  public enum Stage {
    /** Half the deadline: remind the receiving side. */
    REMINDER,
    /** The deadline itself. */
    DEADLINE,
    /** The next level of the escalation chain. */
    ESCALATION
  }

  /**
   * The first timer of a message: the receiving side waits for the reminder at half the deadline,
   * the sending side for the deadline.
   */
  public static Timer start(MessageId message, Side side, Instant created, Instant deadline) {
    if (side == Side.SENDING || !deadline.isAfter(created)) {
      return new Timer(message, side, deadline, Stage.DEADLINE, 0, 1, deadline);
    }
    Duration half = Duration.between(created, deadline).dividedBy(2);
    return new Timer(message, side, deadline, Stage.REMINDER, 0, 1, created.plus(half));
  }

  Timer next(Stage nextStage, int nextLevel, int nextLoop, Instant at) {
    return new Timer(message, side, deadline, nextStage, nextLevel, nextLoop, at);
  }
}
