package org.hotline.watch;

/** Sends each target kind to its own notifier. Thread-safe if they are. */
public final class Notifiers implements Notifier {
  private final Notifier webhooks;
  private final Notifier email;
  private final Notifier commands;

  public Notifiers(Notifier webhooks, Notifier email, Notifier commands) {
    this.webhooks = webhooks;
    this.email = email;
    this.commands = commands;
  }

  /** For a node with no SMTP server configured: e-mail targets fail, saying so. */
  public static Notifier noEmail() {
    return (alert, target) -> {
      throw new NotificationFailedException("no SMTP server is configured (hotline.json \"smtp\")");
    };
  }

  @Override
  public void deliver(Alert alert, Target target) {
    switch (target) {
      case Target.Webhook webhook -> webhooks.deliver(alert, webhook);
      case Target.Email address -> email.deliver(alert, address);
      case Target.Command command -> commands.deliver(alert, command);
    }
  }
}
