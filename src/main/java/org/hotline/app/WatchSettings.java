package org.hotline.app;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hotline.InvalidInputException;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.Precedence;
import org.hotline.notify.EmailNotifier;
import org.hotline.watch.DeadlinePolicy;
import org.hotline.watch.EscalationChain;
import org.hotline.watch.Target;

/**
 * Turns the watch part of {@code hotline.json} into the watch's domain objects, refusing a bad
 * setting with an {@link InvalidInputException} that names it (so the node does not start with a
 * chain that cannot page anyone).
 */
final class WatchSettings {
  /** Default wait before the chain is climbed again, when {@code loop_after} is not given. */
  static final Duration LOOP_AFTER_DEFAULT = Duration.ofMinutes(10);

  static final int SMTP_PORT_DEFAULT = 25;

  private WatchSettings() {}

  static DeadlinePolicy deadlines(NodeConfig config) {
    Map<PartyId, Map<Precedence, Duration>> perPeer = new HashMap<>();
    if (config.linkDeadlines() != null) {
      config
          .linkDeadlines()
          .forEach(
              (peer, deadlines) ->
                  perPeer.put(PartyId.of(peer), deadlines == null ? Map.of() : deadlines));
    }
    return DeadlinePolicy.of(config.deadlines() == null ? Map.of() : config.deadlines(), perPeer);
  }

  static EscalationChain chain(NodeConfig config) {
    NodeConfig.ChainSettings settings = config.escalation();
    if (settings == null) {
      return EscalationChain.consoleOnly();
    }
    if (settings.levels() == null || settings.levels().isEmpty()) {
      throw new InvalidInputException(
          "escalation.levels", "an escalation chain needs at least one level");
    }
    List<EscalationChain.Level> levels = new ArrayList<>();
    for (int i = 0; i < settings.levels().size(); i++) {
      NodeConfig.LevelSettings level = settings.levels().get(i);
      String field = "escalation.levels[" + i + "]";
      if (level == null) {
        throw new InvalidInputException(field, field + " is empty");
      }
      levels.add(
          named(
              field,
              () ->
                  new EscalationChain.Level(
                      level.after() == null ? Duration.ZERO : level.after(),
                      targets(level.targets(), field + ".targets"))));
    }
    List<Target> reminder = targets(settings.reminder(), "escalation.reminder");
    int loops = settings.loops() == null ? 1 : settings.loops();
    Duration loopAfter = settings.loopAfter() == null ? LOOP_AFTER_DEFAULT : settings.loopAfter();
    EscalationChain chain =
        named("escalation", () -> new EscalationChain(reminder, levels, loops, loopAfter));
    boolean mails =
        chain.levels().stream()
                .flatMap(level -> level.targets().stream())
                .anyMatch(Target.Email.class::isInstance)
            || chain.reminder().stream().anyMatch(Target.Email.class::isInstance);
    if (mails && config.smtp() == null) {
      throw new InvalidInputException(
          "smtp",
          "the escalation chain has e-mail targets but hotline.json has no \"smtp\" server");
    }
    return chain;
  }

  /** The SMTP settings, or null if none are configured. */
  static EmailNotifier.Settings smtp(NodeConfig config) {
    NodeConfig.SmtpSettings smtp = config.smtp();
    if (smtp == null) {
      return null;
    }
    return named(
        "smtp",
        () ->
            new EmailNotifier.Settings(
                smtp.host(),
                smtp.port() == null ? SMTP_PORT_DEFAULT : smtp.port(),
                smtp.from(),
                smtp.username(),
                smtp.password(),
                smtp.starttls() == null || smtp.starttls()));
  }

  private static List<Target> targets(List<NodeConfig.TargetSettings> settings, String field) {
    if (settings == null) {
      return List.of();
    }
    List<Target> targets = new ArrayList<>(settings.size());
    for (int i = 0; i < settings.size(); i++) {
      String name = field + "[" + i + "]";
      NodeConfig.TargetSettings target = settings.get(i);
      targets.add(named(name, () -> target(target, name)));
    }
    return targets;
  }

  private static Target target(NodeConfig.TargetSettings target, String field) {
    int kinds =
        (target == null
            ? 0
            : (target.webhook() != null ? 1 : 0)
                + (target.email() != null ? 1 : 0)
                + (target.command() != null ? 1 : 0)
                + (target.user() != null ? 1 : 0)
                + (target.role() != null ? 1 : 0));
    if (kinds != 1) {
      throw new InvalidInputException(
          field,
          "a target is exactly one of \"webhook\" (with \"secret\"), \"email\", \"command\","
              + " \"user\" or \"role\"");
    }
    if (target.secret() != null && target.webhook() == null) {
      throw new InvalidInputException(field, "only a webhook target has a secret");
    }
    if (target.webhook() != null) {
      URI url;
      try {
        url = URI.create(target.webhook());
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(field, "not a URL: '" + target.webhook() + "'");
      }
      return new Target.Webhook(url, target.secret());
    }
    if (target.email() != null) {
      return new Target.Email(target.email());
    }
    if (target.user() != null) {
      return new Target.User(target.user());
    }
    if (target.role() != null) {
      return Target.Role.parse(target.role());
    }
    return new Target.Command(target.command());
  }

  /** Runs {@code build}, prefixing any refusal with the setting it came from. */
  private static <T> T named(String field, java.util.function.Supplier<T> build) {
    try {
      return build.get();
    } catch (InvalidInputException e) {
      if (e.field().startsWith(field)) {
        throw e;
      }
      throw new InvalidInputException(
          field + (e.field().isEmpty() ? "" : "." + e.field()), field + ": " + e.getMessage());
    }
  }
}
