package ch.uncloud.cli;

import ch.uncloud.jdbc.JdbcLedgerProvider;
import ch.uncloud.jdbc.LedgerVerification;
import ch.uncloud.jdbc.LedgerVerifier;
import ch.uncloud.spi.ProviderConfig;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code uncloud verify}: checks the ledger's database against its invariants with
 * {@link LedgerVerifier}, changing nothing, and prints what it found. Exits 0 when clean, 1 with
 * findings, 2 when it could not verify.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Check the ledger's database, changing nothing: every balance equals the sum of its entries, "
        + "running balances and quota pots chain, reversals point at existing entries and undo them, no "
        + "idempotency key is booked twice, holds and outbox deliveries are whole, the schema version is known.",
        "Safe while gateways book. Exits 0 when clean, 1 with findings, 2 if it cannot verify."})
final class VerifyCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  TargetOptions target;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LedgerVerification report;
    try {
      report = LedgerVerifier.verify(ledgerConfiguration(target));
    } catch (RuntimeException e) {
      err.println("uncloud: cannot verify: " + UncloudCommand.describe(e));
      err.flush();
      return 2;
    }
    out.print(report.describe());
    out.flush();
    return report.clean() ? 0 : 1;
  }

  /**
   * @return the configuration of the JDBC ledger the options name
   * @throws UncloudCommand.CommandFailure if they name no JDBC ledger
   */
  static ProviderConfig ledgerConfiguration(TargetOptions target) {
    if (target.demo && target.config == null) {
      return ProviderConfig.of(Map.of(JdbcLedgerProvider.URL,
          "jdbc:sqlite:" + target.data.resolve(Demo.LEDGER_FILE).toAbsolutePath()));
    }
    ProviderConfig config = target.configuration();
    String ledger = config.get("uncloud.ledger").orElse("jdbc");
    if (!ledger.equals("jdbc")) {
      throw new UncloudCommand.CommandFailure("uncloud.ledger is " + ledger + "; only a JDBC ledger (uncloud.ledger=jdbc) "
          + "is kept in a database that can be verified or backed up");
    }
    return config;
  }
}
