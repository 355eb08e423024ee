package ch.uncloud.jdbc;

import ch.uncloud.spi.ShopStore;
import ch.uncloud.testkit.ShopStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Shop store contract on SQLite")
class SqliteShopStoreContractTest extends ShopStoreContract {
  @TempDir
  Path dir;

  @Override
  protected ShopStore newStore() {
    return JdbcShopStore.sqlite(dir.resolve("uncloud.db"));
  }
}
