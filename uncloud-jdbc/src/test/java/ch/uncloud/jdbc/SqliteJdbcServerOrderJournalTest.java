package ch.uncloud.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("JdbcServerOrderJournal on SQLite")
class SqliteJdbcServerOrderJournalTest extends JdbcServerOrderJournalBehaviour {
  @TempDir
  Path dir;

  @Override
  JdbcServerOrderJournal.Builder builder() {
    return JdbcServerOrderJournal.builder().url("jdbc:sqlite:" + dir.resolve("uncloud.db"));
  }
}
