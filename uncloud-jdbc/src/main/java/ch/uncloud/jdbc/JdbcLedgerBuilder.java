package ch.uncloud.jdbc;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.UncloudException;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings for a {@link JdbcLedger}. Not thread-safe; build once.
 */
public final class JdbcLedgerBuilder {
  /** 32 MiB of pages: the balance and index pages stay in memory. */
  private static final int SQLITE_CACHE_PAGES = -32768;
  private String url;
  private String user;
  private Secret password;
  private int poolSize = 4;
  private int maxBatch = 512;
  private int writers = 1;
  private Duration busyTimeout = Duration.ofSeconds(10);
  private Duration connectTimeout = Duration.ofSeconds(5);

  JdbcLedgerBuilder() {}

  /**
   * @param url {@code jdbc:sqlite:PATH} or {@code jdbc:postgresql://HOST:PORT/DATABASE}
   * @return this builder
   */
  public JdbcLedgerBuilder url(String url) {
    this.url = Objects.requireNonNull(url, "url");
    return this;
  }

  /** @param user the database user (PostgreSQL) @return this builder */
  public JdbcLedgerBuilder user(String user) {
    this.user = user;
    return this;
  }

  /** @param password the database password (PostgreSQL) @return this builder */
  public JdbcLedgerBuilder password(Secret password) {
    this.password = password;
    return this;
  }

  /** @param poolSize connections for reads (default 4); the writer has its own @return this builder */
  public JdbcLedgerBuilder poolSize(int poolSize) {
    if (poolSize < 1) {
      throw new ConfigurationException("pool size must be at least 1, not " + poolSize);
    }
    this.poolSize = poolSize;
    return this;
  }

  /** @param maxBatch most entries booked in one transaction (default 512) @return this builder */
  public JdbcLedgerBuilder maxBatch(int maxBatch) {
    if (maxBatch < 1) {
      throw new ConfigurationException("max batch must be at least 1, not " + maxBatch);
    }
    this.maxBatch = maxBatch;
    return this;
  }

  /**
   * @param writers PostgreSQL writer threads (default 1); more overlap their batches, but each batch
   *     is then smaller, which measured slower up to 64 callers. SQLite always has one
   * @return this builder
   */
  public JdbcLedgerBuilder writers(int writers) {
    if (writers < 1) {
      throw new ConfigurationException("writers must be at least 1, not " + writers);
    }
    this.writers = writers;
    return this;
  }

  /** @param busyTimeout how long SQLite waits for another process's lock (default 10 s) @return this builder */
  public JdbcLedgerBuilder busyTimeout(Duration busyTimeout) {
    this.busyTimeout = Objects.requireNonNull(busyTimeout, "busyTimeout");
    return this;
  }

  /** @param connectTimeout how long to wait for a connection (default 5 s) @return this builder */
  public JdbcLedgerBuilder connectTimeout(Duration connectTimeout) {
    this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
    return this;
  }

  /**
   * Opens the store and migrates its schema.
   *
   * @return the ledger
   * @throws ConfigurationException for an unsupported URL or a schema newer than this code
   * @throws ProviderUnavailableException if the store cannot be reached
   */
  public JdbcLedger build() {
    if (url == null) {
      throw new ConfigurationException("no JDBC URL: set uncloud.jdbc.url to jdbc:sqlite:PATH "
          + "or jdbc:postgresql://HOST:PORT/DATABASE");
    }
    Dialect dialect;
    int writerThreads = 1;
    HikariDataSource writerPool = null;
    HikariDataSource readerPool = null;
    try {
      if (url.startsWith("jdbc:sqlite:")) {
        dialect = new SqliteDialect();
        HikariConfig writerConfig = Connections.sqlite(url, busyTimeout, SQLITE_CACHE_PAGES);
        writerConfig.setConnectionInitSql("PRAGMA wal_autocheckpoint=" + WalCheckpointer.WRITER_AUTOCHECKPOINT_PAGES);
        writerPool = Connections.pool(writerConfig, "uncloud-ledger-writer", 1, connectTimeout);
        readerPool = Connections.pool(Connections.sqlite(url, busyTimeout, SQLITE_CACHE_PAGES), "uncloud-ledger-reader", poolSize, connectTimeout);
      } else if (url.startsWith("jdbc:postgresql:")) {
        dialect = new PostgresDialect();
        writerThreads = writers;
        writerPool = Connections.pool(Connections.postgres(url, user, password, connectTimeout), "uncloud-ledger-writer", writers, connectTimeout);
        readerPool = Connections.pool(Connections.postgres(url, user, password, connectTimeout), "uncloud-ledger-reader", poolSize, connectTimeout);
      } else {
        throw new ConfigurationException("unsupported JDBC URL " + Connections.redact(url)
            + ": use jdbc:sqlite:PATH or jdbc:postgresql://HOST:PORT/DATABASE");
      }
      new SchemaMigrator(dialect).migrate(writerPool);
      WalCheckpointer checkpointer = dialect instanceof SqliteDialect
          ? new WalCheckpointer(Connections.sqlite(url, busyTimeout, 0).getDataSource(),
              "uncloud-ledger-checkpointer-" + JdbcLedger.INSTANCES.get())
          : null;
      return new JdbcLedger(dialect, writerPool, readerPool, maxBatch, writerThreads, checkpointer);
    } catch (SQLException | RuntimeException e) {
      if (readerPool != null) {
        readerPool.close();
      }
      if (writerPool != null) {
        writerPool.close();
      }
      if (e instanceof UncloudException u) {
        throw u;
      }
      throw new ProviderUnavailableException("cannot open the ledger at " + Connections.redact(url) + " ("
          + Connections.rootMessage(e) + "); check the URL, the credentials and that the store is reachable", e);
    }
  }
}
