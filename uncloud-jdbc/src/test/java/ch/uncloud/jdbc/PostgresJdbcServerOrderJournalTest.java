package ch.uncloud.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("JdbcServerOrderJournal on PostgreSQL")
class PostgresJdbcServerOrderJournalTest extends JdbcServerOrderJournalBehaviour {
  // JUnit makes a new instance per test, so every test gets its own schema
  private final PostgresTestSchema schema = PostgresTestSchema.fresh();

  @Override
  JdbcServerOrderJournal.Builder builder() {
    return JdbcServerOrderJournal.builder().url(schema.url()).user(schema.user());
  }
}
