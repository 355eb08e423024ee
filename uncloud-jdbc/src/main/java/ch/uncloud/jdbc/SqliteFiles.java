package ch.uncloud.jdbc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

/** The file behind a {@code jdbc:sqlite:} URL, for commands that must not create one by opening it. */
final class SqliteFiles {
  private static final String PREFIX = "jdbc:sqlite:";

  private SqliteFiles() {}

  /**
   * @param jdbcUrl any JDBC URL
   * @throws SQLException if it is an SQLite URL naming a file that does not exist
   */
  static void requireExisting(String jdbcUrl) throws SQLException {
    if (!jdbcUrl.startsWith(PREFIX)) {
      return;
    }
    String path = jdbcUrl.substring(PREFIX.length());
    int query = path.indexOf('?');
    path = query < 0 ? path : path.substring(0, query);
    if (path.startsWith("file:")) {
      path = path.substring("file:".length());
    }
    if (path.isEmpty() || path.startsWith(":memory:")) {
      return;
    }
    if (!Files.isRegularFile(Path.of(path))) {
      throw new SQLException("there is no ledger file " + path);
    }
  }
}
