package ch.uncloud.cli;

import static ch.uncloud.cli.CommandLineTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.Money;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.EntryId;
import ch.uncloud.api.credit.EntryKind;
import ch.uncloud.api.credit.NewEntry;
import ch.uncloud.jdbc.JdbcLedger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("uncloud verify and uncloud backup")
class VerifyAndBackupCommandsTest {
  @TempDir
  Path dir;
  Path data;
  Path ledgerFile;

  @BeforeEach
  void book() throws Exception {
    data = Files.createDirectories(dir.resolve("data"));
    ledgerFile = data.resolve("ledger.db");
    try (JdbcLedger ledger = JdbcLedger.sqlite(ledgerFile)) {
      ledger.post(entry(EntryKind.DEPOSIT, "10.00", null));
      ledger.post(entry(EntryKind.CHARGE, "-2.50", "job-1"));
    }
  }

  @Test
  @DisplayName("verify prints a clean summary and exits 0 on a sound ledger")
  void verifyClean() {
    CommandLineTest.Run run = run("", "verify", "--demo", "--data", data.toString());

    assertThat(run.err()).isEmpty();
    assertThat(run.out()).startsWith("SQLite ledger, schema version ").contains("2 entries", "clean");
    assertThat(run.status()).isZero();
  }

  @Test
  @DisplayName("verify prints each finding and exits 1 on a damaged ledger")
  void verifyFindings() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ledgerFile); Statement st = c.createStatement()) {
      st.executeUpdate("UPDATE account_balance SET balance_minor = 0 WHERE account = 'nethzuser'");
    }

    CommandLineTest.Run run = run("", "verify", "--demo", "--data", data.toString());

    assertThat(run.out()).contains("1 finding", "balance_not_sum account=nethzuser currency=CHF: balance is 0.00 CHF, "
        + "but its entries add up to 7.50 CHF");
    assertThat(run.status()).isEqualTo(1);
  }

  @Test
  @DisplayName("verify of a configuration whose ledger file does not exist exits 2 and creates nothing")
  void verifyError() throws Exception {
    Path config = dir.resolve("uncloud.properties");
    Files.writeString(config, "uncloud.jdbc.url=jdbc:sqlite:" + dir.resolve("typo.db") + "\n");

    CommandLineTest.Run run = run("", "verify", "--config", config.toString());

    assertThat(run.err()).startsWith("uncloud: cannot verify: ").contains("there is no ledger file");
    assertThat(run.status()).isEqualTo(2);
    assertThat(dir.resolve("typo.db")).doesNotExist();
  }

  @Test
  @DisplayName("backup writes a verified copy, refuses to overwrite it, and replaces it with --force")
  void backup() throws Exception {
    Path copy = dir.resolve("backup.db");

    CommandLineTest.Run first = run("", "backup", "--demo", "--data", data.toString(), "--to", copy.toString());
    assertThat(first.out()).contains("backed up to " + copy.toAbsolutePath(), "verified the copy: SQLite ledger",
        "2 entries", "clean");
    assertThat(first.status()).isZero();
    assertThat(run("", "verify", "--config", config(copy).toString()).status()).isZero();

    CommandLineTest.Run again = run("", "backup", "--demo", "--data", data.toString(), "--to", copy.toString());
    assertThat(again.err()).contains("exists; name a new file, or give --force to replace it");
    assertThat(again.status()).isEqualTo(2);

    CommandLineTest.Run forced = run("", "backup", "--demo", "--data", data.toString(), "--to", copy.toString(), "--force");
    assertThat(forced.status()).isZero();
  }

  @Test
  @DisplayName("backup of a PostgreSQL ledger is refused with the README's pg_dump and pg_basebackup section")
  void backupPostgres() throws Exception {
    Path config = dir.resolve("pg.properties");
    Files.writeString(config, "uncloud.jdbc.url=jdbc:postgresql://127.0.0.1:5432/uncloud\n");

    CommandLineTest.Run run = run("", "backup", "--config", config.toString(), "--to", dir.resolve("b.db").toString());

    assertThat(run.err()).contains("uncloud: no backup made:", "pg_dump or pg_basebackup", "Backups and verification");
    assertThat(run.status()).isEqualTo(2);
    assertThat(dir.resolve("b.db")).doesNotExist();
  }

  private Path config(Path ledger) throws Exception {
    Path config = dir.resolve("copy.properties");
    Files.writeString(config, "uncloud.jdbc.url=jdbc:sqlite:" + ledger.toAbsolutePath() + "\n");
    return config;
  }

  private static NewEntry entry(EntryKind kind, String amount, String key) {
    return new NewEntry(EntryId.random(), kind, ServiceName.of(kind == EntryKind.DEPOSIT ? "deposits" : "3dprint"),
        Username.of("nethzuser"), Money.of(amount, "CHF"), "test", "raplab", Instant.parse("2026-03-01T10:00:00Z"),
        key == null ? null : IdempotencyKey.of(key), null);
  }
}
