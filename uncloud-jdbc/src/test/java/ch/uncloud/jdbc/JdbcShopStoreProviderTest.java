package ch.uncloud.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.Money;
import ch.uncloud.api.Username;
import ch.uncloud.api.shop.Order;
import ch.uncloud.api.shop.PaymentChoice;
import ch.uncloud.spi.ProviderConfig;
import ch.uncloud.spi.ShopStore;
import ch.uncloud.spi.ShopStoreProvider;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("JdbcShopStoreProvider")
class JdbcShopStoreProviderTest {
  @TempDir
  Path dir;

  @Test
  @DisplayName("is discovered by ServiceLoader under the name jdbc")
  void discovered() {
    assertThat(ServiceLoader.load(ShopStoreProvider.class).stream().map(p -> p.get().name())).contains("jdbc");
  }

  @Test
  @DisplayName("opens the shop tables in the ledger's database from the uncloud.jdbc keys, overridable by environment")
  void opensFromConfig() {
    ProviderConfig config = ProviderConfig.of(Map.of("uncloud.jdbc.url", "jdbc:sqlite:/nonexistent/x.db",
            "uncloud.jdbc.pool-size", "2"))
        .withEnvironment(Map.of("UNCLOUD_JDBC_URL", "jdbc:sqlite:" + dir.resolve("u.db")));
    Instant now = Instant.parse("2026-11-01T00:00:00Z");
    Order order = new Order("ord_1", Username.of("alice"), "membership", Map.of(), Money.of("0.00", "CHF"),
        Money.of("5.00", "CHF"), PaymentChoice.BALANCE, now, null, now.plusSeconds(60), null, null, now);

    try (ShopStore store = new JdbcShopStoreProvider().create(config)) {
      store.insert(order);
    }
    try (ShopStore store = JdbcShopStore.sqlite(dir.resolve("u.db")); JdbcLedger ledger = JdbcLedger.sqlite(dir.resolve("u.db"))) {
      assertThat(store.order("ord_1")).contains(order);
      assertThat(ledger.entries(Username.of("alice"))).isEmpty();
    }
  }

  @Test
  @DisplayName("reports every bad key at once without echoing a secret")
  void reportsAllProblems() {
    ProviderConfig config = ProviderConfig.of(Map.of("uncloud.jdbc.password", "hunter2",
        "uncloud.jdbc.pool-size", "zero", "uncloud.jdbc.busy-timeout-ms", "-1")).withEnvironment(Map.of());

    assertThatThrownBy(() -> new JdbcShopStoreProvider().create(config))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("uncloud.jdbc.url")
        .hasMessageContaining("uncloud.jdbc.pool-size")
        .hasMessageContaining("uncloud.jdbc.busy-timeout-ms")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  @DisplayName("refuses a URL of an unsupported database")
  void unsupportedUrl() {
    ProviderConfig config = ProviderConfig.of(Map.of("uncloud.jdbc.url", "jdbc:mysql://localhost/x"))
        .withEnvironment(Map.of());

    assertThatThrownBy(() -> new JdbcShopStoreProvider().create(config))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("jdbc:postgresql:");
  }
}
