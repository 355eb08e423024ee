package ch.uncloud.cli;

import ch.uncloud.jdbc.JdbcLedgerProvider;
import ch.uncloud.jdbc.SqliteBackup;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code uncloud backup --to FILE}: copies the SQLite ledger with SQLite's online backup API while the
 * gateway may keep booking, then verifies the copy ({@link SqliteBackup}). A PostgreSQL ledger is
 * refused with a pointer to {@code pg_dump} and {@code pg_basebackup}.
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
    description = {"Copy the SQLite ledger to FILE with SQLite's online backup API (safe while the gateway books), "
        + "through a temporary file renamed into place, then verify the copy as `uncloud verify` does.",
        "Restore by stopping uncloud and pointing uncloud.jdbc.url at the copy (or copying it over the ledger). "
            + "PostgreSQL: use pg_dump or pg_basebackup (see the README). Exits 0 when the copy verifies clean, "
            + "1 with findings in the copy, 2 if no backup was made."})
final class BackupCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  TargetOptions target;

  @Option(names = "--to", paramLabel = "FILE", required = true, description = "The backup file to write.")
  Path to;

  @Option(names = "--force", description = "Replace FILE if it exists (otherwise an existing file is refused).")
  boolean force;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SqliteBackup.Result result;
    try {
      String url = VerifyCommand.ledgerConfiguration(target).require(JdbcLedgerProvider.URL);
      if (Files.exists(to) && !force) {
        throw new UncloudCommand.CommandFailure(to + " exists; name a new file, or give --force to replace it");
      }
      result = SqliteBackup.backup(url, to, force);
    } catch (RuntimeException e) {
      err.println("uncloud: no backup made: " + UncloudCommand.describe(e));
      err.flush();
      return 2;
    }
    out.println("backed up to " + result.target() + " (" + result.bytes() + " bytes)");
    out.print("verified the copy: " + result.verification().describe());
    out.flush();
    return result.verification().clean() ? 0 : 1;
  }
}
