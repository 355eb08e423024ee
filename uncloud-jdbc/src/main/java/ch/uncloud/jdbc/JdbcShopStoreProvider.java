package ch.uncloud.jdbc;

import ch.uncloud.spi.ProviderConfig;
import ch.uncloud.spi.ShopStore;
import ch.uncloud.spi.ShopStoreProvider;
import java.time.Duration;

/**
 * Discovers {@link JdbcShopStore} as the shop store named {@code jdbc}, configured with the ledger's
 * keys so both live in one database: {@code uncloud.jdbc.url} (required), {@code uncloud.jdbc.user},
 * {@code uncloud.jdbc.password} (secret reference), {@code uncloud.jdbc.pool-size} (default 4),
 * {@code uncloud.jdbc.busy-timeout-ms} (default 10000) and {@code uncloud.jdbc.connect-timeout-ms}
 * (default 5000). The ledger-only keys ({@code max-batch}, {@code writers}) are checked but unused.
 */
public final class JdbcShopStoreProvider implements ShopStoreProvider {

  /** Creates the provider (ServiceLoader calls this). */
  public JdbcShopStoreProvider() {}

  @Override
  public String name() {
    return "jdbc";
  }

  /**
   * @param config the configuration
   * @return an open store
   * @throws ch.uncloud.api.ConfigurationException naming every missing or bad key
   * @throws ch.uncloud.api.ProviderUnavailableException if the store cannot be reached
   */
  @Override
  public ShopStore create(ProviderConfig config) {
    config.validator()
        .require(JdbcLedgerProvider.URL)
        .check(JdbcLedgerProvider.URL, url -> url.startsWith("jdbc:sqlite:") || url.startsWith("jdbc:postgresql:")
            ? null : "use jdbc:sqlite:PATH or jdbc:postgresql://HOST:PORT/DATABASE")
        .optionalSecret(JdbcLedgerProvider.PASSWORD)
        .check(JdbcLedgerProvider.POOL_SIZE, JdbcShopStoreProvider::positive)
        .check(JdbcLedgerProvider.MAX_BATCH, JdbcShopStoreProvider::positive)
        .check(JdbcLedgerProvider.WRITERS, JdbcShopStoreProvider::positive)
        .check(JdbcLedgerProvider.BUSY_TIMEOUT_MS, JdbcShopStoreProvider::positive)
        .check(JdbcLedgerProvider.CONNECT_TIMEOUT_MS, JdbcShopStoreProvider::positive)
        .validate();
    JdbcShopStore.Builder builder = JdbcShopStore.builder().url(config.require(JdbcLedgerProvider.URL));
    config.get(JdbcLedgerProvider.USER).ifPresent(builder::user);
    config.secret(JdbcLedgerProvider.PASSWORD).ifPresent(builder::password);
    config.get(JdbcLedgerProvider.POOL_SIZE).ifPresent(v -> builder.poolSize(Integer.parseInt(v)));
    config.get(JdbcLedgerProvider.BUSY_TIMEOUT_MS)
        .ifPresent(v -> builder.busyTimeout(Duration.ofMillis(Long.parseLong(v))));
    config.get(JdbcLedgerProvider.CONNECT_TIMEOUT_MS)
        .ifPresent(v -> builder.connectTimeout(Duration.ofMillis(Long.parseLong(v))));
    return builder.build();
  }

  private static String positive(String value) {
    try {
      return Long.parseLong(value) > 0 && Long.parseLong(value) <= Integer.MAX_VALUE ? null
          : "must be a positive whole number, not " + value;
    } catch (NumberFormatException e) {
      return "must be a positive whole number, not '" + value + "'";
    }
  }
}
