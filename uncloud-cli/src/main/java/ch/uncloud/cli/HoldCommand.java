package ch.uncloud.cli;

import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.CreditService;
import ch.uncloud.api.credit.Hold;
import ch.uncloud.api.credit.HoldRequest;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code uncloud hold}: reserves credit before metered work, like {@code POST /hold}. */
@Command(name = "hold", mixinStandardHelpOptions = true,
    description = "Reserve a user's credit for a job; capture or release it later.")
final class HoldCommand extends AdminCommand {
  @Option(names = "--service", required = true, paramLabel = "NAME", description = "The service, e.g. lasercutter.")
  String service;

  @Option(names = "--user", required = true, paramLabel = "NAME", description = "The user whose credit is held.")
  String user;

  @Option(names = "--amount", required = true, paramLabel = "AMOUNT", description = "The most the job may cost.")
  String amount;

  @Option(names = "--currency", paramLabel = "CODE", description = "Default: the configured currency.")
  String currency;

  @Option(names = "--comment", required = true, paramLabel = "TEXT", description = "What the hold is for.")
  String comment;

  @Option(names = "--expires-in", paramLabel = "DURATION", defaultValue = "PT1H",
      description = "When it releases itself unless captured (ISO-8601, default PT1H).")
  Duration expiresIn;

  @Option(names = "--idempotency-key", paramLabel = "KEY", description = "Makes a retry safe: the same key holds once.")
  String key;

  @Override
  public Integer call() {
    try (Backend backend = target.open()) {
      CreditService credit = backend.uncloud().credit();
      HoldRequest request = new HoldRequest(ServiceName.of(service), Username.of(user),
          AdminBookingCommand.money(credit, amount, currency), expiresIn, comment, null);
      Hold hold = credit.reserve(login(credit), key == null ? request : request.withIdempotencyKey(key));
      spec.commandLine().getOut().println("held " + hold.amount() + " of " + hold.account() + " (service "
          + hold.service() + "): hold_id " + hold.id() + ", expires " + hold.expiresAt()
          + (hold.replayed() ? " (already held earlier with this idempotency key)" : ""));
      return 0;
    }
  }
}
