package ch.uncloud.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("the event dispatcher's lease on SQLite")
class SqliteDispatcherLeaseTest extends DispatcherLeaseBehaviour {
  @TempDir
  Path dir;

  @Override
  JdbcLedger ledger() {
    return JdbcLedger.sqlite(dir.resolve("uncloud.db"));
  }
}
