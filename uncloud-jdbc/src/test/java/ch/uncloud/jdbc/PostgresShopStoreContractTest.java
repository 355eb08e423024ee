package ch.uncloud.jdbc;

import ch.uncloud.api.Secret;
import ch.uncloud.spi.ShopStore;
import ch.uncloud.testkit.ShopStoreContract;
import ch.uncloud.testservers.postgres.EmbeddedPostgresServer;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Shop store contract on PostgreSQL")
class PostgresShopStoreContractTest extends ShopStoreContract {
  @Override
  protected ShopStore newStore() {
    EmbeddedPostgresServer server = EmbeddedPostgresServer.shared();
    return JdbcShopStore.postgres(server.newSchemaUrl(), server.user(), Secret.of("unused-with-trust"));
  }
}
