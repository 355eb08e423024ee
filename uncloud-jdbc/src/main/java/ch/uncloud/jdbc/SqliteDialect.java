package ch.uncloud.jdbc;

import ch.uncloud.api.credit.LedgerEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SQLite: one writer at a time holds the database's write lock for the whole transaction (the
 * writer begins with {@code BEGIN IMMEDIATE}), so plain reads inside it are already consistent.
 * Statements are in-process calls, so the per-row loops here cost microseconds.
 */
final class SqliteDialect implements Dialect {
  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_CONSTRAINT = 19;

  private static final List<Migration> MIGRATIONS = List.of(
      new Migration(1, "append-only ledger entries and account balances", List.of(
          """
          CREATE TABLE ledger_entry (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL CHECK (kind IN ('CHARGE', 'DEPOSIT', 'REVERSAL')),
            service TEXT NOT NULL,
            account TEXT NOT NULL,
            currency TEXT NOT NULL,
            amount_minor INTEGER NOT NULL,
            comment TEXT NOT NULL,
            principal TEXT NOT NULL,
            booked_at_ns INTEGER NOT NULL,
            idempotency_key TEXT,
            reverses TEXT REFERENCES ledger_entry (id),
            balance_after_minor INTEGER NOT NULL)""",
          // partial: entries without a key or a reversed entry (most of them) leave these indexes alone
          "CREATE UNIQUE INDEX ledger_entry_key ON ledger_entry (service, idempotency_key) "
              + "WHERE idempotency_key IS NOT NULL",
          "CREATE UNIQUE INDEX ledger_entry_reverses ON ledger_entry (reverses) WHERE reverses IS NOT NULL",
          "CREATE INDEX ledger_entry_by_account ON ledger_entry (account, seq)",
          "CREATE INDEX ledger_entry_by_service_time ON ledger_entry (service, booked_at_ns)",
          """
          CREATE TRIGGER ledger_entry_no_update BEFORE UPDATE ON ledger_entry
          BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END""",
          """
          CREATE TRIGGER ledger_entry_no_delete BEFORE DELETE ON ledger_entry
          BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END""",
          """
          CREATE TABLE account_balance (
            account TEXT NOT NULL,
            currency TEXT NOT NULL,
            balance_minor INTEGER NOT NULL,
            PRIMARY KEY (account, currency)) WITHOUT ROWID""")));

  private static final String FIND_BY_KEY = "SELECT " + EntryRows.COLUMNS
      + " FROM ledger_entry WHERE service = ? AND idempotency_key = ? AND idempotency_key IS NOT NULL";
  private static final String FIND_BY_ID = "SELECT " + EntryRows.COLUMNS + " FROM ledger_entry WHERE id = ?";
  private static final String FIND_REVERSAL = "SELECT 1 FROM ledger_entry WHERE reverses = ? AND reverses IS NOT NULL";
  private static final String READ_BALANCE = "SELECT balance_minor FROM account_balance WHERE account = ? AND currency = ?";

  private static final int MAX_CACHED_BALANCES = 200_000;

  // Balances as the last commit of this connection left them. SQLite has one writer per file, so
  // they stay true until another connection commits, which PRAGMA data_version tells: it changes
  // when any other connection (in this or another process) has committed since it was last read.
  private final Map<BalanceKey, Long> cachedBalances = new HashMap<>();
  private final Map<BalanceKey, Long> uncommittedBalances = new HashMap<>();
  private long cachedVersion = -1;

  // The writer's statements, prepared once per physical connection instead of once per batch: a
  // batch of one entry spent most of its statement time preparing. Only the single writer thread
  // (and the migrator before it starts) uses them.
  private Connection preparedOn;
  private final Map<String, PreparedStatement> prepared = new HashMap<>();

  @Override
  public String displayName() {
    return "SQLite";
  }

  @Override
  public Map<String, String> durabilityQueries() {
    // synchronous reads as a number: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA
    return Map.of("journal_mode", "PRAGMA journal_mode", "synchronous", "PRAGMA synchronous");
  }

  @Override
  public List<Migration> migrations() {
    return MIGRATIONS;
  }

  @Override
  public void lockForMigration(Connection connection) {
    // begin() took the write lock with BEGIN IMMEDIATE, which already excludes other writers
  }

  // The driver's own transaction handling (setAutoCommit(false)) begins the next transaction eagerly
  // after each commit and loses track of it when that BEGIN fails as busy; explicit statements on
  // an auto-commit connection leave no transaction open by accident.
  @Override
  public void begin(Connection connection) throws SQLException {
    statement(connection, "BEGIN IMMEDIATE").executeUpdate();
  }

  @Override
  public void commit(Connection connection) throws SQLException {
    statement(connection, "COMMIT").executeUpdate();
    if (cachedBalances.size() + uncommittedBalances.size() > MAX_CACHED_BALANCES) {
      cachedBalances.clear();
    }
    cachedBalances.putAll(uncommittedBalances);
    uncommittedBalances.clear();
  }

  /** Also forgets every cached balance: after a failed commit, what the file holds is unknown. */
  @Override
  public void rollbackQuietly(Connection connection) {
    cachedBalances.clear();
    uncommittedBalances.clear();
    try (Statement st = connection.createStatement()) {
      st.execute("ROLLBACK");
    } catch (SQLException ignored) {
      // no transaction was open, or the connection is gone
    }
  }

  @Override
  public Map<KeyRef, LedgerEntry> findByKeys(Connection connection, Collection<KeyRef> keys) throws SQLException {
    Map<KeyRef, LedgerEntry> found = new HashMap<>();
    if (keys.isEmpty()) {
      return found;
    }
    PreparedStatement ps = statement(connection, FIND_BY_KEY);
    for (KeyRef key : keys) {
      ps.setString(1, key.service());
      ps.setString(2, key.key());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          found.put(key, EntryRows.read(rs));
        }
      }
    }
    return found;
  }

  @Override
  public Map<String, LedgerEntry> findByIds(Connection connection, Collection<String> ids) throws SQLException {
    Map<String, LedgerEntry> found = new HashMap<>();
    if (ids.isEmpty()) {
      return found;
    }
    PreparedStatement ps = statement(connection, FIND_BY_ID);
    for (String id : ids) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          found.put(id, EntryRows.read(rs));
        }
      }
    }
    return found;
  }

  @Override
  public Set<String> findReversed(Connection connection, Collection<String> ids) throws SQLException {
    Set<String> found = new HashSet<>();
    if (ids.isEmpty()) {
      return found;
    }
    PreparedStatement ps = statement(connection, FIND_REVERSAL);
    for (String id : ids) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          found.add(id);
        }
      }
    }
    return found;
  }

  /**
   * Reads only the balances neither written by this transaction nor cached since this connection's
   * last commit (see {@link #commit}).
   */
  @Override
  public Map<BalanceKey, Long> lockBalances(Connection connection, List<BalanceKey> keys) throws SQLException {
    long version;
    try (ResultSet rs = statement(connection, "PRAGMA data_version").executeQuery()) {
      version = rs.next() ? rs.getLong(1) : -1;
    }
    if (version != cachedVersion || version == -1) {
      cachedBalances.clear();
      cachedVersion = version;
    }
    Map<BalanceKey, Long> found = new HashMap<>();
    PreparedStatement ps = null;
    for (BalanceKey key : keys) {
      // this transaction's own writes first: a hold captured after a batch's charges reads their balance
      Long cached = uncommittedBalances.get(key);
      if (cached == null) {
        cached = cachedBalances.get(key);
      }
      if (cached != null) {
        found.put(key, cached);
        continue;
      }
      if (ps == null) {
        ps = statement(connection, READ_BALANCE);
      }
      ps.setString(1, key.account());
      ps.setString(2, key.currency());
      try (ResultSet rs = ps.executeQuery()) {
        long balance = rs.next() ? rs.getLong(1) : 0L;
        found.put(key, balance);
        // committed (this transaction's own writes are in uncommittedBalances), and the write lock is
        // held; a missing row is remembered as zero too (an account's quota row before any quota)
        cachedBalances.put(key, balance);
      }
    }
    return found;
  }

  @Override
  public void insertEntries(Connection connection, List<LedgerEntry> entries) throws SQLException {
    PreparedStatement ps = statement(connection, EntryRows.INSERT);
    try {
      for (LedgerEntry entry : entries) {
        EntryRows.bind(ps, entry);
        ps.addBatch();
      }
      ps.executeBatch();
    } finally {
      ps.clearBatch();
    }
  }

  @Override
  public void writeBalances(Connection connection, Map<BalanceKey, Long> balances) throws SQLException {
    PreparedStatement ps = statement(connection, BalanceKey.UPSERT);
    try {
      BalanceKey.upsert(ps, balances);
      uncommittedBalances.putAll(balances);
    } finally {
      ps.clearBatch();
    }
  }

  @Override
  public PreparedStatement keptStatement(Connection connection, String sql) throws SQLException {
    return statement(connection, sql);
  }

  /**
   * The statement for {@code sql} on the physical connection behind {@code connection}, prepared on
   * first use. A new physical connection (the pool replaced the old one) starts a new set.
   */
  private PreparedStatement statement(Connection connection, String sql) throws SQLException {
    Connection physical = connection.unwrap(org.sqlite.SQLiteConnection.class);
    if (physical != preparedOn || physical.isClosed()) {
      closePrepared();
      preparedOn = physical;
      cachedBalances.clear();
      uncommittedBalances.clear();
      cachedVersion = -1; // data_version is per connection
    }
    PreparedStatement ps = prepared.get(sql);
    if (ps == null || ps.isClosed()) {
      ps = physical.prepareStatement(sql);
      prepared.put(sql, ps);
    }
    return ps;
  }

  private void closePrepared() {
    for (PreparedStatement ps : prepared.values()) {
      try {
        ps.close();
      } catch (SQLException ignored) {
        // its connection is already gone
      }
    }
    prepared.clear();
  }

  @Override
  public boolean isRetryable(SQLException e) {
    // a constraint: a reused entry id, which the retry looks up and refuses to that caller alone
    int code = e.getErrorCode() & 0xff;
    return code == SQLITE_BUSY || code == SQLITE_CONSTRAINT;
  }
}
