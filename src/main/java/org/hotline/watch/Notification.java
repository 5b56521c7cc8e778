package org.hotline.watch;

import java.time.Instant;
import org.hotline.link.entry.MessageId;

/**
 * One alert for one target, as stored: the durable queue of deliveries and, once settled, their
 * outcome, which {@code GET /api/v1/notifications} lists.
 *
 * @param level 1-based chain level of an escalation, else null
 * @param loop 1-based pass over the chain of an escalation, else null
 * @param target the target's key (kind and address, never a secret)
 * @param attempts delivery attempts made so far
 * @param nextAttemptAt when a PENDING notification is tried next; null once settled
 * @param lastError why the last attempt failed, or empty
 */
public record Notification(
    long id,
    MessageId message,
    Alert.Kind kind,
    Side side,
    Integer level,
    Integer loop,
    String target,
    Instant raisedAt,
    Status status,
    int attempts,
    Instant nextAttemptAt,
    String lastError,
    Instant updatedAt) {

  /** PENDING until delivered, given up (FAILED) or made moot by an answer (CANCELLED). */
  public enum Status {
    PENDING,
    DELIVERED,
    FAILED,
    CANCELLED
  }
}
