package ch.uncloud.cli;

import ch.uncloud.api.credit.Charge;
import ch.uncloud.api.credit.CreditService;
import ch.uncloud.api.credit.HoldId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code uncloud capture}: books the charge of a hold, like {@code POST /capture}. */
@Command(name = "capture", mixinStandardHelpOptions = true,
    description = "Book what a held job cost (at most the hold) and end the hold.")
final class CaptureCommand extends AdminBookingCommand {
  @Option(names = "--hold-id", required = true, paramLabel = "ID", description = "The hold_id that hold printed.")
  String holdId;

  @Option(names = "--amount", required = true, paramLabel = "AMOUNT", description = "What the job cost.")
  String amount;

  @Option(names = "--currency", paramLabel = "CODE", description = "Default: the configured currency.")
  String currency;

  @Option(names = "--comment", paramLabel = "TEXT", description = "The booking text; default: the hold's.")
  String comment;

  CaptureCommand() {
    super("charged");
  }

  @Override
  Charge book(CreditService credit) {
    return credit.capture(login(credit), HoldId.of(holdId), money(credit, amount, currency), comment);
  }
}
