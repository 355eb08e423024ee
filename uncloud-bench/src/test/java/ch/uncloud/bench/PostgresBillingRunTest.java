package ch.uncloud.bench;

import ch.uncloud.api.Secret;
import ch.uncloud.jdbc.JdbcLedger;
import ch.uncloud.jdbc.JdbcShopStore;
import ch.uncloud.spi.Ledger;
import ch.uncloud.spi.ShopStore;
import ch.uncloud.testservers.postgres.EmbeddedPostgresServer;
import org.junit.jupiter.api.DisplayName;

@DisplayName("A month's billing run over 1,000 accounts on PostgreSQL")
class PostgresBillingRunTest extends BillingRunBehaviour {
  private final EmbeddedPostgresServer server = EmbeddedPostgresServer.shared();
  private String url;

  @Override
  protected Ledger newLedger() {
    url = server.newSchemaUrl();
    return JdbcLedger.postgres(url, server.user(), Secret.of("unused-with-trust"));
  }

  @Override
  protected ShopStore newStore() {
    return JdbcShopStore.postgres(url, server.user(), Secret.of("unused-with-trust"));
  }
}
