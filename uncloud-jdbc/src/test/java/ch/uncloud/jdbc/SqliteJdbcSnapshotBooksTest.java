package ch.uncloud.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("JdbcSnapshotBooks on SQLite")
class SqliteJdbcSnapshotBooksTest extends JdbcSnapshotBooksBehaviour {
  @TempDir
  Path dir;

  @Override
  JdbcSnapshotBooks.Builder builder() {
    return JdbcSnapshotBooks.builder().url("jdbc:sqlite:" + dir.resolve("uncloud.db"));
  }

  @Override
  JdbcLedger ledger() {
    return JdbcLedger.sqlite(dir.resolve("uncloud.db"));
  }

  @Override
  Connection raw() throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("uncloud.db"));
    try (var st = c.createStatement()) {
      st.execute("PRAGMA foreign_keys = ON");
    }
    return c;
  }

  @Override
  String falseLiteral() {
    return "0";
  }

  @Test
  @DisplayName("lists by account and by VM, and find by id, are answered from indexes")
  void listsUseIndexes() throws SQLException {
    assertThat(plan(JdbcSnapshotRecords.query("WHERE r.account = ?"), 1))
        .anyMatch(line -> line.contains("snapshot_record_by_account"));
    assertThat(plan(JdbcSnapshotRecords.query("WHERE r.account = ? AND r.vm_id = ?"), 2))
        .anyMatch(line -> line.contains("INDEX snapshot_record_by"));
    assertThat(plan(JdbcSnapshotRecords.query("WHERE r.vm_id = ?"), 1))
        .anyMatch(line -> line.contains("snapshot_record_by_vm"));
    assertThat(plan(JdbcSnapshotRecords.query("WHERE r.id = ?"), 1))
        .anyMatch(line -> line.contains("INDEX sqlite_autoindex_snapshot_record"));
    assertThat(plan(JdbcSnapshotRecords.query(""), 0)).noneMatch(line -> line.startsWith("SCAN d"));
  }

  private List<String> plan(String query, int parameters) throws SQLException {
    List<String> lines = new ArrayList<>();
    try (Connection c = raw(); PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + query)) {
      for (int i = 1; i <= parameters; i++) {
        ps.setString(i, "x");
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          lines.add(rs.getString(4));
        }
      }
    }
    return lines;
  }
}
