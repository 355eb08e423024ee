package ch.uncloud.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;

/**
 * One balance row: an account in one currency. Sorted by account, then currency, which is the
 * order every writer locks rows in, so that two writers cannot deadlock each other.
 *
 * @param account the user name
 * @param currency the ISO 4217 code
 */
record BalanceKey(String account, String currency) implements Comparable<BalanceKey> {
  /** Sets rows to absolute balances, the same statement on SQLite and PostgreSQL. */
  static final String UPSERT = "INSERT INTO account_balance (account, currency, balance_minor) VALUES (?, ?, ?) "
      + "ON CONFLICT (account, currency) DO UPDATE SET balance_minor = excluded.balance_minor";

  /**
   * Runs {@link #UPSERT} for each balance, as one batch.
   *
   * @param upsert the prepared {@link #UPSERT}
   * @param balances the rows and their new balances in minor units
   * @throws SQLException on a store failure
   */
  static void upsert(PreparedStatement upsert, Map<BalanceKey, Long> balances) throws SQLException {
    for (Map.Entry<BalanceKey, Long> balance : balances.entrySet()) {
      upsert.setString(1, balance.getKey().account());
      upsert.setString(2, balance.getKey().currency());
      upsert.setLong(3, balance.getValue());
      upsert.addBatch();
    }
    upsert.executeBatch();
  }

  @Override
  public int compareTo(BalanceKey other) {
    int byAccount = account.compareTo(other.account);
    return byAccount != 0 ? byAccount : currency.compareTo(other.currency);
  }
}
