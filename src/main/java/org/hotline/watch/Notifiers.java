package org.hotline.watch;

/** Sends each target kind to its own notifier. Thread-safe if they are. */
public final class Notifiers implements Notifier {
  private final Notifier webhooks;
  private final Notifier email;
  private final Notifier commands;
  private final Notifier console;

  /** Without the console: user and role targets fail, saying so. */
  public Notifiers(Notifier webhooks, Notifier email, Notifier commands) {
    this(webhooks, email, commands, noConsole());
  }

  /**
   * @param console delivers {@link Target.User} and {@link Target.Role} as personal alerts
   */
  public Notifiers(Notifier webhooks, Notifier email, Notifier commands, Notifier console) {
    this.webhooks = webhooks;
    this.email = email;
    this.commands = commands;
    this.console = console;
  }

  /** For a node with no SMTP server configured: e-mail targets fail, saying so. */
  public static Notifier noEmail() {
    return (alert, target) -> {
      throw new NotificationFailedException("no SMTP server is configured (hotline.json \"smtp\")");
    };
  }

  /** For a watch without a console (some tests): user and role targets fail, saying so. */
  public static Notifier noConsole() {
    return (alert, target) -> {
      throw new NotificationFailedException("this node has no console to show personal alerts");
    };
  }

  @Override
  public void deliver(Alert alert, Target target) {
    notifier(target).deliver(alert, target);
  }

  @Override
  public void deliver(LinkAlert alert, Target target) {
    notifier(target).deliver(alert, target);
  }

  @Override
  public void deliver(CommitmentAlert alert, Target target) {
    notifier(target).deliver(alert, target);
  }

  private Notifier notifier(Target target) {
    return switch (target) {
      case Target.Webhook webhook -> webhooks;
      case Target.Email address -> email;
      case Target.Command command -> commands;
      case Target.User user -> console;
      case Target.Role role -> console;
    };
  }
}
