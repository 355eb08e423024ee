package ch.uncloud.cli;

import ch.uncloud.api.Username;
import ch.uncloud.api.shop.Bill;
import ch.uncloud.api.shop.BillLine;
import ch.uncloud.api.shop.BillingService;
import java.io.PrintWriter;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code uncloud bill}: previews one user's bill for a month, or runs the month's billing for every
 * account (preliminary while the month is not over; after it, final: booked and paid once).
 */
@Command(name = "bill", mixinStandardHelpOptions = true,
    description = {"Preview a user's bill, or run the billing of a month and print the bills with their lines.", "",
        "  bill --month 2026-11 --user nethzuser  one user's bill; books nothing",
        "  bill --month 2026-11 --run             every account's bill; once the",
        "                                         month is over, books and pays",
        "                                         them (once: a rerun changes nothing)"})
final class BillCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  TargetOptions target;

  @Option(names = "--month", required = true, paramLabel = "YYYY-MM", description = "The month, e.g. 2026-11.")
  String month;

  @Option(names = "--user", paramLabel = "NAME", description = "Preview this user's bill.")
  String user;

  @Option(names = "--run", description = "Bill every account with orders or usage in the month.")
  boolean run;

  @Override
  public Integer call() {
    YearMonth billed = parseMonth(month);
    if (run == (user != null)) {
      throw new UncloudCommand.CommandFailure(run
          ? "--run bills every account; leave out --user (or preview one user's bill without --run)"
          : "give --user NAME to preview one user's bill, or --run to bill every account");
    }
    try (Backend backend = target.open()) {
      BillingService billing = backend.uncloud().billing();
      PrintWriter out = spec.commandLine().getOut();
      List<Bill> bills = run ? billing.run(billed) : billing.preview(Username.of(user), billed);
      if (bills.isEmpty()) {
        out.println("no account has orders or usage in " + billed);
      }
      for (Bill bill : bills) {
        print(out, bill);
      }
      return 0;
    }
  }

  private static YearMonth parseMonth(String text) {
    try {
      if (text.matches("[0-9]{4}-[0-9]{2}")) {
        return YearMonth.parse(text);
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    throw new UncloudCommand.CommandFailure("--month " + Texts.shown(text) + " is not a month such as 2026-11");
  }

  static void print(PrintWriter out, Bill bill) {
    String currency = bill.total().currency().getCurrencyCode();
    out.println("bill " + bill.month() + " for " + bill.account() + ": " + bill.total().toPlainString() + " " + currency
        + ", " + bill.status().name().toLowerCase(Locale.ROOT) + ", paid by "
        + bill.payment().name().toLowerCase(Locale.ROOT)
        + (bill.dueDate() == null ? "" : ", due " + bill.dueDate())
        + (bill.note().isEmpty() ? "" : " (" + bill.note() + ")")
        + (bill.status() == Bill.Status.PRELIMINARY ? "" : ", id " + bill.id()));
    for (BillLine line : bill.lines()) {
      out.printf("  %-9s %10s %s  %s%n", line.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'),
          line.amount().toPlainString(), currency, line.description());
    }
  }
}
