package ch.uncloud.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Prepares the statements of one transaction: in the writer's transactions through the dialect's
 * kept statements ({@link Dialect#keptStatement}), elsewhere prepared and closed each time.
 */
final class Statements {
  private final Connection connection;
  private final Dialect writer;

  private Statements(Connection connection, Dialect writer) {
    this.connection = connection;
    this.writer = writer;
  }

  /**
   * @param dialect the store's dialect
   * @param connection a connection in one of the writer's transactions
   * @return statements that may be kept prepared for the next transaction
   */
  static Statements writing(Dialect dialect, Connection connection) {
    return new Statements(connection, dialect);
  }

  /**
   * @param connection any connection
   * @return statements prepared and closed at each use
   */
  static Statements reading(Connection connection) {
    return new Statements(connection, null);
  }

  /**
   * @param sql the statement
   * @param use what to do with it (bind, execute, read)
   * @return what {@code use} returned
   * @throws SQLException on a store failure
   */
  <T> T with(String sql, Use<T> use) throws SQLException {
    PreparedStatement kept = writer == null ? null : writer.keptStatement(connection, sql);
    if (kept != null) {
      return use.apply(kept);
    }
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      return use.apply(ps);
    }
  }

  /** What runs with a prepared statement. */
  @FunctionalInterface
  interface Use<T> {
    T apply(PreparedStatement ps) throws SQLException;
  }
}
