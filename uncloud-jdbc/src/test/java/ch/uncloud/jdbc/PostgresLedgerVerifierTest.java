package ch.uncloud.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.spi.ProviderConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("LedgerVerifier on PostgreSQL")
class PostgresLedgerVerifierTest extends LedgerVerifierBehaviour {
  // JUnit makes a new instance per test, so every test gets its own schema
  private final PostgresTestSchema schema = PostgresTestSchema.fresh();

  @Override
  JdbcLedger open() {
    return JdbcLedger.builder().url(schema.url()).user(schema.user()).writers(3).build();
  }

  @Override
  Connection raw() throws SQLException {
    return schema.connect();
  }

  @Override
  void allowUpdates(Statement st, String table) throws SQLException {
    st.execute("DROP TRIGGER " + table + "_append_only ON " + table);
  }

  @Override
  void dropForeignKey(Statement st, String table, String constraint) throws SQLException {
    st.execute("ALTER TABLE " + table + " DROP CONSTRAINT " + constraint);
  }

  @Test
  @DisplayName("verifying from the configuration connects with the configured user")
  void fromConfiguration() {
    LedgerVerification report = LedgerVerifier.verify(ProviderConfig.of(Map.of(JdbcLedgerProvider.URL, schema.url(),
        JdbcLedgerProvider.USER, schema.user())));

    assertThat(report.clean()).isTrue();
    assertThat(report.database()).isEqualTo("PostgreSQL");
  }
}
