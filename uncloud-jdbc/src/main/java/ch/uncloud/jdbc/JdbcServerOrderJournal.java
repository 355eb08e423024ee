package ch.uncloud.jdbc;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.events.Event;
import ch.uncloud.spi.EventOutbox;
import ch.uncloud.spi.ServerOrderJournal;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A durable {@link ServerOrderJournal} in the ledger's database (SQLite or PostgreSQL): one row per
 * order in {@code server_order_journal}, replaced in one transaction by each save, so every process
 * sharing the database sees the same orders. Chosen with {@code uncloud.server-order-journal=jdbc}.
 *
 * <p>An order's lock is held across processes: on PostgreSQL a session advisory lock on a connection
 * kept for the lock's lifetime; on SQLite (one file, one machine) an OS lock on one byte, chosen by
 * the order's id, of the file {@code DATABASE.order-locks} next to the database, which never holds
 * the database's own write lock while an order is checked out. Within a process an in-memory lock
 * per order comes first. Thread-safe.
 */
public final class JdbcServerOrderJournal implements ServerOrderJournal {
  /** The schema version that adds the journal's table. */
  static final int VERSION = 7;
  /** In-JVM order locks, by store and order: OS file locks are per process, not per thread. */
  private static final ConcurrentHashMap<String, ReentrantLock> LOCAL_LOCKS = new ConcurrentHashMap<>();

  private final StoreAccess access;
  private final String storeKey;
  private final Path sqliteLockFile;

  private JdbcServerOrderJournal(StoreAccess access, String url) {
    this.access = access;
    this.storeKey = url;
    this.sqliteLockFile = access.dialect() instanceof SqliteDialect ? sqliteFile(url) : null;
  }

  /**
   * @param file the SQLite database (the ledger's); its directory must exist
   * @return the journal
   */
  public static JdbcServerOrderJournal sqlite(Path file) {
    return builder().url("jdbc:sqlite:" + file.toAbsolutePath()).build();
  }

  /**
   * @param url e.g. {@code jdbc:postgresql://db.example.org:5432/uncloud}
   * @param user the database user
   * @param password the user's password
   * @return the journal
   */
  public static JdbcServerOrderJournal postgres(String url, String user, Secret password) {
    return builder().url(url).user(user).password(password).build();
  }

  /** @return a builder for non-default settings */
  public static Builder builder() {
    return new Builder();
  }

  static List<Migration> migrations() {
    return List.of(new Migration(VERSION, "server order journal (OVH orders), one document per order", List.of(
        "CREATE TABLE server_order_journal (\n"
            + "  order_id TEXT PRIMARY KEY,\n"
            + "  document TEXT NOT NULL)")));
  }

  @Override
  public void save(String orderId, String document) {
    save(orderId, document, List.of());
  }

  /**
   * {@inheritDoc}
   *
   * <p>With the outbox of a {@link JdbcLedger} on this database the events are inserted in the
   * transaction that saves the document.
   */
  @Override
  public void save(String orderId, String document, EventOutbox outbox, List<Event> events) {
    if (!access.sharesDatabaseWith(outbox)) {
      ServerOrderJournal.super.save(orderId, document, outbox, events);
      return;
    }
    save(orderId, document, events);
  }

  private void save(String orderId, String document, List<Event> events) {
    access.write("save server order " + orderId, c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO server_order_journal (order_id, document) "
          + "VALUES (?, ?) ON CONFLICT (order_id) DO UPDATE SET document = excluded.document")) {
        ps.setString(1, orderId);
        ps.setString(2, document);
        ps.executeUpdate();
      }
      return OutboxRows.insert(access.dialect(), c, events);
    });
  }

  @Override
  public Optional<String> find(String orderId) {
    return access.read("read server order " + orderId, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT document FROM server_order_journal WHERE order_id = ?")) {
        ps.setString(1, orderId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public List<String> all() {
    return access.read("list server orders", c -> {
      List<String> documents = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT document FROM server_order_journal ORDER BY order_id");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          documents.add(rs.getString(1));
        }
      }
      return documents;
    });
  }

  @Override
  public Lock lock(String orderId) {
    ReentrantLock local = LOCAL_LOCKS.computeIfAbsent(storeKey + "\n" + orderId, k -> new ReentrantLock());
    local.lock();
    try {
      Lock held = sqliteLockFile != null ? fileLock(orderId) : advisoryLock(orderId);
      return () -> {
        try {
          held.close();
        } finally {
          local.unlock();
        }
      };
    } catch (RuntimeException e) {
      local.unlock();
      throw e;
    }
  }

  @Override
  public void close() {
    access.close();
  }

  @Override
  public String toString() {
    return "JdbcServerOrderJournal[" + access.dialect().displayName() + "]";
  }

  private Lock advisoryLock(String orderId) {
    long key = lockKey(orderId);
    Connection c = access.borrow("lock server order " + orderId);
    try {
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
        ps.setLong(1, key);
        ps.execute();
      }
    } catch (SQLException e) {
      closeQuietly(c);
      throw new ProviderUnavailableException("cannot lock server order " + orderId + " (" + e.getMessage()
          + "); check that the database is reachable and retry", e);
    }
    return () -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
        ps.setLong(1, key);
        ps.execute();
      } catch (SQLException e) {
        // closing the session below releases the lock too
      } finally {
        closeQuietly(c);
      }
    };
  }

  private Lock fileLock(String orderId) {
    try {
      FileChannel channel = FileChannel.open(sqliteLockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      try {
        FileLock held = channel.lock(Math.floorMod(lockKey(orderId), 1L << 20), 1, false);
        return () -> {
          try {
            held.release();
            channel.close();
          } catch (IOException e) {
            // closing the channel releases the OS lock in any case
          }
        };
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
    } catch (IOException e) {
      throw new ProviderUnavailableException("cannot lock server order " + orderId + " with " + sqliteLockFile + " ("
          + e.getMessage() + "); check that the database's directory is writable", e);
    }
  }

  private static long lockKey(String orderId) {
    return UUID.nameUUIDFromBytes(("uncloud:server-order:" + orderId).getBytes(StandardCharsets.UTF_8))
        .getMostSignificantBits();
  }

  private static Path sqliteFile(String url) {
    String path = url.substring("jdbc:sqlite:".length());
    int query = path.indexOf('?');
    path = query < 0 ? path : path.substring(0, query);
    if (path.isEmpty() || path.startsWith(":memory:") || path.startsWith("file:")) {
      throw new ConfigurationException("the server order journal needs an SQLite database file, not " + path
          + "; set uncloud.jdbc.url to jdbc:sqlite:PATH");
    }
    return Path.of(path + ".order-locks").toAbsolutePath();
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      // the pool discards a broken connection
    }
  }

  /** Settings for {@link JdbcServerOrderJournal}; the connection settings are {@link JdbcStoreBuilder}'s. */
  public static final class Builder extends JdbcStoreBuilder<Builder> {
    private Builder() {}

    /**
     * Opens the journal and migrates the schema.
     *
     * @return the journal
     * @throws ConfigurationException for an unsupported URL or a schema newer than this code
     * @throws ProviderUnavailableException if the store cannot be reached
     */
    public JdbcServerOrderJournal build() {
      StoreAccess access = open("uncloud-server-orders", "server order journal");
      try {
        return new JdbcServerOrderJournal(access, url);
      } catch (RuntimeException e) {
        access.close();
        throw e;
      }
    }
  }
}
