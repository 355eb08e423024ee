package ch.uncloud.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.Money;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.EntryId;
import ch.uncloud.api.credit.EntryKind;
import ch.uncloud.api.credit.LedgerEntry;
import ch.uncloud.api.credit.Quarter;
import ch.uncloud.api.credit.Settlement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SettlementCsv")
class SettlementCsvTest {
  @Test
  @DisplayName("quotes commas, quotes and line breaks, and defuses text a spreadsheet would run as a formula")
  void cells() {
    assertThat(SettlementCsv.cell("PLA print")).isEqualTo("PLA print");
    assertThat(SettlementCsv.cell("a, b")).isEqualTo("\"a, b\"");
    assertThat(SettlementCsv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(SettlementCsv.cell("two\nlines")).isEqualTo("\"two\nlines\"");
    assertThat(SettlementCsv.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
    assertThat(SettlementCsv.cell("+41 44")).isEqualTo("\"'+41 44\"");
    assertThat(SettlementCsv.cell("@sum")).isEqualTo("\"'@sum\"");
  }

  @Test
  @DisplayName("writes a header, one line per entry with its signed amount, and the four totals")
  void document() {
    Money charge = Money.of("-1.50", "CHF");
    LedgerEntry entry = new LedgerEntry(EntryId.of("e1"), EntryKind.CHARGE, ServiceName.of("3dprint"),
        Username.of("nethzuser"), charge, "job, 42", "raplab", Instant.parse("2026-11-02T10:00:00Z"), null, null,
        Money.of("18.50", "CHF"));
    Money zero = Money.of("0.00", "CHF");
    Settlement settlement = new Settlement(ServiceName.of("3dprint"), Quarter.parse("2026-Q4"), ZoneId.of("UTC"),
        Money.of("1.50", "CHF"), zero, zero, Money.of("1.50", "CHF"), List.of(entry));

    assertThat(SettlementCsv.write(settlement).split("\r\n")).containsExactly(
        SettlementCsv.HEADER,
        "e1,charge,2026-11-02T10:00:00Z,nethzuser,-1.50,CHF,\"job, 42\",raplab,",
        ",total_charged,,,1.50,CHF,3dprint 2026-Q4,,",
        ",total_credited,,,0.00,CHF,3dprint 2026-Q4,,",
        ",total_reversed,,,0.00,CHF,3dprint 2026-Q4,,",
        ",net,,,1.50,CHF,3dprint 2026-Q4,,",
        ",paid_from_quota,,,0.00,CHF,3dprint 2026-Q4,,",
        ",paid_from_credit,,,1.50,CHF,3dprint 2026-Q4,,");
  }
}
