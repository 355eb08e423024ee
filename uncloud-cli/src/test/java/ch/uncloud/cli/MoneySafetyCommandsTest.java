package ch.uncloud.cli;

import static ch.uncloud.cli.CommandLineTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.Money;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.AccountBalance;
import ch.uncloud.api.credit.EntryId;
import ch.uncloud.api.credit.EntryKind;
import ch.uncloud.api.credit.NewEntry;
import ch.uncloud.api.payments.UnappliedPayment;
import ch.uncloud.cli.CommandLineTest.Run;
import ch.uncloud.jdbc.JdbcLedger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Currency;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code uncloud check} and {@code uncloud payments}, on the demo's SQLite ledger. */
@DisplayName("uncloud check and uncloud payments on the demo data")
class MoneySafetyCommandsTest {
  private static final Currency CHF = Currency.getInstance("CHF");

  @TempDir
  Path dir;

  private String demoData() {
    String data = dir.resolve("data").toString();
    assertThat(run("", "balance", "--demo", "--data", data, "--user", "nethzuser").status()).isZero(); // seeds it
    return data;
  }

  private JdbcLedger ledger(String data) {
    return JdbcLedger.sqlite(Path.of(data, Demo.LEDGER_FILE));
  }

  @Test
  @DisplayName("check reports a ledger account that is another spelling of nethzuser, with its balance, and merges no money")
  void checkReportsMisspelledAccounts() {
    String data = demoData();
    Run clean = run("", "check", "--demo", "--data", data);
    try (JdbcLedger ledger = ledger(data)) { // as an older uncloud wrote it, before names were resolved
      ledger.post(new NewEntry(EntryId.random(), EntryKind.CHARGE, ServiceName.of("3dprint"), Username.of("NETHZUSER"),
          Money.of("-0.01", "CHF"), "print", "raplab", Instant.parse("2026-11-01T10:00:00Z"),
          IdempotencyKey.of("old-1"), null));
    }

    Run check = run("", "check", "--demo", "--data", data);

    assertThat(clean.status()).as(clean.err()).isZero();
    assertThat(clean.out()).contains("every ledger account is spelled as the directory spells it");
    assertThat(check.status()).isEqualTo(1);
    assertThat(check.out()).contains("account 'NETHZUSER' (-0.01 CHF) is another spelling of nethzuser")
        .contains("1 misspelled account");
    try (JdbcLedger ledger = ledger(data)) {
      assertThat(ledger.balances(CHF)).extracting(AccountBalance::account).contains(Username.of("NETHZUSER"));
      assertThat(ledger.balance(Username.of("NETHZUSER"), CHF)).isEqualTo(Money.of("-0.01", "CHF"));
    }
  }

  @Test
  @DisplayName("payments unapplied lists a kept payment; payments apply books it once on the right account, by the cashier")
  void unappliedPaymentsListedAndApplied() {
    String data = demoData();
    try (JdbcLedger ledger = ledger(data)) {
      ledger.keepUnapplied(new UnappliedPayment("topup-ghost-1", Username.of("ghost"), Money.of("20.00", "CHF"),
          "evt_1", Instant.parse("2026-11-01T10:00:00Z"), null, null, null, null));
    }

    Run listed = run("", "payments", "unapplied", "--demo", "--data", data);
    Run notCashier = run("verygeheim\n", "payments", "apply", "topup-ghost-1", "--to", "erstsemester", "--demo",
        "--data", data, "--admin", "raplab");
    Run applied = run("bursargeheim\n", "payments", "apply", "topup-ghost-1", "--to", "ERSTSEMESTER", "--demo",
        "--data", data, "--admin", "bursar");
    Run again = run("bursargeheim\n", "payments", "apply", "topup-ghost-1", "--to", "erstsemester", "--demo",
        "--data", data, "--admin", "bursar");
    Run elsewhere = run("bursargeheim\n", "payments", "apply", "topup-ghost-1", "--to", "nethzuser", "--demo",
        "--data", data, "--admin", "bursar");
    Run listedAfter = run("", "payments", "unapplied", "--demo", "--data", data);

    assertThat(listed.status()).isEqualTo(1);
    assertThat(listed.out()).contains("topup-ghost-1  20.00 CHF  for 'ghost' (not in the directory)");
    assertThat(notCashier.status()).isEqualTo(1);
    assertThat(notCashier.err()).contains("[not_service_owner]");
    assertThat(applied.status()).as(applied.err()).isZero();
    assertThat(applied.out()).startsWith("deposited 20.00 CHF to erstsemester (service card-topups)")
        .contains("balance now 40.00 CHF");
    assertThat(again.out()).contains("balance now 40.00 CHF").contains("already booked earlier");
    assertThat(elsewhere.status()).isEqualTo(1);
    assertThat(elsewhere.err()).contains("[already_applied]");
    assertThat(listedAfter.status()).isZero();
    assertThat(listedAfter.out()).contains("no unapplied payments");
  }
}
