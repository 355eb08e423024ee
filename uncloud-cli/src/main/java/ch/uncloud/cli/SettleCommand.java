package ch.uncloud.cli;

import ch.uncloud.api.ServiceName;
import ch.uncloud.api.credit.CreditService;
import ch.uncloud.api.credit.Quarter;
import ch.uncloud.api.credit.Settlement;
import ch.uncloud.gateway.SettlementCsv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code uncloud settle}: a service's quarterly settlement as CSV, like {@code GET /settlement}. */
@Command(name = "settle", mixinStandardHelpOptions = true,
    description = "Write what a service booked in a quarter as CSV (entries, then totals).")
final class SettleCommand extends AdminCommand {
  @Option(names = "--service", required = true, paramLabel = "NAME", description = "A service the admin owns.")
  String service;

  @Option(names = "--quarter", paramLabel = "YYYY-QN", description = "e.g. 2026-Q4 (default: the current quarter).")
  String quarter;

  @Option(names = "--output", paramLabel = "FILE", description = "Write the CSV here (default: standard output).")
  Path output;

  @Override
  public Integer call() throws IOException {
    try (Backend backend = target.open()) {
      CreditService credit = backend.uncloud().credit();
      Quarter q = quarter != null ? Quarter.parse(quarter)
          : Quarter.of(LocalDate.now(backend.uncloud().clock().withZone(java.time.ZoneOffset.UTC)));
      Settlement settlement = credit.settlement(login(credit), ServiceName.of(service), q);
      String csv = SettlementCsv.write(settlement);
      if (output == null) {
        spec.commandLine().getOut().print(csv);
      } else {
        Files.writeString(output, csv, StandardCharsets.UTF_8);
        spec.commandLine().getOut().println("wrote " + settlement.lines().size() + " entries of " + service + " in " + q
            + " to " + output + " (net " + settlement.net() + ")");
      }
      return 0;
    }
  }
}
