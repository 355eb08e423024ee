package ch.uncloud.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.Money;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.Posting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("JdbcLedger on SQLite")
class SqliteJdbcLedgerTest extends JdbcLedgerBehaviour {
  @TempDir
  Path dir;

  @Override
  @BeforeEach
  void open() {
    super.open();
  }

  @Override
  JdbcLedgerBuilder store() {
    return JdbcLedger.builder().url("jdbc:sqlite:" + dir.resolve("ledger.db"));
  }

  @Override
  Connection raw() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("ledger.db"));
  }

  @Test
  @DisplayName("a page of an account's entries, also after a cursor and of some services, is read from the account's index")
  void accountPageUsesTheAccountIndex() throws SQLException {
    for (String query : List.of(JdbcLedger.pageQuery(0, false, false), JdbcLedger.pageQuery(2, true, false),
        JdbcLedger.pageQuery(0, false, true), JdbcLedger.pageQuery(2, true, true))) {
      List<String> plan = new ArrayList<>();
      try (Connection c = raw(); PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + query);
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          plan.add(rs.getString(4));
        }
      }
      assertThat(plan).as(query).isNotEmpty().allMatch(line -> !line.startsWith("SCAN"))
          .anyMatch(line -> line.contains("ledger_entry_by_account"));
    }
  }

  @Test
  @DisplayName("while another process holds the write lock, posting fails as unavailable and books nothing")
  void lockedStoreIsUnavailable() throws SQLException {
    ledger.close();
    ledger = store().busyTimeout(Duration.ofMillis(20)).build();
    try (Connection other = raw(); Statement st = other.createStatement()) {
      st.execute("BEGIN EXCLUSIVE");
      assertThatThrownBy(() -> ledger.post(Entries.charge("alice", "1.00", "locked")))
          .isInstanceOf(ProviderUnavailableException.class)
          .hasMessageContaining("retry with the same idempotency key");
      st.execute("ROLLBACK");
    }
    assertThat(ledger.entries(Username.of("alice"))).isEmpty();
    assertThat(ledger.post(Entries.charge("alice", "1.00", "locked")).replayed()).isFalse();
  }

  @Test
  @DisplayName("a background thread copies the write-ahead log into the database file, long before the writer's own threshold")
  void backgroundCheckpointsCopyTheLogIntoTheDatabase() throws Exception {
    Path file = dir.resolve("ledger.db");
    long before = Files.size(file);
    int commits = 3 * WalCheckpointer.COMMITS_PER_CHECKPOINT;
    for (int i = 0; i < commits; i++) {
      ledger.post(Entries.charge("user" + i, "1.00", null));
    }
    // these one-entry commits log a few hundred pages, far below the writer's own threshold
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (Files.size(file) == before && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(Files.size(file)).isGreaterThan(before);
    assertThat(ledger.balances(CHF)).hasSize(commits);
  }

  @Test
  @DisplayName("a booking committed by another ledger on the same file is in the balance of this ledger's next booking")
  void bookingsOfAnotherWriterAreSeen() {
    ledger.post(Entries.charge("alice", "1.00", null));
    try (JdbcLedger other = store().build()) {
      other.post(Entries.deposit("alice", "50.00"));
    }

    Posting next = ledger.post(Entries.charge("alice", "2.00", null));

    assertThat(next.entry().balanceAfter()).isEqualTo(Money.of("47.00", "CHF"));
    assertThat(ledger.balance(Username.of("alice"), CHF)).isEqualTo(Money.of("47.00", "CHF"));
  }
}
