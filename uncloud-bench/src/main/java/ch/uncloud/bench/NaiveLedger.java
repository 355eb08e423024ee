package ch.uncloud.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.sqlite.SQLiteConfig;

/**
 * The baseline a user would write by hand: one connection per caller and one transaction per
 * charge that reads the balance (locking it), inserts the entry, writes the new balance and
 * commits. Same store, same durability settings as the ledger it is compared with.
 */
final class NaiveLedger implements AutoCloseable {
  private final boolean postgres;
  private final List<Connection> connections = new ArrayList<>();
  private final List<Statements> statements = new ArrayList<>();

  private record Statements(PreparedStatement read, PreparedStatement insert, PreparedStatement write) {}

  NaiveLedger(String url, String user, String password, int callers, List<String> accounts) throws SQLException {
    this.postgres = url.startsWith("jdbc:postgresql:");
    for (int i = 0; i < callers; i++) {
      connections.add(open(url, user, password));
    }
    Connection first = connections.get(0);
    try (Statement st = first.createStatement()) {
      String integer = postgres ? "BIGINT" : "INTEGER";
      st.execute("CREATE TABLE IF NOT EXISTS naive_entry (id TEXT PRIMARY KEY, account TEXT NOT NULL, "
          + "amount_minor " + integer + " NOT NULL, comment TEXT NOT NULL, booked_at_ns " + integer + " NOT NULL, "
          + "balance_after_minor " + integer + " NOT NULL)");
      st.execute("CREATE TABLE IF NOT EXISTS naive_balance (account TEXT PRIMARY KEY, balance_minor " + integer
          + " NOT NULL)");
    }
    if (postgres) {
      first.commit();
    }
    begin(first, postgres);
    try (PreparedStatement seed = first.prepareStatement(
        "INSERT INTO naive_balance (account, balance_minor) VALUES (?, 0) ON CONFLICT (account) DO NOTHING")) {
      for (String account : accounts) {
        seed.setString(1, account);
        seed.executeUpdate();
      }
    }
    commit(first, postgres);
    for (Connection c : connections) {
      statements.add(new Statements(
          c.prepareStatement("SELECT balance_minor FROM naive_balance WHERE account = ?" + (postgres ? " FOR UPDATE" : "")),
          c.prepareStatement("INSERT INTO naive_entry (id, account, amount_minor, comment, booked_at_ns, "
              + "balance_after_minor) VALUES (?, ?, ?, ?, ?, ?)"),
          c.prepareStatement("UPDATE naive_balance SET balance_minor = ? WHERE account = ?")));
    }
  }

  /**
   * Books one charge in its own transaction.
   *
   * @param caller the caller's number (its connection)
   * @param account the account
   * @param amountMinor the charge in minor units, positive
   * @throws SQLException on a store failure (the transaction is rolled back)
   */
  void charge(int caller, String account, long amountMinor) throws SQLException {
    Connection c = connections.get(caller);
    Statements s = statements.get(caller);
    try {
      begin(c, postgres);
      s.read.setString(1, account);
      long balance;
      try (ResultSet rs = s.read.executeQuery()) {
        balance = rs.next() ? rs.getLong(1) : 0L;
      }
      long after = balance - amountMinor;
      s.insert.setString(1, UUID.randomUUID().toString());
      s.insert.setString(2, account);
      s.insert.setLong(3, -amountMinor);
      s.insert.setString(4, "bench charge");
      s.insert.setLong(5, System.currentTimeMillis() * 1_000_000L);
      s.insert.setLong(6, after);
      s.insert.executeUpdate();
      s.write.setLong(1, after);
      s.write.setString(2, account);
      s.write.executeUpdate();
      commit(c, postgres);
    } catch (SQLException e) {
      rollback(c, postgres);
      throw e;
    }
  }

  static void begin(Connection c, boolean postgres) throws SQLException {
    if (!postgres) {
      try (Statement st = c.createStatement()) {
        st.execute("BEGIN IMMEDIATE");
      }
    }
  }

  static void commit(Connection c, boolean postgres) throws SQLException {
    if (postgres) {
      c.commit();
    } else {
      try (Statement st = c.createStatement()) {
        st.execute("COMMIT");
      }
    }
  }

  static void rollback(Connection c, boolean postgres) throws SQLException {
    if (postgres) {
      c.rollback();
    } else if (!c.getAutoCommit()) {
      c.rollback();
    } else {
      try (Statement st = c.createStatement()) {
        st.execute("ROLLBACK");
      } catch (SQLException ignored) {
        // no transaction was open
      }
    }
  }

  @Override
  public void close() throws SQLException {
    for (Connection c : connections) {
      c.close();
    }
  }

  /** @return a connection with the baseline's settings: auto-commit off on PostgreSQL, WAL and FULL on SQLite */
  static Connection open(String url, String user, String password) throws SQLException {
    Connection c;
    if (url.startsWith("jdbc:postgresql:")) {
      Properties props = new Properties();
      if (user != null) {
        props.setProperty("user", user);
      }
      if (password != null) {
        props.setProperty("password", password);
      }
      c = DriverManager.getConnection(url, props);
    } else {
      SQLiteConfig config = new SQLiteConfig();
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
      config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
      config.setBusyTimeout(30_000);
      // transactions are begun with BEGIN IMMEDIATE by hand: a deferred transaction that reads and
      // then writes fails under load, and the driver's own transaction mode would hold the write lock
      // from one commit to the next charge
      return config.createConnection(url);
    }
    c.setAutoCommit(false);
    return c;
  }
}
