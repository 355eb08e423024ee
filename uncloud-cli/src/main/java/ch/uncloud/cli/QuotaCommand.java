package ch.uncloud.cli;

import ch.uncloud.api.Username;
import ch.uncloud.api.credit.Account;
import ch.uncloud.api.credit.CreditService;
import ch.uncloud.api.credit.QuotaGrantResult;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code uncloud quota}: runs the quota grants and shows a user's quota and paid credit apart. */
@Command(name = "quota", mixinStandardHelpOptions = true,
    description = "Quota grants: allowances booked once per period into the quota pots of a directory group's members.",
    subcommands = {QuotaCommand.Grant.class, QuotaCommand.Show.class})
final class QuotaCommand implements Runnable {
  @ParentCommand
  UncloudCommand parent;

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "say what to do: uncloud quota grant or uncloud quota show USER");
  }

  /** {@code uncloud quota grant}: books the configured grants for a period, lapsing what has expired. */
  @Command(name = "grant", mixinStandardHelpOptions = true,
      description = {"Book each configured quota grant once for the period into its group's members' quota pots, "
          + "after lapsing what is left of grants whose period has ended.",
          "Safe to run again: a member granted for the period before is not granted twice."})
  static final class Grant implements Callable<Integer> {
    @ParentCommand
    QuotaCommand quota;

    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Mixin
    AdminOptions admin;

    @Option(names = "--period", paramLabel = "PERIOD",
        description = "FS2026 or HS2026 (semesters), 2026-Q3 (quarters), 2026-03 (months); only the grants of that "
            + "kind run (default: each grant's current period).")
    String period;

    @Option(names = "--dry-run", description = "Only report what would be booked.")
    boolean dryRun;

    @Override
    public Integer call() {
      try (Backend backend = target.open()) {
        if (!backend.uncloud().hasQuotaGrants()) {
          throw new UncloudCommand.CommandFailure("no quota grant is configured; list them in uncloud.quota.grants "
              + "and define each with uncloud.quota.NAME.group, amount and period");
        }
        CreditService credit = backend.uncloud().credit();
        List<QuotaGrantResult> results = backend.uncloud().quotaGrants()
            .grant(admin.login(credit, quota.parent.stdin), period, dryRun);
        PrintWriter out = spec.commandLine().getOut();
        results.forEach(r -> out.println(describe(r)));
        return 0;
      }
    }

    static String describe(QuotaGrantResult r) {
      return (r.dryRun() ? "dry run: " : "") + r.grant() + " " + r.period() + ": "
          + (r.dryRun() ? "would grant " : "granted ") + r.granted() + " to " + r.booked() + " of " + r.members()
          + " members (" + r.alreadyBooked() + " already granted for " + r.period() + "); "
          + (r.dryRun() ? "would lapse " : "lapsed ") + r.lapsed();
    }
  }

  /** {@code uncloud quota show USER}: a user's quota and paid credit. */
  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Show a user's quota, paid credit and balance (both together).")
  static final class Show implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Parameters(paramLabel = "USER", description = "The user.")
    String user;

    @Override
    public Integer call() {
      try (Backend backend = target.open()) {
        Account status = backend.uncloud().credit().status(Username.of(user));
        spec.commandLine().getOut().println(status.user() + ": quota " + status.quota() + ", credit "
            + status.credit() + ", balance " + status.balance());
        return 0;
      }
    }
  }
}
