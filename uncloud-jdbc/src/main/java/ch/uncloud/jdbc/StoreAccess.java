package ch.uncloud.jdbc;

import ch.uncloud.api.ProviderUnavailableException;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A record store's connections and transactions: reads on a pooled connection, writes in one
 * transaction each, store failures as {@link ProviderUnavailableException}. On SQLite the writes
 * of this process are serialized (the file has one write lock; other processes wait for it up to
 * the busy timeout). Thread-safe.
 */
final class StoreAccess implements AutoCloseable {
  private final Dialect dialect;
  private final HikariDataSource pool;
  private final String storeName;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final boolean serializeWrites;
  private volatile boolean closed;

  StoreAccess(Dialect dialect, HikariDataSource pool, String storeName) {
    this.dialect = dialect;
    this.pool = pool;
    this.storeName = storeName;
    this.serializeWrites = dialect instanceof SqliteDialect;
  }

  Dialect dialect() {
    return dialect;
  }

  /** @return which database this is: its URL and user, equal for two pools on the same database */
  String database() {
    return database(pool);
  }

  static String database(HikariDataSource pool) {
    if (pool.getJdbcUrl() != null) {
      return pool.getJdbcUrl() + " as " + pool.getUsername();
    }
    if (pool.getDataSource() instanceof org.sqlite.SQLiteDataSource sqlite && sqlite.getUrl() != null) {
      return sqlite.getUrl();
    }
    return "pool " + System.identityHashCode(pool); // unknown: the same as no other
  }

  /**
   * @param outbox an outbox, or {@code null}
   * @return whether it is a {@link JdbcLedger}'s outbox on this same database (same URL, user and
   *     dialect), so this store's writes can insert its events in their own transactions
   */
  boolean sharesDatabaseWith(ch.uncloud.spi.EventOutbox outbox) {
    return outbox instanceof JdbcOutbox own && own.database().equals(database())
        && own.dialect().getClass() == dialect.getClass();
  }

  /** @return e.g. {@code SQLite shop store} */
  String displayName() {
    return dialect.displayName() + " " + storeName;
  }

  <T> T read(String what, SqlFunction<T> query) {
    ensureOpen();
    try (Connection c = pool.getConnection()) {
      return query.apply(c);
    } catch (SQLException e) {
      throw unavailable(what, e);
    }
  }

  /** Runs {@code work} in one transaction; any exception rolls it back and propagates. */
  <T> T write(String what, SqlFunction<T> work) {
    ensureOpen();
    if (serializeWrites) {
      writeLock.lock();
    }
    try (Connection c = pool.getConnection()) {
      try {
        dialect.begin(c);
        T result = work.apply(c);
        dialect.commit(c);
        return result;
      } catch (SQLException | RuntimeException e) {
        dialect.rollbackQuietly(c);
        throw e;
      } finally {
        if (!c.getAutoCommit()) {
          c.setAutoCommit(true);
        }
      }
    } catch (SQLException e) {
      throw unavailable(what, e);
    } finally {
      if (serializeWrites) {
        writeLock.unlock();
      }
    }
  }

  /**
   * Takes a connection out of the pool for work that spans calls (a session lock); the caller closes it.
   *
   * @param what what it is for, for the error
   */
  Connection borrow(String what) {
    ensureOpen();
    try {
      return pool.getConnection();
    } catch (SQLException e) {
      throw unavailable(what, e);
    }
  }

  /** Closes the connections. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    pool.close();
  }

  private void ensureOpen() {
    if (closed) {
      throw new ProviderUnavailableException(displayName() + " is closed; open a new one");
    }
  }

  private ProviderUnavailableException unavailable(String what, SQLException e) {
    return new ProviderUnavailableException(displayName() + " cannot " + what + " (" + e.getMessage()
        + "); check that the store is reachable and retry", e);
  }

  /** Work on one connection. */
  @FunctionalInterface
  interface SqlFunction<T> {
    T apply(Connection connection) throws SQLException;
  }
}
