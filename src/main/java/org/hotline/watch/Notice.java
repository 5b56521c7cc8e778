package org.hotline.watch;

import java.time.Instant;
import java.util.Map;

/**
 * What a notifier carries: an {@link Alert} about an unanswered message, a {@link LinkAlert} about
 * a BLOCKED link, or a {@link CommitmentAlert} about an overdue commitment. Both are flat fields in
 * a fixed order and a one-line headline, so that the webhook, e-mail and command notifiers send
 * either the same way.
 */
public sealed interface Notice permits Alert, LinkAlert, CommitmentAlert {
  /** The event type: {@code deadline.escalation}, {@code link.escalation}… */
  String type();

  /** The stored notification's id, the same on every retry; 0 when it is not stored. */
  long notification();

  Instant raisedAt();

  /** JSON-ready fields in a fixed order, {@code type} first. */
  Map<String, Object> fields();

  /** One line for a person: an e-mail subject, a log line. */
  String headline();
}
