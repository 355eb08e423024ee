package ch.uncloud.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("the stores' events on SQLite")
class SqliteStoreEventsTest extends JdbcStoreEventsBehaviour {
  @TempDir
  Path dir;

  private String url() {
    return "jdbc:sqlite:" + dir.resolve("uncloud.db");
  }

  @Override
  JdbcLedger ledger() {
    return JdbcLedger.sqlite(dir.resolve("uncloud.db"));
  }

  @Override
  <B extends JdbcStoreBuilder<B>> B on(B builder) {
    return builder.url(url());
  }

  @Override
  Connection raw() throws SQLException {
    return DriverManager.getConnection(url());
  }

  @Override
  void failInsertsInto(String table) throws SQLException {
    execute("CREATE TRIGGER fail_" + table + " BEFORE INSERT ON " + table
        + " BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
  }
}
