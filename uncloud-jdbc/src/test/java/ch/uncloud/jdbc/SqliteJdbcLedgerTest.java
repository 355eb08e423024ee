package ch.uncloud.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
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
  JdbcLedger.Builder store() {
    return JdbcLedger.builder().url("jdbc:sqlite:" + dir.resolve("ledger.db"));
  }

  @Override
  Connection raw() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("ledger.db"));
  }
}
