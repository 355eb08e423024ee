package ch.uncloud.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.DisplayName;

@DisplayName("JdbcSnapshotBooks on PostgreSQL")
class PostgresJdbcSnapshotBooksTest extends JdbcSnapshotBooksBehaviour {
  // JUnit makes a new instance per test, so every test gets its own schema
  private final PostgresTestSchema schema = PostgresTestSchema.fresh();

  @Override
  JdbcSnapshotBooks.Builder builder() {
    return JdbcSnapshotBooks.builder().url(schema.url()).user(schema.user());
  }

  @Override
  JdbcLedger ledger() {
    return schema.ledger();
  }

  @Override
  Connection raw() throws SQLException {
    return schema.connect();
  }

  @Override
  String falseLiteral() {
    return "false";
  }
}
