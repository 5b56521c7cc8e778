package org.hotline.console;

/** What a person may do at the console; a {@link Role} grants a fixed set of these. */
public enum Permission {
  /** See messages, links and alarms. */
  READ,
  /** Mark read, acknowledge or decline received messages. */
  ANSWER,
  /** Compose and send messages (FLASH may need a second person, see {@link Releases}). */
  SEND,
  /** Approve or reject another person's FLASH draft under two-person release. */
  RELEASE,
  /** Manage users, acknowledge security alarms, read the audit log. */
  ADMINISTER
}
