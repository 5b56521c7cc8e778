package org.hotline.console;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hotline.link.entry.MessageId;

/**
 * The console's record: the audit log, two-person release drafts and acknowledgements of security
 * alarms. Each method is one durable transaction. Implementations are thread-safe.
 */
public interface ConsoleStore {
  /** Appends to the audit log; returns the entry with its id. */
  AuditEntry audit(AuditEntry entry);

  /** Audit entries newest first, with id below {@code beforeId}. */
  List<AuditEntry> auditLog(long beforeId, int limit);

  /** Stores a new pending draft; returns it with its id. */
  PendingRelease addRelease(PendingRelease release);

  Optional<PendingRelease> release(long id);

  /** Drafts in {@code state}, oldest first. */
  List<PendingRelease> releases(PendingRelease.State state, int limit);

  Optional<PendingRelease> releaseOfMessage(MessageId message);

  /**
   * Moves a draft from PENDING to {@code to}, with who and when; returns false if it was no longer
   * pending (someone else decided first).
   */
  boolean decide(long id, PendingRelease.State to, String by, Instant at, String reason);

  /** Undoes a decision whose message could not be queued, so the draft is pending again. */
  void reopen(long id);

  /** Notes the message a released draft became. */
  void released(long id, MessageId message);

  /** Security events after the last acknowledgement, newest first. */
  List<SecurityAlarm> unacknowledgedAlarms(int limit);

  /** Acknowledges every security event up to {@code throughId}. */
  void acknowledgeAlarms(long throughId, String by, Instant at);
}
