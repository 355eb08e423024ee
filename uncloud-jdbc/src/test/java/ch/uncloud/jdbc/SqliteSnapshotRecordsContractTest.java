package ch.uncloud.jdbc;

import ch.uncloud.spi.SnapshotRecords;
import ch.uncloud.testkit.SnapshotRecordsContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Snapshot records contract on SQLite")
class SqliteSnapshotRecordsContractTest extends SnapshotRecordsContract {
  @TempDir
  Path dir;
  private JdbcSnapshotBooks books;

  @Override
  protected SnapshotRecords newRecords() {
    books = JdbcSnapshotBooks.sqlite(dir.resolve("uncloud.db"));
    return books.records();
  }

  @AfterEach
  void close() {
    books.close();
  }
}
