package ch.uncloud.jdbc;

import ch.uncloud.spi.Ledger;
import ch.uncloud.spi.LedgerProvider;
import ch.uncloud.spi.ProviderConfig;
import java.time.Duration;
import java.util.List;

/**
 * Discovers {@link JdbcLedger} as the ledger named {@code jdbc}. Keys:
 *
 * <ul>
 *   <li>{@code uncloud.jdbc.url} (required): {@code jdbc:sqlite:PATH} or {@code jdbc:postgresql://HOST:PORT/DB}
 *   <li>{@code uncloud.jdbc.user}: the database user (PostgreSQL)
 *   <li>{@code uncloud.jdbc.password}: secret reference {@code env:NAME} or {@code file:PATH} (PostgreSQL)
 *   <li>{@code uncloud.jdbc.pool-size}: read connections, default 4
 *   <li>{@code uncloud.jdbc.max-batch}: most entries per group commit, default 512
 *   <li>{@code uncloud.jdbc.writers}: PostgreSQL writer threads, default 1 (SQLite has one)
 *   <li>{@code uncloud.jdbc.busy-timeout-ms}: SQLite lock wait, default 10000
 *   <li>{@code uncloud.jdbc.connect-timeout-ms}: connection wait, default 5000
 * </ul>
 */
public final class JdbcLedgerProvider implements LedgerProvider {
  /** The JDBC URL key. */
  public static final String URL = "uncloud.jdbc.url";
  /** The database user key. */
  public static final String USER = "uncloud.jdbc.user";
  /** The password key (a secret reference). */
  public static final String PASSWORD = "uncloud.jdbc.password";
  /** The read pool size key. */
  public static final String POOL_SIZE = "uncloud.jdbc.pool-size";
  /** The group-commit batch limit key. */
  public static final String MAX_BATCH = "uncloud.jdbc.max-batch";
  /** The PostgreSQL writer threads key. */
  public static final String WRITERS = "uncloud.jdbc.writers";
  /** The SQLite busy timeout key, in milliseconds. */
  public static final String BUSY_TIMEOUT_MS = "uncloud.jdbc.busy-timeout-ms";
  /** The connection timeout key, in milliseconds. */
  public static final String CONNECT_TIMEOUT_MS = "uncloud.jdbc.connect-timeout-ms";

  /** Creates the provider (ServiceLoader calls this). */
  public JdbcLedgerProvider() {}

  @Override
  public String name() {
    return "jdbc";
  }

  /** Checks the {@code uncloud.jdbc.*} keys without connecting. */
  @Override
  public List<String> configurationProblems(ProviderConfig config) {
    return JdbcConfig.problems(config);
  }

  /**
   * @param config the configuration
   * @return an open ledger
   * @throws ch.uncloud.api.ConfigurationException naming every missing or bad key
   * @throws ch.uncloud.api.ProviderUnavailableException if the store cannot be reached
   */
  @Override
  public Ledger create(ProviderConfig config) {
    JdbcConfig.validate(config);
    JdbcLedgerBuilder builder = JdbcLedger.builder().url(config.require(URL));
    config.get(USER).ifPresent(builder::user);
    config.secret(PASSWORD).ifPresent(builder::password);
    config.get(POOL_SIZE).ifPresent(v -> builder.poolSize(Integer.parseInt(v)));
    config.get(MAX_BATCH).ifPresent(v -> builder.maxBatch(Integer.parseInt(v)));
    config.get(WRITERS).ifPresent(v -> builder.writers(Integer.parseInt(v)));
    config.get(BUSY_TIMEOUT_MS).ifPresent(v -> builder.busyTimeout(Duration.ofMillis(Long.parseLong(v))));
    config.get(CONNECT_TIMEOUT_MS).ifPresent(v -> builder.connectTimeout(Duration.ofMillis(Long.parseLong(v))));
    return builder.build();
  }
}
