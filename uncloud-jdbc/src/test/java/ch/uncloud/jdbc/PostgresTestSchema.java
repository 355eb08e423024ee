package ch.uncloud.jdbc;

import ch.uncloud.api.Secret;
import ch.uncloud.testservers.postgres.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A fresh, empty schema on the shared embedded PostgreSQL server, for one test. The server trusts
 * loopback connections, so no password is needed.
 */
final class PostgresTestSchema {
  private final String url;
  private final String user;

  private PostgresTestSchema(String url, String user) {
    this.url = url;
    this.user = user;
  }

  /** @return a new schema on the shared server (started on first use) */
  static PostgresTestSchema fresh() {
    EmbeddedPostgresServer server = EmbeddedPostgresServer.shared();
    return new PostgresTestSchema(server.newSchemaUrl(), server.user());
  }

  /** @return the JDBC URL that selects this schema */
  String url() {
    return url;
  }

  /** @return the database user */
  String user() {
    return user;
  }

  /** @return a ledger on this schema */
  JdbcLedger ledger() {
    return JdbcLedger.postgres(url, user, Secret.of("unused-with-trust"));
  }

  /** @return a raw connection to this schema */
  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, "");
  }
}
