package ch.uncloud.cli;

import ch.uncloud.api.UncloudException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code uncloud}: the REST gateway ({@code serve}), admin commands on the same configuration, and
 * fake servers for trying things out. Errors print one clear line (a stack trace only with
 * {@code --verbose}) and exit non-zero: 1 for a failure, 2 for a bad command line.
 */
@Command(name = "uncloud", mixinStandardHelpOptions = true, versionProvider = UncloudCommand.Version.class,
    description = "Lab credit service and shop: REST gateway, admin commands and demo.",
    subcommands = {ServeCommand.class, ChargeCommand.class, HoldCommand.class, CaptureCommand.class,
        ReleaseCommand.class, BalanceCommand.class, DepositCommand.class,
        ProductsCommand.class, OrderCommand.class, BillCommand.class, VmsCommand.class, SnapshotCommand.class,
        ReverseCommand.class, SettleCommand.class, ReconcileLocksCommand.class, CheckCommand.class,
        PaymentsCommand.class, CardsCommand.class, StatementCommand.class, InvoiceCommand.class,
        QuotaCommand.class, EventsCommand.class, VerifyCommand.class, BackupCommand.class, HashPasswordCommand.class,
        FakeCommand.class, OvhCommand.class, BenchCommand.class, CommandLine.HelpCommand.class},
    footer = {"", "Start with:  uncloud serve --demo", "Help on a command:  uncloud COMMAND --help"})
final class UncloudCommand implements Runnable {
  @Option(names = "--verbose", description = "Print stack traces and debug logs.", scope = CommandLine.ScopeType.INHERIT)
  boolean verbose;

  final InputStream stdin;
  int exitOverride = Integer.MIN_VALUE;

  UncloudCommand(InputStream stdin) {
    this.stdin = stdin;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(new CommandLine(this), "name a command, e.g. `uncloud serve --demo`");
  }

  /**
   * Parses and runs a command line.
   *
   * @param in standard input (passwords are read from it when there is no console)
   * @param out standard output
   * @param err standard error
   * @param args the arguments
   * @return the exit status
   */
  static int run(InputStream in, PrintWriter out, PrintWriter err, String... args) {
    UncloudCommand top = new UncloudCommand(in);
    CommandLine cli = new CommandLine(top);
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    boolean verbose = Arrays.asList(args).contains("--verbose");
    cli.setParameterExceptionHandler((ex, arguments) -> {
      CommandLine failed = ex.getCommandLine();
      err.println("uncloud: " + ex.getMessage());
      err.println("Try '" + failed.getCommandSpec().qualifiedName() + " --help'.");
      err.flush();
      return 2;
    });
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      err.println("uncloud: " + describe(ex));
      if (verbose) {
        ex.printStackTrace(err);
      }
      err.flush();
      return 1;
    });
    int status = cli.execute(args);
    out.flush();
    err.flush();
    return top.exitOverride != Integer.MIN_VALUE && status == 0 ? top.exitOverride : status;
  }

  /** @return the one line a failure prints: the message, with the error code of an {@link UncloudException} */
  static String describe(Exception e) {
    if (e instanceof UncloudException u) {
      return u.getMessage() + " [" + u.errorCode() + "]";
    }
    if (e instanceof CommandFailure) {
      return e.getMessage();
    }
    String message = e.getMessage();
    return (message == null ? e.getClass().getSimpleName() : message)
        + " (run again with --verbose for details)";
  }

  /** A command failed in a way the user can fix; its message says how. */
  static final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CommandFailure(String message) {
      super(message, null, false, false);
    }
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = UncloudCommand.class.getPackage().getImplementationVersion();
      return new String[] {"uncloud " + (version == null ? "(development build)" : version)};
    }
  }
}
