package org.hotline.notify;

import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.Properties;
import org.hotline.InvalidInputException;
import org.hotline.watch.Alert;
import org.hotline.watch.NotificationFailedException;
import org.hotline.watch.Notifier;
import org.hotline.watch.Target;

/**
 * Sends an alert as a plain-text e-mail through one SMTP server (RFC 5321), with Jakarta Mail's
 * reference implementation (Angus Mail). The subject is the alert's headline; the body lists its
 * fields and ends with the same JSON a webhook receives. With {@code starttls} the connection must
 * be upgraded to TLS (STARTTLS, RFC 3207) before anything is sent, and the server's certificate is
 * checked against the JVM's trust store and the host name.
 *
 * <p>Thread-safe: each delivery opens its own connection.
 */
public final class EmailNotifier implements Notifier {
  /** Connect, read and write, each: a mail server that stalls longer is not taking mail. */
  static final Duration SMTP_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Where and how to send mail.
   *
   * @param username and {@code password}: log in (SMTP AUTH) if given; never over plain text unless
   *     {@code starttls} is off
   * @param starttls require STARTTLS; off only for a relay on the same host
   */
  public record Settings(
      String host, int port, String from, String username, String password, boolean starttls) {
    public Settings {
      if (host == null || host.isBlank()) {
        throw new InvalidInputException("host", "the SMTP server needs a host");
      }
      if (port < 1 || port > 65_535) {
        throw new InvalidInputException("port", "SMTP port must be 1 to 65535, got " + port);
      }
      try {
        new Target.Email(from);
      } catch (InvalidInputException e) {
        throw new InvalidInputException(
            "from", "the sender address 'from' must be an e-mail address, got '" + from + "'");
      }
      if ((username == null) != (password == null)) {
        throw new InvalidInputException("username", "give both username and password, or neither");
      }
    }

    @Override
    public String toString() {
      return "smtp://" + host + ":" + port + (starttls ? " (STARTTLS)" : "");
    }
  }

  private final Settings settings;
  private final Session session;

  public EmailNotifier(Settings settings) {
    this.settings = settings;
    Properties properties = new Properties();
    properties.put("mail.smtp.host", settings.host());
    properties.put("mail.smtp.port", Integer.toString(settings.port()));
    properties.put("mail.smtp.connectiontimeout", Long.toString(SMTP_TIMEOUT.toMillis()));
    properties.put("mail.smtp.timeout", Long.toString(SMTP_TIMEOUT.toMillis()));
    properties.put("mail.smtp.writetimeout", Long.toString(SMTP_TIMEOUT.toMillis()));
    properties.put("mail.smtp.starttls.enable", Boolean.toString(settings.starttls()));
    properties.put("mail.smtp.starttls.required", Boolean.toString(settings.starttls()));
    properties.put("mail.smtp.ssl.checkserveridentity", "true");
    properties.put("mail.smtp.auth", Boolean.toString(settings.username() != null));
    Authenticator login =
        settings.username() == null
            ? null
            : new Authenticator() {
              @Override
              protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(settings.username(), settings.password());
              }
            };
    this.session = Session.getInstance(properties, login);
  }

  @Override
  public void deliver(Alert alert, Target target) {
    mail(alert, target);
  }

  @Override
  public void deliver(org.hotline.watch.LinkAlert alert, Target target) {
    mail(alert, target);
  }

  @Override
  public void deliver(org.hotline.watch.CommitmentAlert alert, Target target) {
    mail(alert, target);
  }

  private void mail(org.hotline.watch.Notice alert, Target target) {
    Target.Email address = (Target.Email) target;
    try {
      MimeMessage mail = new MimeMessage(session);
      mail.setFrom(new InternetAddress(settings.from()));
      mail.setRecipient(Message.RecipientType.TO, new InternetAddress(address.address()));
      mail.setSubject(alert.headline(), "UTF-8");
      mail.setSentDate(Date.from(alert.raisedAt()));
      mail.setHeader("X-Hotline-Event", alert.type());
      mail.setHeader("X-Hotline-Delivery", Long.toString(alert.notification()));
      mail.setText(text(alert), "UTF-8");
      Transport.send(mail);
    } catch (MessagingException e) {
      throw new NotificationFailedException(
          "cannot mail " + address.address() + " through " + settings + ": " + rootMessage(e));
    }
  }

  static String text(org.hotline.watch.Notice alert) {
    StringBuilder text = new StringBuilder(alert.headline()).append("\n\n");
    for (Map.Entry<String, Object> field : alert.fields().entrySet()) {
      text.append(field.getKey()).append(": ").append(field.getValue()).append('\n');
    }
    text.append(
        switch (alert) {
          case Alert message ->
              "\nOpen the message on the console and acknowledge or decline it.\n\n";
          case org.hotline.watch.LinkAlert link ->
              "\nNothing reaches the peer on this link until it is unblocked: see the Links page"
                  + " of the console, and docs/operations.md on a BLOCKED link.\n\n";
          case org.hotline.watch.CommitmentAlert commitment ->
              "\nOpen the commitment on the console: confirm it done, or declare it missed.\n\n";
        });
    text.append(new String(AlertJson.bytes(alert), StandardCharsets.UTF_8)).append('\n');
    return text.toString();
  }

  @SuppressWarnings("ReferenceEquality") // walks a cause chain: identity is what ends it
  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause == e
        ? String.valueOf(e.getMessage())
        : e.getMessage() + " (" + cause.getMessage() + ")";
  }
}
