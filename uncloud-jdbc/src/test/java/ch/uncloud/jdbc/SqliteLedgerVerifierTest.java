package ch.uncloud.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.spi.ProviderConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("LedgerVerifier on SQLite")
class SqliteLedgerVerifierTest extends LedgerVerifierBehaviour {
  @TempDir
  Path dir;

  @Override
  JdbcLedger open() {
    return JdbcLedger.sqlite(dir.resolve("ledger.db"));
  }

  @Override
  Connection raw() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("ledger.db"));
  }

  @Override
  void allowUpdates(Statement st, String table) throws SQLException {
    st.execute("DROP TRIGGER IF EXISTS " + (table.equals("ledger_entry") ? "ledger_entry_no_update" : table + "_append_only"));
  }

  @Override
  void dropForeignKey(Statement st, String table, String constraint) {
    // a raw SQLite connection does not enforce foreign keys (PRAGMA foreign_keys is off by default)
  }

  @Test
  @DisplayName("verifying from the configuration reads the file the jdbc url names")
  void fromConfiguration() {
    LedgerVerification report = LedgerVerifier.verify(ProviderConfig.of(Map.of(JdbcLedgerProvider.URL,
        "jdbc:sqlite:" + dir.resolve("ledger.db"))));

    assertThat(report.clean()).isTrue();
    assertThat(report.database()).isEqualTo("SQLite");
  }

  @Test
  @DisplayName("a ledger no process has open (no -wal or -shm file) verifies from the configuration too")
  void closedLedger() {
    ledger.close();

    assertThat(LedgerVerifier.verify(ProviderConfig.of(Map.of(JdbcLedgerProvider.URL,
        "jdbc:sqlite:" + dir.resolve("ledger.db")))).entries()).isEqualTo(15);
  }

  @Test
  @DisplayName("verifying a file that does not exist fails as unavailable and creates no file")
  void missingFile() {
    Path missing = dir.resolve("typo.db");

    assertThatThrownBy(() -> LedgerVerifier.verify(ProviderConfig.of(Map.of(JdbcLedgerProvider.URL,
        "jdbc:sqlite:" + missing)))).isInstanceOf(ProviderUnavailableException.class)
        .hasMessageContaining("cannot verify the ledger at jdbc:sqlite:" + missing);
    assertThat(Files.exists(missing)).isFalse();
  }

  @Test
  @DisplayName("a database without uncloud's schema has no known schema version")
  void notALedger() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("other.db"))) {
      LedgerVerification report = LedgerVerifier.verify(c);

      assertThat(report.findings()).extracting(LedgerFinding::kind)
          .containsExactly(LedgerFinding.Kind.SCHEMA_VERSION_UNKNOWN);
      assertThat(report.schemaVersion()).isZero();
    }
  }
}
