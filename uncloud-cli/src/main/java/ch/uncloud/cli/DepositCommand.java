package ch.uncloud.cli;

import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.Charge;
import ch.uncloud.api.credit.CreditService;
import ch.uncloud.api.credit.DepositRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code uncloud deposit}: books a deposit, like {@code POST /deposit}. */
@Command(name = "deposit", mixinStandardHelpOptions = true, description = "Pay money into a user's account.")
final class DepositCommand extends AdminBookingCommand {
  @Option(names = "--user", required = true, paramLabel = "NAME", description = "The user to credit.")
  String user;

  @Option(names = "--amount", required = true, paramLabel = "AMOUNT", description = "e.g. 20.00")
  String amount;

  @Option(names = "--currency", paramLabel = "CODE", description = "Default: the configured currency.")
  String currency;

  @Option(names = "--comment", required = true, paramLabel = "TEXT", description = "The booking text.")
  String comment;

  @Option(names = "--service", paramLabel = "NAME", defaultValue = "deposits",
      description = "The booking service (default: ${DEFAULT-VALUE}, the cashier, whose owners may credit anyone).")
  String service;

  DepositCommand() {
    super("deposited");
  }

  @Override
  Charge book(CreditService credit) {
    DepositRequest request = new DepositRequest(ServiceName.of(service), Username.of(user),
        money(credit, amount, currency), comment, idempotencyKey());
    return credit.deposit(login(credit), request);
  }
}
