package ch.uncloud.jdbc;

import ch.uncloud.api.credit.LedgerEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The statements whose best form differs between SQLite and PostgreSQL: the set-wise reads and
 * writes the group-commit writer issues once per batch, and the schema migrations.
 */
interface Dialect {

  /** @return a short name for messages, e.g. {@code SQLite} */
  String displayName();

  /** @return the settings that decide when a commit is durable, each read by one statement: name to query */
  Map<String, String> durabilityQueries();

  /**
   * Begins a write transaction. On SQLite this takes the database's write lock at once
   * ({@code BEGIN IMMEDIATE}); if that fails, no transaction is left open.
   *
   * @param connection a connection from the writer pool, in auto-commit mode
   * @throws SQLException on a store failure (on SQLite, busy: another process writes)
   */
  void begin(Connection connection) throws SQLException;

  /**
   * @param connection a connection with a transaction begun by {@link #begin}
   * @throws SQLException if the commit failed; whether it took effect is then unknown
   */
  void commit(Connection connection) throws SQLException;

  /**
   * Ends an open transaction without its changes; ignores failures (a broken connection is
   * discarded by the pool, and the store drops the transaction).
   *
   * @param connection a connection with a transaction begun by {@link #begin}
   */
  void rollbackQuietly(Connection connection);

  /**
   * A statement for {@code sql} that stays prepared across write transactions, for statements the
   * writer runs often (a hold's reserve and capture), or none where preparing is cheap.
   *
   * @param connection a connection in a write transaction of the writer (serialized with the others)
   * @param sql the statement
   * @return the kept statement, not to be closed by the caller; or {@code null}: prepare and close one
   * @throws SQLException on a store failure
   */
  default PreparedStatement keptStatement(Connection connection, String sql) throws SQLException {
    return null;
  }

  /** @return the ordered schema migrations of this store, version 1 first */
  List<Migration> migrations();

  /**
   * Serializes concurrent migrators (several JVMs starting at once) inside the current transaction.
   *
   * @param connection a connection in a transaction
   * @throws SQLException on a store failure
   */
  void lockForMigration(Connection connection) throws SQLException;

  /**
   * @param connection the batch's connection
   * @param keys service and idempotency key pairs
   * @return the stored entries for those keys that exist
   * @throws SQLException on a store failure
   */
  Map<KeyRef, LedgerEntry> findByKeys(Connection connection, Collection<KeyRef> keys) throws SQLException;

  /**
   * @param connection the batch's connection
   * @param ids entry ids
   * @return the stored entries among them, by id
   * @throws SQLException on a store failure
   */
  Map<String, LedgerEntry> findByIds(Connection connection, Collection<String> ids) throws SQLException;

  /**
   * @param connection the batch's connection
   * @param ids entry ids
   * @return those of them that a stored reversal already points at
   * @throws SQLException on a store failure
   */
  Set<String> findReversed(Connection connection, Collection<String> ids) throws SQLException;

  /**
   * Reads the balance rows of a batch's entries (each account's balance and quota pot) and keeps them
   * locked for the rest of the transaction; the writer computes the new balances from them and calls
   * {@link #appendComputed}.
   *
   * @param connection the batch's connection
   * @param keys the balance rows, sorted
   * @return the balance in minor units of each key (0 for a new account)
   * @throws SQLException on a store failure
   */
  Map<BalanceKey, Long> lockBalances(Connection connection, List<BalanceKey> keys) throws SQLException;

  /**
   * Appends entries whose balances the writer computed (used by the default {@link #appendComputed}).
   *
   * @param connection the batch's connection
   * @param entries the entries, in booking order
   * @throws SQLException on a store failure (including a unique constraint another process won)
   */
  default void insertEntries(Connection connection, List<LedgerEntry> entries) throws SQLException {
    throw new UnsupportedOperationException("this store appends in appendComputed");
  }

  /**
   * Writes new balances of locked rows (used by the default {@link #appendComputed}).
   *
   * @param connection the batch's connection
   * @param balances the new balance in minor units of every touched account
   * @throws SQLException on a store failure
   */
  default void writeBalances(Connection connection, Map<BalanceKey, Long> balances) throws SQLException {
    throw new UnsupportedOperationException("this store appends in appendComputed");
  }

  /**
   * Appends entries whose balances the writer computed from rows {@link #lockBalances} locked, and
   * writes those rows' new balances. Any store can; this default runs {@link #insertEntries} then
   * {@link #writeBalances}.
   *
   * @param connection the batch's connection
   * @param entries the entries, in booking order
   * @param balances the new balance in minor units of every touched row
   * @throws SQLException on a store failure (including a unique constraint another process won)
   */
  default void appendComputed(Connection connection, List<LedgerEntry> entries, Map<BalanceKey, Long> balances)
      throws SQLException {
    insertEntries(connection, entries);
    writeBalances(connection, balances);
  }

  /**
   * @param e a failure of a batch
   * @return whether the batch can simply be tried again (a lost race with another process)
   */
  boolean isRetryable(SQLException e);
}
