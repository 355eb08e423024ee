package ch.uncloud.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("the event dispatcher's lease on PostgreSQL")
class PostgresDispatcherLeaseTest extends DispatcherLeaseBehaviour {
  // JUnit makes a new instance per test, so every test gets its own schema
  private final PostgresTestSchema schema = PostgresTestSchema.fresh();

  @Override
  JdbcLedger ledger() {
    return schema.ledger();
  }
}
