package org.hotline.crisis;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.hotline.HotlineException;
import org.hotline.link.entry.ChangeEntry;
import org.hotline.link.entry.MessageId;

/**
 * Random changes to a link's shared objects, drawn from a seeded random: a new object now and then,
 * otherwise any operation of a random object's type with random arguments, valid or not. The same
 * generator drives a party in memory ({@link LinkSimulation}) and a node on its own store ({@code
 * SharedStateOnStoresPropertiesTest}), so both property tests meet the same changes.
 */
final class RandomChanges {
  private RandomChanges() {}

  /** One party as the generator drives it. Each change throws what the node would answer. */
  interface Party {
    /** The link's state as this party holds it now. */
    SharedState state();

    /** Creates an object of {@code type} with {@code op}, checked as a node checks it. */
    ChangeEntry create(String type, String op, Map<String, Object> data);

    /** Changes {@code object}, checked as a node checks it before placing the change. */
    ChangeEntry change(String object, String op, Map<String, Object> data);

    /** Changes {@code object} without the check: what a broken or hostile writer could sign. */
    ChangeEntry changeUnchecked(String object, String op, Map<String, Object> data);

    /** A message id to link an object to. */
    MessageId message();

    /** This party's time, for commitments' due times. */
    Instant now();
  }

  /** A random change by {@code side}, checked as a node checks it or not; null if refused. */
  static ChangeEntry make(SplittableRandom random, Party side, boolean check) {
    SharedState state = side.state();
    List<SharedObject> objects = state.all(SharedObject.class);
    try {
      if (objects.isEmpty() || random.nextInt(6) == 0) {
        return switch (random.nextInt(3)) {
          case 0 ->
              side.create(
                  "incident",
                  "open",
                  Map.of("title", "事件 " + random.nextInt(100), "severity", 1L + random.nextInt(5)));
          case 1 -> side.create("concern", "raise", Map.of("title", "Commercial flights"));
          default ->
              side.create(
                  "commitment",
                  "propose",
                  Map.of(
                      "owed_by",
                      random.nextBoolean() ? "us" : "cn",
                      "what",
                      "Share tracking data",
                      "due",
                      side.now().plusSeconds(600L * random.nextInt(12)).toString()));
        };
      }
      SharedObject object = objects.get(random.nextInt(objects.size()));
      String op = pick(random, Operations.of(object.type()));
      Map<String, Object> data =
          switch (op) {
            case "severity" -> Map.of("severity", 1L + random.nextInt(5));
            case "state" -> Map.of("state", pick(random, Set.of("ACTIVE", "RESOLVED", "DECLINED")));
            case "status" -> Map.of("status", pick(random, Set.of("OPEN", "ADDRESSED", "CLOSED")));
            case "lead", "scribe" -> Map.of("user", "officer " + random.nextInt(3));
            case "note" -> Map.of("text", "Note " + random.nextInt(1000));
            case "link-message" -> Map.of("message", side.message().toString());
            case "link" -> Map.of("message", side.message().toString());
            default -> Map.of();
          };
      if (op.equals("open") || op.equals("raise") || op.equals("propose")) {
        return null;
      }
      return check
          ? side.change(object.name(), op, data)
          : side.changeUnchecked(object.name(), op, data);
    } catch (HotlineException refused) {
      return null;
    }
  }

  private static String pick(SplittableRandom random, Set<String> options) {
    List<String> sorted = options.stream().sorted().toList();
    return sorted.get(random.nextInt(sorted.size()));
  }
}
