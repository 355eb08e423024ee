package ch.uncloud.cli;

import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.LedgerEntry;
import ch.uncloud.api.credit.StatementPage;
import ch.uncloud.api.credit.StatementQuery;
import ch.uncloud.gateway.StatementCsv;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code uncloud statement}: one account's ledger entries, as its owner sees them under /api/v1/me/entries. */
@Command(name = "statement", mixinStandardHelpOptions = true,
    description = {"Print one account's statement: its ledger entries of a period, in booking order, or as CSV "
        + "(the same columns as the customer API's; the amounts of an unfiltered statement add up to the balance).", "",
        "  statement --user nethzuser --from 2026-11-01 --to 2026-12-01",
        "  statement --user nethzuser --service 3dprint --csv > statement.csv"})
final class StatementCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  TargetOptions target;

  @Option(names = "--user", required = true, paramLabel = "NAME", description = "The account.")
  String user;

  @Option(names = "--from", paramLabel = "DATE", description = "The first day (2026-11-01) or instant, inclusive.")
  String from;

  @Option(names = "--to", paramLabel = "DATE", description = "The end (a day or an instant), exclusive.")
  String to;

  @Option(names = "--service", paramLabel = "NAME", description = "Only this service's entries.")
  String service;

  @Option(names = "--csv", description = "Print CSV instead of text.")
  boolean csv;

  @Override
  public Integer call() {
    StatementQuery first = new StatementQuery(instant("--from", from, StatementQuery.everything().from()),
        instant("--to", to, StatementQuery.everything().to()), service == null ? null : ServiceName.of(service),
        StatementQuery.MAX_LIMIT, null);
    Username account = Username.of(user);
    try (Backend backend = target.open()) {
      Username canonical = backend.uncloud().credit().status(account).user();
      List<LedgerEntry> entries = new ArrayList<>();
      StatementPage page = backend.uncloud().statements().page(canonical, first);
      entries.addAll(page.entries());
      while (page.nextCursor() != null) {
        page = backend.uncloud().statements().page(canonical, new StatementQuery(first.from(), first.to(),
            first.service(), first.limit(), page.nextCursor()));
        entries.addAll(page.entries());
      }
      PrintWriter out = spec.commandLine().getOut();
      if (csv) {
        out.print(StatementCsv.write(entries));
      } else {
        print(out, canonical, entries);
      }
      return 0;
    }
  }

  private static void print(PrintWriter out, Username account, List<LedgerEntry> entries) {
    if (entries.isEmpty()) {
      out.println("no entries for " + account + " in that period");
    }
    for (LedgerEntry e : entries) {
      out.printf("%s  %-12s %10s %s  balance %s  %s (%s)%n", e.bookedAt(), e.service(), e.delta().toPlainString(),
          e.delta().currency().getCurrencyCode(), e.balanceAfter().toPlainString(), Texts.shown(e.comment()), e.id());
    }
  }

  private static Instant instant(String option, String text, Instant absent) {
    if (text == null) {
      return absent;
    }
    try {
      return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new UncloudCommand.CommandFailure(option + " " + Texts.shown(text) + " is not a day (2026-11-01) or an "
          + "instant (2026-11-01T00:00:00Z)");
    }
  }
}
