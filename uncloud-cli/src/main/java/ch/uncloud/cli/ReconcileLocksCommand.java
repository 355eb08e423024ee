package ch.uncloud.cli;

import ch.uncloud.api.credit.LockReconciliation;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code uncloud reconcile-locks}: rewrites every lock flag that disagrees with the ledger. */
@Command(name = "reconcile-locks", mixinStandardHelpOptions = true,
    description = {"Make every account's lock flag in the directory agree with its balance in the ledger.",
        "Safe to run at any time; exits 1 if some flags could not be written (run it again later)."})
final class ReconcileLocksCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  TargetOptions target;

  @Override
  public Integer call() {
    try (Backend backend = target.open()) {
      LockReconciliation result = backend.uncloud().credit().reconcileLocks();
      PrintWriter out = spec.commandLine().getOut();
      out.println("checked " + result.checked() + " accounts; corrected " + result.corrected().size()
          + (result.corrected().isEmpty() ? "" : " " + result.corrected()) + "; failed " + result.failed().size()
          + (result.failed().isEmpty() ? "" : " " + result.failed()));
      return result.failed().isEmpty() ? 0 : 1;
    }
  }
}
