package org.hotline.crisis;

import java.util.Map;
import java.util.Set;
import org.hotline.InvalidInputException;
import org.hotline.console.Permission;

/**
 * Who may make which change (docs/crisis.md §6), with the console's permissions: {@link
 * Permission#SEND} (a duty officer and above) for the work of a crisis, {@link Permission#RELEASE}
 * (a releasing officer or an administrator) for what binds the party: agreeing to or withdrawing a
 * commitment, declaring it done or missed, closing an incident or a concern, declining an incident,
 * issuing the FINAL situation report of an incident, suspending or resuming a channel; {@link
 * Permission#ADMINISTER} (an administrator) to propose or accept a channel's settings, and to adopt
 * or withdraw a notification template on a channel. The peer cannot see roles: this is checked on
 * the way in, on this node only.
 */
final class Operations {
  private static final Map<ObjectType, Set<String>> OPS =
      Map.of(
          ObjectType.INCIDENT,
          Set.of(
              "open",
              "severity",
              "state",
              "lead",
              "scribe",
              "link-message",
              "note",
              "propose-close",
              "accept-close",
              "report"),
          ObjectType.COMMITMENT,
          Set.of("propose", "agree", "withdraw", "claim-done", "confirm-done", "missed", "note"),
          ObjectType.CONCERN,
          Set.of("raise", "status", "link", "note"),
          ObjectType.CHANNEL,
          Set.of("propose", "accept", "suspend", "resume", "adopt", "withdraw"));

  private static final Set<String> BINDING =
      Set.of("propose-close", "accept-close", "agree", "withdraw", "confirm-done", "missed");

  private Operations() {}

  /** The operations of {@code type}. */
  static Set<String> of(ObjectType type) {
    return OPS.get(type);
  }

  /** The permission {@code op} needs; throws {@link InvalidInputException} for an unknown one. */
  static Permission permission(ObjectType type, String op, Map<String, Object> data) {
    if (op == null || !OPS.get(type).contains(op)) {
      throw new InvalidInputException(
          "op",
          "a "
              + type.wire()
              + " has the operations "
              + new java.util.TreeSet<>(OPS.get(type))
              + ", not '"
              + Args.clip(String.valueOf(op))
              + "'");
    }
    Object target =
        data == null ? null : data.containsKey("state") ? data.get("state") : data.get("status");
    boolean binding =
        BINDING.contains(op)
            || "DECLINED".equals(target)
            || "CLOSED".equals(target)
            || (op.equals("report") && data != null && "FINAL".equals(data.get("version")));
    if (type == ObjectType.CHANNEL) {
      return op.equals("propose")
              || op.equals("accept")
              || op.equals("adopt")
              || op.equals("withdraw")
          ? Permission.ADMINISTER
          : Permission.RELEASE;
    }
    return binding ? Permission.RELEASE : Permission.SEND;
  }
}
