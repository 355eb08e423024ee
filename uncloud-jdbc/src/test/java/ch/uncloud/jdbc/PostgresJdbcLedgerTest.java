package ch.uncloud.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.DisplayName;

@DisplayName("JdbcLedger on PostgreSQL")
class PostgresJdbcLedgerTest extends JdbcLedgerBehaviour {
  // JUnit makes a new instance per test, so every test gets its own schema
  private final PostgresTestSchema schema = PostgresTestSchema.fresh();

  @Override
  JdbcLedgerBuilder store() {
    // three writers: the contract test runs the default single writer, these tests the overlapping ones
    return JdbcLedger.builder().url(schema.url()).user(schema.user()).writers(3);
  }

  @Override
  Connection raw() throws SQLException {
    return schema.connect();
  }
}
