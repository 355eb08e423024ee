package ch.uncloud.cli;

import ch.uncloud.api.credit.MisspelledAccount;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code uncloud check}: checks the ledger against the directory and reports what needs an admin,
 * changing nothing. Today: ledger accounts that are another spelling of a person the directory knows
 * (case, Unicode forms), left by bookings made before every name was resolved to the directory's
 * spelling; their money is not merged.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = {"Check the ledger against the directory, changing nothing: report accounts whose name is "
        + "another spelling (case, Unicode form) of a person the directory knows under its own spelling.",
        "Their money is not merged: move it by hand (a deposit on the one, a charge on the other). Exits 1 if "
            + "anything is reported."})
final class CheckCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  TargetOptions target;

  @Override
  public Integer call() {
    try (Backend backend = target.open()) {
      List<MisspelledAccount> misspelled = backend.uncloud().credit().misspelledAccounts();
      PrintWriter out = spec.commandLine().getOut();
      for (MisspelledAccount account : misspelled) {
        out.println("account " + Texts.shown(account.account().value()) + " (" + account.balance()
            + ") is another spelling of " + account.canonical() + "; not merged: book its balance over by hand");
      }
      out.println(misspelled.isEmpty() ? "every ledger account is spelled as the directory spells it"
          : misspelled.size() + " misspelled account" + (misspelled.size() == 1 ? "" : "s"));
      return misspelled.isEmpty() ? 0 : 1;
    }
  }
}
