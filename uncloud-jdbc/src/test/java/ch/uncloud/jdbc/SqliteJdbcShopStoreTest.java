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

  @org.junit.jupiter.api.Test
  @DisplayName("an outbox in another database is refused: the bills' events are then appended by the caller")
  void anOutboxOfAnotherDatabaseIsRefused() {
    try (JdbcLedger elsewhere = JdbcLedger.sqlite(dir.resolve("elsewhere.db"))) {
      org.assertj.core.api.Assertions.assertThat(
          store.announceBills(elsewhere.outbox().orElseThrow(), JdbcShopStoreBehaviour::billEvents)).isFalse();
    }
  }
}
