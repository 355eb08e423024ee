package ch.uncloud.cli;

import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.Charge;
import ch.uncloud.api.credit.ChargeRequest;
import ch.uncloud.api.credit.CreditService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code uncloud charge}: books a charge, like {@code POST /charge}. */
@Command(name = "charge", mixinStandardHelpOptions = true, description = "Charge a user for a service.")
final class ChargeCommand extends AdminBookingCommand {
  @Option(names = "--service", required = true, paramLabel = "NAME", description = "The service, e.g. 3dprint.")
  String service;

  @Option(names = "--user", required = true, paramLabel = "NAME", description = "The user to charge.")
  String user;

  @Option(names = "--amount", required = true, paramLabel = "AMOUNT", description = "e.g. 1.50 (a dot, no sign).")
  String amount;

  @Option(names = "--currency", paramLabel = "CODE", description = "Default: the configured currency.")
  String currency;

  @Option(names = "--comment", required = true, paramLabel = "TEXT", description = "The booking text.")
  String comment;

  ChargeCommand() {
    super("charged");
  }

  @Override
  Charge book(CreditService credit) {
    ChargeRequest request = new ChargeRequest(ServiceName.of(service), Username.of(user),
        money(credit, amount, currency), comment, idempotencyKey());
    return credit.chargeUser(login(credit), request);
  }
}
