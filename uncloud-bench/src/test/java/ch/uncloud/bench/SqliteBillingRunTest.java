package ch.uncloud.bench;

import ch.uncloud.jdbc.JdbcLedger;
import ch.uncloud.jdbc.JdbcShopStore;
import ch.uncloud.spi.Ledger;
import ch.uncloud.spi.ShopStore;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A month's billing run over 1,000 accounts on SQLite")
class SqliteBillingRunTest extends BillingRunBehaviour {
  @TempDir
  static Path dir;

  @Override
  protected Ledger newLedger() {
    return JdbcLedger.sqlite(dir.resolve("uncloud.db"));
  }

  @Override
  protected ShopStore newStore() {
    return JdbcShopStore.sqlite(dir.resolve("uncloud.db"));
  }
}
