package org.hotline.console;

import java.time.Instant;

/**
 * One line of the audit log: who did what to which thing, when and from where.
 *
 * @param id increasing; 0 before it is stored
 * @param username who acted; {@link Audit#CLI} for the command line
 * @param action one of the {@link Audit} action names
 * @param target what it was done to (a message id, a username, a release number), or empty
 * @param detail anything else worth keeping (a reason, a role), or empty
 * @param address the remote address of the request; empty for the command line
 */
public record AuditEntry(
    long id,
    Instant at,
    String username,
    String action,
    String target,
    String detail,
    String address) {
  public AuditEntry {
    target = target == null ? "" : target;
    detail = detail == null ? "" : clip(detail);
    address = address == null ? "" : address;
  }

  /** An audit line stays a line: a reason of a few sentences, never a whole message. */
  static final int DETAIL_LENGTH_MAX = 500;

  private static String clip(String text) {
    return text.length() > DETAIL_LENGTH_MAX ? text.substring(0, DETAIL_LENGTH_MAX) + "…" : text;
  }
}
