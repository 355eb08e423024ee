package ch.uncloud.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.DisplayName;

@DisplayName("the stores' events on PostgreSQL")
class PostgresStoreEventsTest extends JdbcStoreEventsBehaviour {
  // JUnit makes a new instance per test, so every test gets its own schema
  private final PostgresTestSchema schema = PostgresTestSchema.fresh();

  @Override
  JdbcLedger ledger() {
    return schema.ledger();
  }

  @Override
  <B extends JdbcStoreBuilder<B>> B on(B builder) {
    return builder.url(schema.url()).user(schema.user());
  }

  @Override
  Connection raw() throws SQLException {
    return schema.connect();
  }

  @Override
  void failInsertsInto(String table) throws SQLException {
    execute("CREATE OR REPLACE FUNCTION uncloud_test_fail() RETURNS trigger AS $$ BEGIN "
            + "RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER fail_" + table + " BEFORE INSERT ON " + table
            + " FOR EACH ROW EXECUTE FUNCTION uncloud_test_fail()");
  }
}
