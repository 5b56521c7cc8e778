package org.hotline.watch;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;
import org.hotline.InvalidInputException;

/**
 * Where a notification goes: a webhook, an e-mail address, a local command, or the console, to one
 * user or to every user holding a role. (Every alert also goes to the console as an event, whatever
 * the targets.) Each target has a {@link #key()} naming its kind and address but never its secret;
 * stored notifications refer to targets by key, so a secret is never written to the database.
 */
public sealed interface Target {
  /** Kind and address, e.g. {@code webhook https://pager.example/hook}; unique within a chain. */
  String key();

  /**
   * An HTTP POST of the alert as JSON, signed with HMAC-SHA256 under {@code secret}.
   *
   * @param secret shared with the receiver, who checks {@code X-Hotline-Signature}
   */
  record Webhook(URI url, String secret) implements Target {
    /** An HMAC key shorter than this could be guessed offline from one signed body. */
    public static final int SECRET_LENGTH_MIN = 16;

    /** A secret is a key, not a document. */
    public static final int SECRET_LENGTH_MAX = 256;

    public Webhook {
      if (url == null
          || !("https".equals(url.getScheme()) || "http".equals(url.getScheme()))
          || url.getHost() == null) {
        throw new InvalidInputException(
            "webhook", "a webhook is an http:// or https:// URL with a host, got '" + url + "'");
      }
      if (secret == null
          || secret.length() < SECRET_LENGTH_MIN
          || secret.length() > SECRET_LENGTH_MAX) {
        throw new InvalidInputException(
            "secret",
            "webhook "
                + url
                + " needs a secret of "
                + SECRET_LENGTH_MIN
                + " to "
                + SECRET_LENGTH_MAX
                + " characters");
      }
    }

    @Override
    public String key() {
      return "webhook " + url;
    }

    @Override
    public String toString() {
      return key();
    }
  }

  /** A plain-text e-mail through the node's SMTP server. */
  record Email(String address) implements Target {
    /** RFC 5321 §4.5.3.1.3: a path is at most 256 octets, so an address at most 254. */
    public static final int ADDRESS_LENGTH_MAX = 254;

    private static final Pattern SHAPE = Pattern.compile("[^@\\s<>\",;]+@[^@\\s<>\",;]+");

    public Email {
      if (address == null
          || address.length() > ADDRESS_LENGTH_MAX
          || !SHAPE.matcher(address).matches()) {
        throw new InvalidInputException("email", "not an e-mail address: '" + address + "'");
      }
    }

    @Override
    public String key() {
      return "email " + address;
    }
  }

  /**
   * A program run with the alert as JSON on its standard input, killed if it outlives its time
   * bound; exit status 0 means delivered.
   *
   * @param argv the program (an absolute path, so that {@code PATH} cannot change what runs) and
   *     its arguments
   */
  record Command(List<String> argv) implements Target {
    /** A hook is a program and a few options. */
    public static final int ARGUMENTS_MAX = 32;

    public Command {
      if (argv == null
          || argv.isEmpty()
          || argv.size() > ARGUMENTS_MAX
          || argv.stream().anyMatch(arg -> arg == null)) {
        throw new InvalidInputException(
            "command", "a command is a program and at most " + (ARGUMENTS_MAX - 1) + " arguments");
      }
      argv = List.copyOf(argv);
      if (!argv.get(0).startsWith("/")) {
        throw new InvalidInputException(
            "command", "a command's program must be an absolute path, got '" + argv.get(0) + "'");
      }
    }

    @Override
    public String key() {
      return "command " + String.join(" ", argv);
    }
  }

  /**
   * A personal alert on the console for one user: a banner on every page they open, until they
   * acknowledge it or the message is answered. Whether the user exists and is active is checked at
   * delivery, not here: users are added and disabled while the node runs.
   *
   * @param username a console username ({@link org.hotline.console.User#checkUsername})
   */
  record User(String username) implements Target {
    public User {
      try {
        org.hotline.console.User.checkUsername(username);
      } catch (InvalidInputException e) {
        throw new InvalidInputException(
            "user", "not a username: '" + username + "': " + e.getMessage());
      }
    }

    @Override
    public String key() {
      return "user " + username;
    }
  }

  /**
   * A personal alert on the console for every active user whose role is exactly {@code role}
   * (addressing duty officers does not page administrators), including those who sign in later
   * while it stands.
   */
  record Role(org.hotline.console.Role role) implements Target {
    public Role {
      if (role == null) {
        throw new InvalidInputException("role", "a role target needs a role");
      }
    }

    /** Parses a role's label, {@code duty-officer}; refuses an unknown one, naming the four. */
    public static Role parse(String text) {
      return new Role(org.hotline.console.Role.parse(text));
    }

    @Override
    public String key() {
      return "role " + role.label();
    }
  }
}
