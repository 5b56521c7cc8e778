package org.hotline.console;

import java.time.Instant;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.link.entry.StatusFlag;

/**
 * A reminder or escalation of the watch addressed to console people: one user ({@code username}) or
 * every active user whose role is exactly {@code role}. It stands, as a banner on every page of
 * each of them, until that person acknowledges it or the message is answered. Like every alert it
 * names the message, never its subject or body. Immutable.
 *
 * @param id 0 until stored
 * @param notification the watch's notification it delivers; one personal alert per notification
 * @param username the user addressed, or null when a role is
 * @param role the role addressed, or null when a user is
 * @param type {@code deadline.reminder} or {@code deadline.escalation}
 * @param side {@code receiving} (our people owe the answer) or {@code sending} (the peer does)
 * @param level 1-based chain level of an escalation, else null
 * @param loop 1-based pass over the chain of an escalation, else null
 * @param postedAt when the console received it; null until stored
 */
public record PersonalAlert(
    long id,
    long notification,
    String username,
    Role role,
    MessageId message,
    String type,
    String side,
    PartyId peer,
    Precedence precedence,
    StatusFlag status,
    Integer level,
    Integer loop,
    Instant deadline,
    Instant raisedAt,
    Instant postedAt) {

  public static final String REMINDER = "deadline.reminder";
  public static final String ESCALATION = "deadline.escalation";

  public PersonalAlert {
    if ((username == null) == (role == null)) {
      throw new IllegalArgumentException("a personal alert is addressed to a user or to a role");
    }
    if (username != null) {
      User.checkUsername(username);
    }
  }

  /** Whom it is for, as the chain names it: {@code user alice} or {@code role duty-officer}. */
  public String addressee() {
    return username != null ? "user " + username : "role " + role.label();
  }

  /** Whether {@code user} is one of the people it is for (an active user, by name or role). */
  public boolean addressedTo(User user) {
    return !user.disabled()
        && (username != null ? username.equals(user.username()) : role == user.role());
  }

  public boolean escalation() {
    return ESCALATION.equals(type);
  }

  /** What one person did with it: when it was first shown to them, when they acknowledged it. */
  public record Receipt(String username, Instant seenAt, Instant acknowledgedAt) {}

  /** An alert standing for one person, with when it was first shown to them (null: not yet). */
  public record Standing(PersonalAlert alert, Instant seenAt) {}
}
