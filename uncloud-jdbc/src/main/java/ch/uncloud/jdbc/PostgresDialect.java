package ch.uncloud.jdbc;

import ch.uncloud.api.credit.LedgerEntry;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * PostgreSQL, possibly shared by several processes. Each batch step is one round trip: the reads
 * take arrays (and are skipped when a batch has no keys and no reversals), and one statement locks
 * the balance rows in a fixed order, adds to them and appends the entries; a process that loses a race on a unique constraint
 * (the same idempotency key or reversal booked elsewhere at the same moment), a deadlock or a
 * serialization failure retries its batch and then sees the winner's row.
 */
final class PostgresDialect implements Dialect {
  private static final long MIGRATION_LOCK = 0x756e636c6f7564L; // "uncloud"

  private static final List<Migration> MIGRATIONS = List.of(
      new Migration(1, "append-only ledger entries and account balances", List.of(
          """
          CREATE TABLE ledger_entry (
            seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL CHECK (kind IN ('CHARGE', 'DEPOSIT', 'REVERSAL')),
            service TEXT NOT NULL,
            account TEXT NOT NULL,
            currency TEXT NOT NULL,
            amount_minor BIGINT NOT NULL,
            comment TEXT NOT NULL,
            principal TEXT NOT NULL,
            booked_at_ns BIGINT NOT NULL,
            idempotency_key TEXT,
            reverses TEXT REFERENCES ledger_entry (id),
            balance_after_minor BIGINT NOT NULL)""",
          // partial: entries without a key or a reversed entry (most of them) leave these indexes alone
          "CREATE UNIQUE INDEX ledger_entry_key ON ledger_entry (service, idempotency_key) "
              + "WHERE idempotency_key IS NOT NULL",
          "CREATE UNIQUE INDEX ledger_entry_reverses ON ledger_entry (reverses) WHERE reverses IS NOT NULL",
          "CREATE INDEX ledger_entry_by_account ON ledger_entry (account, seq)",
          "CREATE INDEX ledger_entry_by_service_time ON ledger_entry (service, booked_at_ns)",
          """
          CREATE FUNCTION ledger_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN RAISE EXCEPTION 'ledger entries are append-only'; END $$""",
          """
          CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_entry
          FOR EACH ROW EXECUTE FUNCTION ledger_entry_append_only()""",
          """
          CREATE TABLE account_balance (
            account TEXT NOT NULL,
            currency TEXT NOT NULL,
            balance_minor BIGINT NOT NULL,
            PRIMARY KEY (account, currency))""")));

  /** One entry behind a {@code WITH} that sets its one or two balance rows, by the number of rows less one. */
  private static final String[] LONE_APPEND = {loneAppend(1), loneAppend(2)};

  private static String loneAppend(int rows) {
    return "WITH balance AS (" + BalanceKey.UPSERT.replace("VALUES (?, ?, ?)",
        "VALUES " + String.join(", ", java.util.Collections.nCopies(rows, "(?, ?, ?)"))) + ") " + EntryRows.INSERT;
  }

  @Override
  public String displayName() {
    return "PostgreSQL";
  }

  @Override
  public Map<String, String> durabilityQueries() {
    return Map.of("synchronous_commit", "SHOW synchronous_commit", "fsync", "SHOW fsync",
        "wal_sync_method", "SHOW wal_sync_method");
  }

  @Override
  public List<Migration> migrations() {
    return MIGRATIONS;
  }

  @Override
  public void lockForMigration(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
    }
  }

  @Override
  public void begin(Connection connection) throws SQLException {
    connection.setAutoCommit(false);
  }

  @Override
  public void commit(Connection connection) throws SQLException {
    connection.commit();
  }

  @Override
  public void rollbackQuietly(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // the connection is gone; the pool discards it and the server drops the transaction
    }
  }

  @Override
  public Map<KeyRef, LedgerEntry> findByKeys(Connection connection, Collection<KeyRef> keys) throws SQLException {
    Map<KeyRef, LedgerEntry> found = new HashMap<>();
    if (keys.isEmpty()) {
      return found;
    }
    String[] services = keys.stream().map(KeyRef::service).toArray(String[]::new);
    String[] idempotencyKeys = keys.stream().map(KeyRef::key).toArray(String[]::new);
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT " + prefixed("e.") + " FROM ledger_entry e JOIN unnest(?::text[], ?::text[]) AS k (service, ikey) "
            + "ON e.service = k.service AND e.idempotency_key = k.ikey WHERE e.idempotency_key IS NOT NULL")) {
      ps.setArray(1, textArray(connection, services));
      ps.setArray(2, textArray(connection, idempotencyKeys));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          LedgerEntry entry = EntryRows.read(rs);
          found.put(new KeyRef(entry.service().value(), entry.idempotencyKey().value()), entry);
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
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT " + EntryRows.COLUMNS + " FROM ledger_entry WHERE id = ANY (?)")) {
      ps.setArray(1, textArray(connection, ids.toArray(String[]::new)));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          LedgerEntry entry = EntryRows.read(rs);
          found.put(entry.id().value(), entry);
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
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT reverses FROM ledger_entry WHERE reverses = ANY (?) AND reverses IS NOT NULL")) {
      ps.setArray(1, textArray(connection, ids.toArray(String[]::new)));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.add(rs.getString(1));
        }
      }
    }
    return found;
  }

  /**
   * Creates missing balance rows, then locks and reads the rows in a fixed order; the batch's
   * {@link #appendComputed} then writes the same locked rows, so a floor checked against them holds.
   */
  @Override
  public Map<BalanceKey, Long> lockBalances(Connection connection, List<BalanceKey> keys) throws SQLException {
    Map<BalanceKey, Long> found = selectForUpdate(connection, keys);
    // rows that do not exist yet are created first (as zero), so that they can be locked: two more
    // statements, paid once per row
    List<BalanceKey> missing = keys.stream().filter(k -> !found.containsKey(k)).distinct().toList();
    if (missing.isEmpty()) {
      return found;
    }
    try (PreparedStatement ps = connection.prepareStatement("INSERT INTO account_balance (account, currency, balance_minor) "
        + "SELECT a, c, 0 FROM unnest(?::text[], ?::text[]) AS k (a, c) ORDER BY a COLLATE \"C\", c COLLATE \"C\" "
        + "ON CONFLICT (account, currency) DO NOTHING")) {
      ps.setArray(1, textArray(connection, missing.stream().map(BalanceKey::account).toArray(String[]::new)));
      ps.setArray(2, textArray(connection, missing.stream().map(BalanceKey::currency).toArray(String[]::new)));
      ps.executeUpdate();
    }
    found.putAll(selectForUpdate(connection, missing));
    return found;
  }

  /**
   * One round trip: the rows of {@code keys} that exist, each found through the primary key and
   * locked in the keys' order (sorted, the order every writer locks in). A join of the keys' array
   * with the table may be planned as a scan of the whole table, which grows with the accounts.
   */
  private static Map<BalanceKey, Long> selectForUpdate(Connection connection, List<BalanceKey> keys) throws SQLException {
    List<BalanceKey> sorted = new ArrayList<>(new TreeSet<>(keys));
    Map<BalanceKey, Long> found = new HashMap<>();
    try (PreparedStatement ps = connection.prepareStatement("SELECT k.a, k.c, l.balance_minor "
        + "FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS k (a, c, n) CROSS JOIN LATERAL ("
        + "SELECT b.balance_minor FROM account_balance b WHERE b.account = k.a AND b.currency = k.c FOR UPDATE) l "
        + "ORDER BY k.n")) {
      ps.setArray(1, textArray(connection, sorted.stream().map(BalanceKey::account).toArray(String[]::new)));
      ps.setArray(2, textArray(connection, sorted.stream().map(BalanceKey::currency).toArray(String[]::new)));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.put(new BalanceKey(rs.getString(1), rs.getString(2)), rs.getLong(3));
        }
      }
    }
    return found;
  }

  /**
   * Entries whose balances the writer computed from rows it locked: for one entry and at most two
   * rows (its balance and its quota pot, the lone caller's charge) a single plain statement, else
   * a batch of inserts then {@link #writeBalances}.
   */
  @Override
  public void appendComputed(Connection connection, List<LedgerEntry> entries, Map<BalanceKey, Long> balances)
      throws SQLException {
    if (entries.size() == 1 && !balances.isEmpty() && balances.size() <= 2) {
      try (PreparedStatement ps = connection.prepareStatement(LONE_APPEND[balances.size() - 1])) {
        int i = 0;
        for (Map.Entry<BalanceKey, Long> balance : new java.util.TreeMap<>(balances).entrySet()) {
          ps.setString(++i, balance.getKey().account());
          ps.setString(++i, balance.getKey().currency());
          ps.setLong(++i, balance.getValue());
        }
        EntryRows.bind(ps, i, entries.get(0));
        ps.executeUpdate();
      }
      return;
    }
    try (PreparedStatement ps = connection.prepareStatement(EntryRows.INSERT)) {
      for (LedgerEntry entry : entries) {
        EntryRows.bind(ps, entry);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    writeBalances(connection, balances);
  }

  /** Rows locked by {@link #lockBalances}, with the balances the writer computed. */
  @Override
  public void writeBalances(Connection connection, Map<BalanceKey, Long> balances) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(BalanceKey.UPSERT)) {
      BalanceKey.upsert(ps, balances);
    }
  }

  @Override
  public boolean isRetryable(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState();
        // serialization failure, deadlock, a unique constraint won by a concurrent transaction
        if ("40001".equals(state) || "40P01".equals(state) || "23505".equals(state)) {
          return true;
        }
        SQLException next = sql.getNextException();
        if (next != null && next != t && isRetryable(next)) {
          return true;
        }
      }
    }
    return false;
  }

  private static String prefixed(String alias) {
    return alias + EntryRows.COLUMNS.replace(", ", ", " + alias);
  }

  private static Array textArray(Connection connection, String[] values) throws SQLException {
    return connection.createArrayOf("text", values);
  }
}
