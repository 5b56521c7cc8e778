package org.hotline.watch;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.link.entry.StatusFlag;

/**
 * What the watch needs from durable storage: its timers, its cursor over the messages, and its
 * notifications. Every {@link #write} is one transaction, durable when it returns, and serialized
 * with every other write of the node (the link's included). Implementations hold only SQL and are
 * thread-safe.
 */
public interface WatchStore {

  <T> T write(Function<Writes, T> work);

  /** The operations allowed inside a write transaction. Not thread-safe; valid only inside it. */
  interface Writes {
    /** The last message (by local arrival order) that already has its timer, or never needs one. */
    long cursor();

    void putCursor(long messageOrd);

    /** Messages stored after {@code messageOrd}, in order, at most {@code limit}. */
    List<NewMessage> messagesAfter(long messageOrd, int limit);

    /** Stores new timers; a message that already has one keeps it. */
    void insertTimers(List<Timer> timers);

    /**
     * Replaces {@code previous} by {@code next} (deletes it if {@code next} is null); false, and
     * nothing changed, if the stored timer is no longer {@code previous} (the message was answered
     * meanwhile).
     */
    boolean replaceTimer(Timer previous, Timer next);

    void deleteTimer(MessageId message);

    /** Which of these messages have been acknowledged or declined. */
    Set<MessageId> answered(Collection<MessageId> messages);

    void insertNotifications(List<Notification> notifications);

    /** Sets every PENDING notification about {@code message} CANCELLED; returns how many. */
    int cancelNotifications(MessageId message, Instant at);

    /**
     * Records an attempt's outcome. Only a PENDING notification changes, except that DELIVERED is
     * always recorded (an attempt already under way when an answer cancelled it did arrive).
     */
    void recordAttempt(
        long id,
        Notification.Status status,
        int attempts,
        Instant nextAttemptAt,
        String lastError,
        Instant at);
  }

  /** Timers due at {@code now}, earliest first, at most {@code limit}, with their message. */
  List<DueTimer> dueTimers(Instant now, int limit);

  /**
   * PENDING notifications due at {@code now}, earliest first, at most {@code limit}, with their
   * message.
   */
  List<DueNotification> dueNotifications(Instant now, int limit);

  boolean answered(MessageId message);

  /** The most recent notifications, newest first. */
  List<Notification> notifications(int limit);

  /** Where the escalation of every overdue commitment stands, as last stored. */
  Map<MessageId, EscalationPosition> commitmentEscalations();

  /** Stores where the escalation of {@code commitment} stands; one transaction. */
  void putCommitmentEscalation(MessageId commitment, EscalationPosition position);

  /** Forgets the escalation of {@code commitment}, no longer open; one transaction. */
  void deleteCommitmentEscalation(MessageId commitment);

  /**
   * The chain level (0-based) in a loop (1-based) an escalation waits for, due at {@code nextAt};
   * {@code nextAt} null once the chain is exhausted.
   */
  record EscalationPosition(int level, int loop, Instant nextAt) {}

  /** A message the watch has not looked at yet. */
  record NewMessage(
      long ord, MessageId id, Side side, Instant created, Instant deadline, boolean answered) {}

  /** What an alert says about its message. */
  record MessageFacts(
      PartyId peer, Precedence precedence, StatusFlag status, Instant created, boolean answered) {}

  record DueTimer(Timer timer, MessageFacts message) {}

  record DueNotification(Notification notification, MessageFacts message, Instant deadline) {}
}
