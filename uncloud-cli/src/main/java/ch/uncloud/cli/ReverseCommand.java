package ch.uncloud.cli;

import ch.uncloud.api.credit.Charge;
import ch.uncloud.api.credit.CreditService;
import ch.uncloud.api.credit.EntryId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code uncloud reverse}: books a storno, like {@code POST /reverse}. */
@Command(name = "reverse", mixinStandardHelpOptions = true,
    description = "Reverse (storno) a charge or deposit of a service you own.")
final class ReverseCommand extends AdminBookingCommand {
  @Option(names = "--charge-id", required = true, paramLabel = "ID", description = "The entry to reverse.")
  String chargeId;

  @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why; the reversal's booking text.")
  String reason;

  ReverseCommand() {
    super("reversed");
  }

  @Override
  Charge book(CreditService credit) {
    return credit.reverse(login(credit), EntryId.of(chargeId), reason, idempotencyKey());
  }
}
