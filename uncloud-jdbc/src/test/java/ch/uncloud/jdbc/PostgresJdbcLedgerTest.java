package ch.uncloud.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;

@DisplayName("JdbcLedger on PostgreSQL")
class PostgresJdbcLedgerTest extends JdbcLedgerBehaviour {
  private String url;

  @Override
  @BeforeEach
  void open() {
    url = EmbeddedPostgresServer.shared().newSchemaUrl();
    super.open();
  }

  @Override
  JdbcLedger.Builder store() {
    return JdbcLedger.builder().url(url).user(EmbeddedPostgresServer.shared().user());
  }

  @Override
  Connection raw() throws SQLException {
    return DriverManager.getConnection(url, EmbeddedPostgresServer.shared().user(), "");
  }
}
