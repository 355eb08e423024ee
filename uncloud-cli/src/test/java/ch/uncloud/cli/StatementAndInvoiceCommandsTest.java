package ch.uncloud.cli;

import static ch.uncloud.cli.CommandLineTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.Money;
import ch.uncloud.api.Username;
import ch.uncloud.api.shop.Bill;
import ch.uncloud.api.shop.Order;
import ch.uncloud.api.shop.PaymentChoice;
import ch.uncloud.cli.CommandLineTest.Run;
import ch.uncloud.jdbc.JdbcShopStore;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code uncloud statement} and {@code uncloud invoice mark-paid}, on the demo's SQLite ledger. */
@DisplayName("uncloud statement and uncloud invoice mark-paid on the demo data")
class StatementAndInvoiceCommandsTest {
  @TempDir
  Path dir;

  private String demoData() {
    String data = dir.resolve("data").toString();
    assertThat(run("", "balance", "--demo", "--data", data, "--user", "nethzuser").status()).isZero(); // seeds it
    return data;
  }

  @Test
  @DisplayName("statement prints the account's entries, filtered by service, or as CSV whose amounts add up to the balance")
  void statement() {
    String data = demoData();
    assertThat(run("verygeheim\n", "charge", "--demo", "--data", data, "--admin", "raplab", "--service", "3dprint",
        "--user", "nethzuser", "--amount", "1.50", "--comment", "print job").status()).isZero();

    Run all = run("", "statement", "--demo", "--data", data, "--user", "NETHZUSER");
    Run print = run("", "statement", "--demo", "--data", data, "--user", "nethzuser", "--service", "3dprint");
    Run csv = run("", "statement", "--demo", "--data", data, "--user", "nethzuser", "--csv");
    Run none = run("", "statement", "--demo", "--data", data, "--user", "nethzuser", "--to", "2001-01-01");

    assertThat(all.status()).as(all.err()).isZero();
    assertThat(all.out().lines()).hasSizeGreaterThanOrEqualTo(2).anyMatch(l -> l.contains("'print job'"));
    assertThat(print.out().lines()).singleElement().satisfies(l -> assertThat(l).contains("3dprint").contains("-1.50"));
    assertThat(csv.out()).startsWith("entry_id,booked_at,service_name,kind,amount,currency,comment,balance_after");
    BigDecimal sum = csv.out().lines().skip(1).map(l -> new BigDecimal(l.split(",")[4])).reduce(BigDecimal.ZERO,
        BigDecimal::add);
    Run balance = run("", "balance", "--demo", "--data", data, "--user", "nethzuser");
    assertThat(balance.out()).contains(sum.toPlainString());
    assertThat(none.out()).contains("no entries for nethzuser");
  }

  @Test
  @DisplayName("statement refuses a bad date and an unknown user with the usual errors")
  void statementErrors() {
    String data = demoData();

    Run badDate = run("", "statement", "--demo", "--data", data, "--user", "nethzuser", "--from", "1.11.2026");
    Run unknown = run("", "statement", "--demo", "--data", data, "--user", "nobody");
    Run help = run("", "statement", "--help");

    assertThat(badDate.status()).isNotZero();
    assertThat(badDate.err()).contains("--from '1.11.2026' is not a day");
    assertThat(unknown.status()).isEqualTo(1);
    assertThat(unknown.err()).contains("[unknown_user]").doesNotContain("\tat ");
    assertThat(help.status()).isZero();
    assertThat(help.out()).contains("--service").contains("--csv");
  }

  @Test
  @DisplayName("invoice mark-paid pays an open invoice once, by the cashier only; another reference is refused, exit 1; an unknown bill is unknown_bill")
  void invoiceMarkPaid() {
    String data = demoData();
    try (JdbcShopStore shop = JdbcShopStore.sqlite(Path.of(data, Demo.LEDGER_FILE))) {
      Instant start = Instant.parse("2001-01-05T00:00:00Z");
      shop.insert(new Order("ord_invoice_1", Username.of("erstsemester"), "membership", Map.of(), Money.of("0.00", "CHF"),
          Money.of("5.00", "CHF"), PaymentChoice.INVOICE, start, null, Instant.parse("2001-02-05T00:00:00Z"), null, null,
          start));
    }
    assertThat(run("", "bill", "--demo", "--data", data, "--month", "2001-01", "--run").status()).isZero();
    String id = Bill.id(Username.of("erstsemester"), YearMonth.of(2001, 1), PaymentChoice.INVOICE);

    Run notCashier = run("verygeheim\n", "invoice", "mark-paid", id, "--reference", "RF18", "--demo", "--data", data,
        "--admin", "raplab");
    Run paid = run("bursargeheim\n", "invoice", "mark-paid", id, "--reference", "RF18 5390", "--demo", "--data", data,
        "--admin", "bursar");
    Run again = run("bursargeheim\n", "invoice", "mark-paid", id, "--reference", "RF18 5390", "--demo", "--data", data,
        "--admin", "bursar");
    Run otherReference = run("bursargeheim\n", "invoice", "mark-paid", id, "--reference", "RF99 0001", "--demo", "--data",
        data, "--admin", "bursar");
    Run unknown = run("bursargeheim\n", "invoice", "mark-paid", "2001-01-invoice-00000000000000000000", "--reference",
        "R", "--demo", "--data", data, "--admin", "bursar");
    Run missingReference = run("", "invoice", "mark-paid", id, "--demo", "--data", data, "--admin", "bursar");

    assertThat(notCashier.status()).isEqualTo(1);
    assertThat(notCashier.err()).contains("[not_service_owner]");
    assertThat(paid.status()).as(paid.err()).isZero();
    assertThat(paid.out()).startsWith("bill 2001-01 for erstsemester: ").contains("paid by invoice")
        .contains("paid by bank transfer, reference RF18 5390").contains("id " + id);
    assertThat(again.out()).isEqualTo(paid.out());
    assertThat(otherReference.status()).isEqualTo(1);
    assertThat(otherReference.err().trim()).startsWith("uncloud: ").contains("reference RF18 5390, not RF99 0001")
        .endsWith("[marked_paid_with_other_reference]");
    assertThat(run("", "balance", "--demo", "--data", data, "--user", "erstsemester").out()).contains("20.00");
    assertThat(unknown.err()).contains("[unknown_bill]");
    assertThat(missingReference.status()).isNotZero();
    assertThat(missingReference.err()).contains("--reference");
  }
}
