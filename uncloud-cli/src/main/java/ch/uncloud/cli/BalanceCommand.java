package ch.uncloud.cli;

import ch.uncloud.api.Username;
import ch.uncloud.api.credit.Account;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code uncloud balance}: a user's balance and lock state, like {@code GET /balance}. */
@Command(name = "balance", mixinStandardHelpOptions = true,
    description = "Show what a user has available and whether the account is locked.")
final class BalanceCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  TargetOptions target;

  @Option(names = "--user", required = true, paramLabel = "NAME", description = "The user.")
  String user;

  @Override
  public Integer call() {
    try (Backend backend = target.open()) {
      Account status = backend.uncloud().credit().status(Username.of(user));
      spec.commandLine().getOut().println(status.user() + ": " + status.available().toPlainString() + " "
          + status.balance().currency().getCurrencyCode() + " available, " + (status.locked() ? "locked" : "not locked"));
      return 0;
    }
  }
}
