package org.hotline.console;

import java.util.Locale;
import org.hotline.InvalidInputException;

/**
 * A person's role. Each role includes the permissions of the one before it: a viewer reads; a duty
 * officer also answers and sends; a releasing officer also releases FLASH drafts; an administrator
 * also manages users and acknowledges security alarms.
 */
public enum Role {
  VIEWER("viewer"),
  DUTY_OFFICER("duty-officer"),
  RELEASING_OFFICER("releasing-officer"),
  ADMINISTRATOR("administrator");

  private final String label;

  Role(String label) {
    this.label = label;
  }

  /** The name used on the command line and in the console: {@code duty-officer}. */
  public String label() {
    return label;
  }

  public boolean allows(Permission permission) {
    return switch (permission) {
      case READ -> true;
      case ANSWER, SEND -> this != VIEWER;
      case RELEASE -> this == RELEASING_OFFICER || this == ADMINISTRATOR;
      case ADMINISTER -> this == ADMINISTRATOR;
    };
  }

  /** Accepts the label ({@code duty-officer}) or the constant name ({@code DUTY_OFFICER}). */
  public static Role parse(String text) {
    if (text != null) {
      String wanted = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
      for (Role role : values()) {
        if (role.label.equals(wanted)) {
          return role;
        }
      }
    }
    throw new InvalidInputException(
        "role",
        "unknown role '"
            + text
            + "': use viewer, duty-officer, releasing-officer or administrator");
  }
}
