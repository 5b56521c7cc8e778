package org.hotline.cli;

import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import org.hotline.HotlineException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code hotline}: the one executable. Every subcommand has {@code --help}; on error it prints one
 * line starting with {@code hotline:} to standard error and exits 1 (2 for a usage error).
 */
@Command(
    name = "hotline",
    mixinStandardHelpOptions = true,
    version = "hotline 0.1.0",
    description = "Crisis communication between parties that do not trust each other.",
    subcommands = {
      SetupCommands.Init.class,
      SetupCommands.Identity.class,
      SetupCommands.PeerCommand.class,
      UserCommands.UserCommand.class,
      RunCommands.Serve.class,
      MessageCommands.Send.class,
      MessageCommands.Inbox.class,
      MessageCommands.Outbox.class,
      MessageCommands.Show.class,
      MessageCommands.Ack.class,
      MessageCommands.Decline.class,
      MessageCommands.Status.class,
      CrisisCommands.IncidentCommand.class,
      CrisisCommands.CommitmentCommand.class,
      CrisisCommands.ConcernCommand.class,
      ChannelCommands.ChannelCommand.class,
      TemplateCommands.TemplateCommand.class,
      RecordCommands.Verify.class,
      RecordCommands.Export.class,
      RecordCommands.VerifyExport.class,
      RecordCommands.Sitrep.class,
      RecordCommands.VerifySitrep.class,
      BackupCommands.Backup.class,
      BackupCommands.Restore.class,
      BackupCommands.Recover.class,
      WitnessCommands.WitnessCommand.class,
      RunCommands.Demo.class,
      RunCommands.Bench.class,
      CommandLine.HelpCommand.class
    })
public final class HotlineCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  /** Runs the CLI with {@code operations} and returns the exit status. */
  public static int run(NodeOperations operations, String... args) {
    CommandLine line = new CommandLine(new HotlineCommand(), new Factory(operations));
    line.setExecutionExceptionHandler(
        (exception, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          if (exception instanceof HotlineException hotline) {
            err.println("hotline: " + TerminalText.line(hotline.getMessage()));
          } else {
            err.println(
                "hotline: "
                    + exception.getClass().getSimpleName()
                    + ": "
                    + TerminalText.line(exception.getMessage()));
          }
          err.flush();
          return 1;
        });
    line.setParameterExceptionHandler(
        (exception, args2) -> {
          PrintWriter err = exception.getCommandLine().getErr();
          err.println(
              "hotline: "
                  + TerminalText.line(exception.getMessage())
                  + " (see: "
                  + exception.getCommandLine().getCommandSpec().qualifiedName()
                  + " --help)");
          err.flush();
          return 2;
        });
    return line.execute(args);
  }

  /** Gives commands that take a {@link NodeOperations} in their constructor the one we have. */
  private record Factory(NodeOperations operations) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      for (Constructor<?> constructor : type.getDeclaredConstructors()) {
        if (constructor.getParameterCount() == 1
            && constructor.getParameterTypes()[0] == NodeOperations.class) {
          constructor.setAccessible(true);
          return type.cast(constructor.newInstance(operations));
        }
      }
      return CommandLine.defaultFactory().create(type);
    }
  }
}
