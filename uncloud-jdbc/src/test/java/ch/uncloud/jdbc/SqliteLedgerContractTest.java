package ch.uncloud.jdbc;

import ch.uncloud.spi.Ledger;
import ch.uncloud.testkit.LedgerContract;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Ledger contract on SQLite")
class SqliteLedgerContractTest extends LedgerContract {
  @TempDir
  Path dir;

  @Override
  protected Ledger newLedger() {
    return JdbcLedger.sqlite(dir.resolve("ledger.db"));
  }

  @Override
  protected int concurrency() {
    return 16;
  }
}
