package org.hotline.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.hotline.console.Role;
import org.hotline.console.User;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hotline user add|list|disable|enable|passwd}: the people who sign in to the web console.
 * Works on the data directory, so it also works while the node runs; a disabled user's open
 * sessions end at their next request.
 */
final class UserCommands {
  private UserCommands() {}

  @Command(
      name = "user",
      mixinStandardHelpOptions = true,
      description = "Add, list, disable, enable console users or set their password.",
      subcommands = {
        Add.class,
        ListUsers.class,
        Disable.class,
        Enable.class,
        Passwd.class,
        ResetSecondFactor.class
      })
  static final class UserCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "say add, list, disable, enable or passwd");
    }
  }

  /**
   * Reads the password from the first line of a file, or asks twice on the terminal. On JDK 21
   * {@code System.console()} is null without a terminal; on later JDKs it is not, and then {@code
   * readPassword} reads nothing, which the empty-password check below reports.
   */
  @SuppressWarnings("SystemConsoleNull")
  static char[] password(Path file, String username) {
    if (file != null) {
      try {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || lines.get(0).isEmpty()) {
          throw new CliException(file + " is empty; put the password on its first line");
        }
        return lines.get(0).toCharArray();
      } catch (IOException e) {
        throw new CliException("cannot read the password file " + file + ": " + e.getMessage());
      }
    }
    Console console = System.console();
    if (console == null) {
      throw new CliException("no terminal to ask for the password: give --password-file FILE");
    }
    char[] first = console.readPassword("Password for %s (at least 12 characters): ", username);
    if (first == null || first.length == 0) {
      throw new CliException(
          "no password was typed: give --password-file FILE when there is no terminal");
    }
    char[] second = console.readPassword("The same again: ");
    if (second == null || !Arrays.equals(first, second)) {
      throw new CliException("the two passwords differ; nothing changed");
    }
    Arrays.fill(second, '\0');
    return first;
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = "Add a user who can sign in to the console.")
  static final class Add implements Runnable {
    private final NodeOperations operations;

    @Option(names = "--dir", required = true, description = "Data directory.")
    Path dir;

    @Option(
        names = "--username",
        required = true,
        description = "2-32 characters: a-z, then a-z 0-9 . - _")
    String username;

    @Option(
        names = "--role",
        required = true,
        description = "viewer, duty-officer, releasing-officer or administrator.")
    String role;

    @Option(
        names = "--password-file",
        description = "Read the password from this file's first line; without it, you are asked.")
    Path passwordFile;

    @Option(
        names = "--language",
        description =
            "The console's language for this user: en or zh (default: the node's console.language,"
                + " else the browser's).")
    String language;

    Add(NodeOperations operations) {
      this.operations = operations;
    }

    @Override
    public void run() {
      Role parsed = Role.parse(role);
      User.checkLanguage(language);
      User user =
          operations.addUser(dir, username, parsed, password(passwordFile, username), language);
      System.out.println("Added " + user.username() + " as " + user.role().label());
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List console users.")
  static final class ListUsers implements Runnable {
    private final NodeOperations operations;

    @Option(names = "--dir", required = true, description = "Data directory.")
    Path dir;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    ListUsers(NodeOperations operations) {
      this.operations = operations;
    }

    @Override
    public void run() {
      List<User> users = operations.users(dir);
      if (json) {
        System.out.println(Output.json(users));
        return;
      }
      if (users.isEmpty()) {
        System.out.println(
            "No users. Add one: hotline user add --dir "
                + dir
                + " --username NAME --role administrator");
      }
      java.util.Map<String, String> secondFactors = operations.secondFactors(dir);
      for (User user : users) {
        String state =
            user.disabled()
                ? "disabled"
                : user.lockedUntil() != null ? "locked until " + user.lockedUntil() : "active";
        System.out.printf(
            "%-32s %-18s %-10s last sign-in %-27s second factor %s%n",
            TerminalText.line(user.username()),
            user.role().label(),
            state,
            user.lastSignInAt() == null ? "never" : user.lastSignInAt().toString(),
            secondFactors.getOrDefault(user.username(), "not used"));
      }
    }
  }

  @Command(
      name = "disable",
      mixinStandardHelpOptions = true,
      description = "Stop a user from signing in; ends their open sessions.")
  static final class Disable implements Runnable {
    private final NodeOperations operations;

    @Option(names = "--dir", required = true, description = "Data directory.")
    Path dir;

    @Parameters(index = "0", description = "Username.")
    String username;

    Disable(NodeOperations operations) {
      this.operations = operations;
    }

    @Override
    public void run() {
      operations.disableUser(dir, username);
      System.out.println("Disabled " + username);
    }
  }

  @Command(
      name = "enable",
      mixinStandardHelpOptions = true,
      description = "Let a disabled user sign in again.")
  static final class Enable implements Runnable {
    private final NodeOperations operations;

    @Option(names = "--dir", required = true, description = "Data directory.")
    Path dir;

    @Parameters(index = "0", description = "Username.")
    String username;

    Enable(NodeOperations operations) {
      this.operations = operations;
    }

    @Override
    public void run() {
      operations.enableUser(dir, username);
      System.out.println("Enabled " + username);
    }
  }

  @Command(
      name = "passwd",
      mixinStandardHelpOptions = true,
      description = "Set a user's password; also lifts a lockout.")
  static final class Passwd implements Runnable {
    private final NodeOperations operations;

    @Option(names = "--dir", required = true, description = "Data directory.")
    Path dir;

    @Option(
        names = "--password-file",
        description = "Read the password from this file's first line; without it, you are asked.")
    Path passwordFile;

    @Parameters(index = "0", description = "Username.")
    String username;

    Passwd(NodeOperations operations) {
      this.operations = operations;
    }

    @Override
    public void run() {
      operations.setPassword(dir, username, password(passwordFile, username));
      System.out.println("Set the password of " + username);
    }
  }

  @Command(
      name = "reset-second-factor",
      mixinStandardHelpOptions = true,
      description =
          "Remove a user's authenticator and recovery codes (a lost phone); if their role requires"
              + " a second factor, they enrol a new one at their next sign-in.")
  static final class ResetSecondFactor implements Runnable {
    private final NodeOperations operations;

    @Option(names = "--dir", required = true, description = "Data directory.")
    Path dir;

    @Parameters(index = "0", description = "Username.")
    String username;

    ResetSecondFactor(NodeOperations operations) {
      this.operations = operations;
    }

    @Override
    public void run() {
      operations.resetSecondFactor(dir, username);
      System.out.println(
          "Removed the second factor of "
              + username
              + "; they set up a new one at their next sign-in if their role requires it");
    }
  }
}
