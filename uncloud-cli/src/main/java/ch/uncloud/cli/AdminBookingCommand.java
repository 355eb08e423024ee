package ch.uncloud.cli;

import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.Money;
import ch.uncloud.api.credit.Charge;
import ch.uncloud.api.credit.CreditService;
import picocli.CommandLine.Option;

/**
 * What {@code charge}, {@code deposit} and {@code reverse} share: the idempotency key, and running
 * one booking as the admin and printing it. A subclass parses its own options and books; it calls
 * {@link #login} and {@link #idempotencyKey} where its input is checked, so a bad amount fails
 * before the password is asked for.
 */
abstract class AdminBookingCommand extends AdminCommand {
  @Option(names = "--idempotency-key", paramLabel = "KEY", description = "Makes a retry safe: the same key books once.")
  String key;

  private final String verb;

  /** @param verb how the printed line names the booking, e.g. {@code charged} */
  AdminBookingCommand(String verb) {
    this.verb = verb;
  }

  @Override
  public final Integer call() {
    try (Backend backend = target.open()) {
      Charge booked = book(backend.uncloud().credit());
      Printing.booked(spec.commandLine().getOut(), verb, booked);
      return 0;
    }
  }

  /**
   * Books this command's entry.
   *
   * @param credit the credit service
   * @return the booked entry
   */
  abstract Charge book(CreditService credit);

  /** @return the --idempotency-key, or null without one */
  final IdempotencyKey idempotencyKey() {
    return key == null ? null : IdempotencyKey.of(key);
  }

  /**
   * @param credit the credit service
   * @param amount the --amount
   * @param currency the --currency, or null for the configured one
   * @return the amount as money
   */
  static Money money(CreditService credit, String amount, String currency) {
    return Money.of(amount, currency != null ? currency : credit.currency().getCurrencyCode());
  }
}
