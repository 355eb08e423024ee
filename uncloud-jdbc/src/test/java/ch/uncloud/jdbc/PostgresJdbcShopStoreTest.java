package ch.uncloud.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.DisplayName;

@DisplayName("JdbcShopStore on PostgreSQL")
class PostgresJdbcShopStoreTest extends JdbcShopStoreBehaviour {
  // JUnit makes a new instance per test, so every test gets its own schema
  private final PostgresTestSchema schema = PostgresTestSchema.fresh();

  @Override
  JdbcShopStore.Builder builder() {
    return JdbcShopStore.builder().url(schema.url()).user(schema.user());
  }

  @Override
  JdbcLedger ledger() {
    return schema.ledger();
  }

  @Override
  Connection raw() throws SQLException {
    return schema.connect();
  }
}
