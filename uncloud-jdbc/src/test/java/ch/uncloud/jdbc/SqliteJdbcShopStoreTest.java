package ch.uncloud.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("JdbcShopStore on SQLite")
class SqliteJdbcShopStoreTest extends JdbcShopStoreBehaviour {
  @TempDir
  Path dir;

  @Override
  JdbcShopStore.Builder builder() {
    return JdbcShopStore.builder().url("jdbc:sqlite:" + dir.resolve("uncloud.db"));
  }

  @Override
  JdbcLedger ledger() {
    return JdbcLedger.sqlite(dir.resolve("uncloud.db"));
  }

  @Override
  Connection raw() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("uncloud.db"));
  }
}
