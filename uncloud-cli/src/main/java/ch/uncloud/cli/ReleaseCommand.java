package ch.uncloud.cli;

import ch.uncloud.api.credit.CreditService;
import ch.uncloud.api.credit.Hold;
import ch.uncloud.api.credit.HoldId;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code uncloud release}: ends a hold without booking, like {@code POST /release}. */
@Command(name = "release", mixinStandardHelpOptions = true, description = "End a hold without booking anything.")
final class ReleaseCommand extends AdminCommand {
  @Option(names = "--hold-id", required = true, paramLabel = "ID", description = "The hold_id that hold printed.")
  String holdId;

  @Override
  public Integer call() {
    try (Backend backend = target.open()) {
      CreditService credit = backend.uncloud().credit();
      Hold hold = credit.release(login(credit), HoldId.of(holdId));
      String state = hold.endedAs() == null ? "expired" : hold.endedAs().name().toLowerCase(Locale.ROOT);
      spec.commandLine().getOut().println("hold " + hold.id() + " of " + hold.account() + ": " + state);
      return 0;
    }
  }
}
