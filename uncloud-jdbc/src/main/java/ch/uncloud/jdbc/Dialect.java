package ch.uncloud.jdbc;

import ch.uncloud.api.LedgerEntry;
import java.sql.Connection;
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
   * Reads the balances of the given accounts for the rest of the transaction: on a store shared by
   * several processes the rows are locked (and created when missing), in sorted order.
   *
   * @param connection the batch's connection
   * @param keys the balance rows, sorted
   * @return the balance in minor units of each key (0 for a new account)
   * @throws SQLException on a store failure
   */
  Map<BalanceKey, Long> lockBalances(Connection connection, List<BalanceKey> keys) throws SQLException;

  /**
   * Appends entries.
   *
   * @param connection the batch's connection
   * @param entries the entries, in booking order
   * @throws SQLException on a store failure (including a unique constraint another process won)
   */
  void insertEntries(Connection connection, List<LedgerEntry> entries) throws SQLException;

  /**
   * Writes new balances.
   *
   * @param connection the batch's connection
   * @param balances the new balance in minor units of every touched account
   * @throws SQLException on a store failure
   */
  void writeBalances(Connection connection, Map<BalanceKey, Long> balances) throws SQLException;

  /**
   * @param e a failure of a batch
   * @return whether the batch can simply be tried again (a lost race with another process)
   */
  boolean isRetryable(SQLException e);
}
