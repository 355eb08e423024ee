package ch.uncloud.jdbc;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.UncloudException;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;

/**
 * The connection settings every JDBC record store beside the ledger shares (the shop store, the
 * snapshot books): where the database is, who logs in, and how long to wait. Not thread-safe; build
 * once.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class JdbcStoreBuilder<B extends JdbcStoreBuilder<B>> {
  String url; // read by stores that keep files next to an SQLite database
  private String user;
  private Secret password;
  private int poolSize = 4;
  private Duration busyTimeout = Duration.ofSeconds(10);
  private Duration connectTimeout = Duration.ofSeconds(5);

  JdbcStoreBuilder() {}

  /**
   * @param url {@code jdbc:sqlite:PATH} or {@code jdbc:postgresql://HOST:PORT/DATABASE}
   * @return this builder
   */
  public B url(String url) {
    this.url = Objects.requireNonNull(url, "url");
    return self();
  }

  /** @param user the database user (PostgreSQL) @return this builder */
  public B user(String user) {
    this.user = user;
    return self();
  }

  /** @param password the database password (PostgreSQL) @return this builder */
  public B password(Secret password) {
    this.password = password;
    return self();
  }

  /** @param poolSize connections for reads and writes (default 4) @return this builder */
  public B poolSize(int poolSize) {
    if (poolSize < 1) {
      throw new ConfigurationException("pool size must be at least 1, not " + poolSize);
    }
    this.poolSize = poolSize;
    return self();
  }

  /** @param busyTimeout how long SQLite waits for another writer's lock (default 10 s) @return this builder */
  public B busyTimeout(Duration busyTimeout) {
    this.busyTimeout = Objects.requireNonNull(busyTimeout, "busyTimeout");
    return self();
  }

  /** @param connectTimeout how long to wait for a connection (default 5 s) @return this builder */
  public B connectTimeout(Duration connectTimeout) {
    this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
    return self();
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /**
   * Opens a connection pool and migrates the schema.
   *
   * @param poolName the pool's name, for its threads and logs
   * @param storeName what is opened, for messages (e.g. {@code shop store})
   * @throws ConfigurationException for an unsupported URL or a schema newer than this code
   * @throws ProviderUnavailableException if the store cannot be reached
   */
  final StoreAccess open(String poolName, String storeName) {
    if (url == null) {
      throw new ConfigurationException("no JDBC URL: set uncloud.jdbc.url to jdbc:sqlite:PATH "
          + "or jdbc:postgresql://HOST:PORT/DATABASE");
    }
    HikariDataSource pool = null;
    try {
      Dialect dialect;
      if (url.startsWith("jdbc:sqlite:")) {
        dialect = new SqliteDialect();
        pool = Connections.pool(Connections.sqlite(url, busyTimeout, 0), poolName, poolSize, connectTimeout);
      } else if (url.startsWith("jdbc:postgresql:")) {
        dialect = new PostgresDialect();
        pool = Connections.pool(Connections.postgres(url, user, password, connectTimeout), poolName, poolSize,
            connectTimeout);
      } else {
        throw new ConfigurationException("unsupported JDBC URL " + Connections.redact(url)
            + ": use jdbc:sqlite:PATH or jdbc:postgresql://HOST:PORT/DATABASE");
      }
      new SchemaMigrator(dialect).migrate(pool);
      return new StoreAccess(dialect, pool, storeName);
    } catch (SQLException | RuntimeException e) {
      if (pool != null) {
        pool.close();
      }
      if (e instanceof UncloudException u) {
        throw u;
      }
      throw new ProviderUnavailableException("cannot open the " + storeName + " at " + Connections.redact(url) + " ("
          + Connections.rootMessage(e) + "); check the URL, the credentials and that the store is reachable", e);
    }
  }
}
