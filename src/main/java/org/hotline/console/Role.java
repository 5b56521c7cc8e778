package org.hotline.console;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.hotline.InvalidInputException;

/**
 * A person's role. Each role includes the permissions of the one before it: a viewer reads; a duty
 * officer also answers and sends; a releasing officer also releases FLASH drafts; an administrator
 * also manages users and acknowledges security alarms.
 */
public enum Role {
  VIEWER("viewer", EnumSet.of(Permission.READ)),
  DUTY_OFFICER("duty-officer", EnumSet.of(Permission.READ, Permission.ANSWER, Permission.SEND)),
  RELEASING_OFFICER(
      "releasing-officer", EnumSet.of(Permission.READ, Permission.ANSWER, Permission.SEND, Permission.RELEASE)),
  ADMINISTRATOR("administrator", EnumSet.allOf(Permission.class));

  private final String label;
  private final Set<Permission> permissions;

  Role(String label, Set<Permission> permissions) {
    this.label = label;
    this.permissions = permissions;
  }

  /** The name used on the command line and in the console: {@code duty-officer}. */
  public String label() {
    return label;
  }

  public boolean allows(Permission permission) {
    return permissions.contains(permission);
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
    throw new InvalidInputException("role", "unknown role '" + text + "': use viewer, duty-officer, releasing-officer or administrator");
  }
}
