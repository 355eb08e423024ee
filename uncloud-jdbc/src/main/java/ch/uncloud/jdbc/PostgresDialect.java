package ch.uncloud.jdbc;

import ch.uncloud.api.LedgerEntry;
import java.sql.Array;
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
 * PostgreSQL, possibly shared by several processes. Each batch step is one round trip: the reads
 * take arrays, the writes are JDBC batches. Balance rows are locked in sorted order with an
 * upsert, which also creates missing rows; a process that loses a race on a unique constraint
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
            reverses TEXT UNIQUE REFERENCES ledger_entry (id),
            balance_after_minor BIGINT NOT NULL,
            UNIQUE (service, idempotency_key))""",
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

  @Override
  public String displayName() {
    return "PostgreSQL";
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
  public Map<KeyRef, LedgerEntry> findByKeys(Connection connection, Collection<KeyRef> keys) throws SQLException {
    Map<KeyRef, LedgerEntry> found = new HashMap<>();
    if (keys.isEmpty()) {
      return found;
    }
    String[] services = keys.stream().map(KeyRef::service).toArray(String[]::new);
    String[] idempotencyKeys = keys.stream().map(KeyRef::key).toArray(String[]::new);
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT " + prefixed("e.") + " FROM ledger_entry e JOIN unnest(?::text[], ?::text[]) AS k (service, ikey) "
            + "ON e.service = k.service AND e.idempotency_key = k.ikey")) {
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
        "SELECT reverses FROM ledger_entry WHERE reverses = ANY (?)")) {
      ps.setArray(1, textArray(connection, ids.toArray(String[]::new)));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.add(rs.getString(1));
        }
      }
    }
    return found;
  }

  @Override
  public Map<BalanceKey, Long> lockBalances(Connection connection, List<BalanceKey> keys) throws SQLException {
    Map<BalanceKey, Long> found = new HashMap<>();
    if (keys.isEmpty()) {
      return found;
    }
    // the no-op update locks existing rows, the insert creates (and locks) missing ones; rows are
    // visited in the caller's sorted order so two processes always lock in the same order
    try (PreparedStatement ps = connection.prepareStatement(
        "INSERT INTO account_balance AS b (account, currency, balance_minor) "
            + "SELECT k.account, k.currency, 0 FROM unnest(?::text[], ?::text[]) WITH ORDINALITY "
            + "AS k (account, currency, n) ORDER BY k.n "
            + "ON CONFLICT (account, currency) DO UPDATE SET balance_minor = b.balance_minor "
            + "RETURNING b.account, b.currency, b.balance_minor")) {
      ps.setArray(1, textArray(connection, keys.stream().map(BalanceKey::account).toArray(String[]::new)));
      ps.setArray(2, textArray(connection, keys.stream().map(BalanceKey::currency).toArray(String[]::new)));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.put(new BalanceKey(rs.getString(1), rs.getString(2)), rs.getLong(3));
        }
      }
    }
    return found;
  }

  @Override
  public void insertEntries(Connection connection, List<LedgerEntry> entries) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(EntryRows.INSERT)) {
      for (LedgerEntry entry : entries) {
        EntryRows.bind(ps, entry);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  @Override
  public void writeBalances(Connection connection, Map<BalanceKey, Long> balances) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "UPDATE account_balance SET balance_minor = ? WHERE account = ? AND currency = ?")) {
      for (Map.Entry<BalanceKey, Long> balance : balances.entrySet()) {
        ps.setLong(1, balance.getValue());
        ps.setString(2, balance.getKey().account());
        ps.setString(3, balance.getKey().currency());
        ps.addBatch();
      }
      ps.executeBatch();
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
