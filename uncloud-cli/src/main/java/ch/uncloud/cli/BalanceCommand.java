package ch.uncloud.cli;

import ch.uncloud.api.Username;
import ch.uncloud.api.credit.Account;
import ch.uncloud.api.credit.Hold;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code uncloud balance}: a user's available amount and lock state, like {@code GET /balance}, and, while holds
 * are open, the balance and each open hold, like {@code GET /api/v1/me}.
 */
@Command(name = "balance", mixinStandardHelpOptions = true,
    description = "Show what a user has available, whether the account is locked, and the open holds.")
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
      String currency = " " + status.balance().currency().getCurrencyCode();
      PrintWriter out = spec.commandLine().getOut();
      out.println(status.user() + ": " + status.available().toPlainString() + currency + " available, "
          + (status.locked() ? "locked" : "not locked"));
      List<Hold> holds = backend.uncloud().statements().openHolds(status.user());
      if (!holds.isEmpty()) {
        out.println("  balance " + status.balance().toPlainString() + currency + ", held " + status.held().toPlainString()
            + currency + " by " + holds.size() + " open hold(s):");
        holds.forEach(h -> out.println("  hold_id " + h.id() + ": " + h.amount().toPlainString() + currency + ", "
            + h.service() + ", " + Texts.shown(h.comment()) + ", expires " + h.expiresAt()));
      }
      return 0;
    }
  }
}
