package ch.uncloud.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.LedgerEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;

import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("SqliteBackup copies a live SQLite ledger")
class SqliteBackupTest {
  @TempDir
  Path dir;

  @Test
  @DisplayName("a backup taken while another thread books holds a consistent prefix of the ledger and verifies clean")
  void backupWhileBooking() throws Exception {
    Path source = dir.resolve("ledger.db");
    Path copy = dir.resolve("backup.db");
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger booked = new AtomicInteger();
    try (JdbcLedger ledger = JdbcLedger.sqlite(source)) {
      ledger.post(Entries.deposit("alice", "1000.00"));
      Thread booker = new Thread(() -> {
        int n = 0;
        while (!stop.get()) {
          String account = "user" + (n % 7);
          LedgerEntry charge = ledger.post(Entries.charge(account, "0.05", "k" + n)).entry();
          if (n % 5 == 0) {
            ledger.post(Entries.reversal(charge, "r" + n));
          }
          n++;
          booked.set(n);
        }
      });
      booker.start();
      try {
        while (booked.get() < 200) {
          Thread.sleep(5);
        }
        SqliteBackup.Result result = SqliteBackup.backup("jdbc:sqlite:" + source, copy, false);
        int atBackup = booked.get();
        while (booked.get() < atBackup + 100) {
          Thread.sleep(5);
        }

        assertThat(result.verification().findings()).isEmpty();
        assertThat(result.target()).isEqualTo(copy.toAbsolutePath());
        assertThat(result.bytes()).isEqualTo(Files.size(copy)).isPositive();
      } finally {
        stop.set(true);
        booker.join();
      }

      Set<String> inSource = ids("jdbc:sqlite:" + source);
      Set<String> inCopy = ids("jdbc:sqlite:" + copy);
      assertThat(inCopy).hasSizeGreaterThanOrEqualTo(200).hasSizeLessThan(inSource.size());
      assertThat(inSource).containsAll(inCopy);
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy)) {
        assertThat(LedgerVerifier.verify(c).findings()).isEmpty();
      }
      assertThat(ledger.balance(Username.of("alice"), Money.of("1", "CHF").currency())).isEqualTo(Money.of("1000.00", "CHF"));
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.contains("partial"));
    }
  }

  @Test
  @DisplayName("a restored copy works as the ledger: its balances read back and it books on")
  void restoredCopyIsALedger() throws SQLException {
    Path source = dir.resolve("ledger.db");
    try (JdbcLedger ledger = JdbcLedger.sqlite(source)) {
      ledger.post(Entries.deposit("bob", "10.00"));
      ledger.post(Entries.charge("bob", "2.50", "k1"));
      SqliteBackup.backup("jdbc:sqlite:" + source, dir.resolve("copy.db"), false);
      ledger.post(Entries.charge("bob", "1.00", "after-backup"));
    }

    try (JdbcLedger restored = JdbcLedger.sqlite(dir.resolve("copy.db"))) {
      assertThat(restored.balance(Username.of("bob"), Money.of("1", "CHF").currency())).isEqualTo(Money.of("7.50", "CHF"));
      assertThat(restored.post(Entries.charge("bob", "2.50", "k1")).replayed()).as("a key from before the backup").isTrue();
      assertThat(restored.post(Entries.charge("bob", "1.00", "after-backup")).replayed()).isFalse();
      assertThat(restored.balance(Username.of("bob"), Money.of("1", "CHF").currency())).isEqualTo(Money.of("6.50", "CHF"));
    }
  }

  @Test
  @DisplayName("an existing target is refused and left as it was, unless replacing it is asked for")
  void existingTargetIsRefused() throws Exception {
    Path source = dir.resolve("ledger.db");
    try (JdbcLedger ledger = JdbcLedger.sqlite(source)) {
      ledger.post(Entries.deposit("bob", "10.00"));
    }
    Path target = dir.resolve("backup.db");
    Files.writeString(target, "precious");

    assertThatThrownBy(() -> SqliteBackup.backup("jdbc:sqlite:" + source, target, false))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage(target.toAbsolutePath() + " exists; choose a new file, or replace it explicitly");
    assertThat(Files.readString(target)).isEqualTo("precious");

    assertThat(SqliteBackup.backup("jdbc:sqlite:" + source, target, true).verification().entries()).isEqualTo(1);
  }

  @Test
  @DisplayName("a PostgreSQL ledger is refused with a pointer to pg_dump and pg_basebackup")
  void postgresIsRefused() {
    assertThatThrownBy(() -> SqliteBackup.backup("jdbc:postgresql://db.example:5432/uncloud?password=hunter2",
        dir.resolve("b.db"), false))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("pg_dump or pg_basebackup")
        .hasMessageNotContaining("hunter2");
    assertThat(dir.resolve("b.db")).doesNotExist();
  }

  @Test
  @DisplayName("a ledger file that does not exist is not created by backing it up")
  void missingSourceIsNotCreated() {
    Path missing = dir.resolve("typo.db");

    assertThatThrownBy(() -> SqliteBackup.backup("jdbc:sqlite:" + missing, dir.resolve("b.db"), false))
        .hasMessageContaining("there is no ledger file " + missing);
    assertThat(missing).doesNotExist();
    assertThat(dir.resolve("b.db")).doesNotExist();
  }

  private static Set<String> ids(String url) throws SQLException {
    Set<String> ids = new HashSet<>();
    try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT id FROM ledger_entry")) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }

}
