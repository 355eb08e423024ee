package ch.uncloud.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("JdbcPaymentRecords on SQLite")
class SqliteJdbcPaymentRecordsTest extends JdbcPaymentRecordsBehaviour {
  @TempDir
  Path dir;

  @Override
  JdbcPaymentRecords.Builder builder() {
    return JdbcPaymentRecords.builder().url("jdbc:sqlite:" + dir.resolve("uncloud.db"));
  }
}
