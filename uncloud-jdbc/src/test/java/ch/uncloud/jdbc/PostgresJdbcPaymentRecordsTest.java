package ch.uncloud.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("JdbcPaymentRecords on PostgreSQL")
class PostgresJdbcPaymentRecordsTest extends JdbcPaymentRecordsBehaviour {
  // JUnit makes a new instance per test, so every test gets its own schema
  private final PostgresTestSchema schema = PostgresTestSchema.fresh();

  @Override
  JdbcPaymentRecords.Builder builder() {
    return JdbcPaymentRecords.builder().url(schema.url()).user(schema.user());
  }
}
