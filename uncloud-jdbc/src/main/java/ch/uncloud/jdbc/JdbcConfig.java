package ch.uncloud.jdbc;

import static ch.uncloud.jdbc.JdbcLedgerProvider.BUSY_TIMEOUT_MS;
import static ch.uncloud.jdbc.JdbcLedgerProvider.CONNECT_TIMEOUT_MS;
import static ch.uncloud.jdbc.JdbcLedgerProvider.MAX_BATCH;
import static ch.uncloud.jdbc.JdbcLedgerProvider.PASSWORD;
import static ch.uncloud.jdbc.JdbcLedgerProvider.POOL_SIZE;
import static ch.uncloud.jdbc.JdbcLedgerProvider.URL;
import static ch.uncloud.jdbc.JdbcLedgerProvider.USER;
import static ch.uncloud.jdbc.JdbcLedgerProvider.WRITERS;

import ch.uncloud.spi.ProviderConfig;
import java.time.Duration;
import java.util.List;

/**
 * The {@code uncloud.jdbc.*} keys every JDBC provider reads (ledger, shop store, snapshot records),
 * checked in one place so that all of them accept and refuse the same configuration.
 */
final class JdbcConfig {
  private JdbcConfig() {}

  /**
   * Checks every {@code uncloud.jdbc.*} key, including those only the ledger uses, and reports all
   * problems at once.
   *
   * @throws ch.uncloud.api.ConfigurationException naming every missing or bad key
   */
  static void validate(ProviderConfig config) {
    ProviderConfig.Validator validator = config.validator();
    problems(config).forEach(validator::problem);
    validator.validate();
  }

  /**
   * @return every problem of the {@code uncloud.jdbc.*} keys, without connecting; empty if none
   */
  static List<String> problems(ProviderConfig config) {
    return config.validator()
        .require(URL)
        .check(URL, url -> url.startsWith("jdbc:sqlite:") || url.startsWith("jdbc:postgresql:") ? null
            : "use jdbc:sqlite:PATH or jdbc:postgresql://HOST:PORT/DATABASE")
        .optionalSecret(PASSWORD)
        .check(POOL_SIZE, JdbcConfig::positive)
        .check(MAX_BATCH, JdbcConfig::positive)
        .check(WRITERS, JdbcConfig::positive)
        .check(BUSY_TIMEOUT_MS, JdbcConfig::positive)
        .check(CONNECT_TIMEOUT_MS, JdbcConfig::positive)
        .problems();
  }

  /**
   * Validates the keys, then applies the connection settings to a record store's builder.
   *
   * @return the builder
   * @throws ch.uncloud.api.ConfigurationException naming every missing or bad key
   */
  static <B extends JdbcStoreBuilder<B>> B configure(ProviderConfig config, B builder) {
    validate(config);
    builder.url(config.require(URL));
    config.get(USER).ifPresent(builder::user);
    config.secret(PASSWORD).ifPresent(builder::password);
    config.get(POOL_SIZE).ifPresent(v -> builder.poolSize(Integer.parseInt(v)));
    config.get(BUSY_TIMEOUT_MS).ifPresent(v -> builder.busyTimeout(Duration.ofMillis(Long.parseLong(v))));
    config.get(CONNECT_TIMEOUT_MS).ifPresent(v -> builder.connectTimeout(Duration.ofMillis(Long.parseLong(v))));
    return builder;
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
