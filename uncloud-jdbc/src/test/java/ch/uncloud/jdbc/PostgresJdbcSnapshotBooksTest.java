package ch.uncloud.jdbc;

import ch.uncloud.api.Secret;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;

@DisplayName("JdbcSnapshotBooks on PostgreSQL")
class PostgresJdbcSnapshotBooksTest extends JdbcSnapshotBooksBehaviour {
  private String url;

  @Override
  @BeforeEach
  void open() {
    url = EmbeddedPostgresServer.shared().newSchemaUrl();
    super.open();
  }

  @Override
  JdbcSnapshotBooks.Builder builder() {
    return JdbcSnapshotBooks.builder().url(url).user(EmbeddedPostgresServer.shared().user());
  }

  @Override
  JdbcLedger ledger() {
    return JdbcLedger.postgres(url, EmbeddedPostgresServer.shared().user(), Secret.of("unused-with-trust"));
  }

  @Override
  Connection raw() throws SQLException {
    return DriverManager.getConnection(url, EmbeddedPostgresServer.shared().user(), "");
  }

  @Override
  String falseLiteral() {
    return "false";
  }
}
