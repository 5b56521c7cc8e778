package org.hotline.console;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What personal alerts need kept: the alerts and, per person, when each was shown to them and
 * acknowledged. Each method is one durable transaction. Implementations are thread-safe.
 */
public interface PersonalAlertStore {
  /** The alert as stored, and whether this call stored it (false: a retried delivery). */
  record Posted(PersonalAlert alert, boolean created) {}

  /** An alert with whether its message is answered now, and each person's receipt. */
  record Listed(
      PersonalAlert alert, boolean messageAnswered, List<PersonalAlert.Receipt> receipts) {}

  /**
   * Stores {@code alert} (its {@code postedAt} set to {@code at}), unless an alert for the same
   * notification is stored already; then returns that one, unchanged.
   */
  Posted postAlert(PersonalAlert alert, Instant at);

  Optional<PersonalAlert> personalAlert(long id);

  /**
   * Alerts addressed to {@code username} or to {@code role}, whose message is unanswered and which
   * {@code username} has not acknowledged, newest first, at most {@code limit}.
   */
  List<PersonalAlert.Standing> standingAlerts(String username, Role role, int limit);

  /** Alerts with id below {@code beforeId}, newest first, at most {@code limit}. */
  List<Listed> personalAlerts(long beforeId, int limit);

  /** Notes that the alert was first shown to {@code username}; false if it had been before. */
  boolean alertSeen(long id, String username, Instant at);

  /** Notes {@code username}'s acknowledgement; false if they had acknowledged it before. */
  boolean alertAcknowledged(long id, String username, Instant at);

  /** Each person's receipt of the alert, by username. */
  List<PersonalAlert.Receipt> alertReceipts(long id);
}
