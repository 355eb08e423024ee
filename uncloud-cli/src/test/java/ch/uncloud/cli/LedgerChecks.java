package ch.uncloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the ledger's tables hold, read with plain SQL, and the invariants every ledger keeps. */
final class LedgerChecks {
  private LedgerChecks() {}

  /** @return each idempotency key of the service {@code 3dprint} with how many entries carry it */
  static Map<String, Integer> entriesPerKey(Connection c) throws SQLException {
    Map<String, Integer> counts = new HashMap<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT idempotency_key, COUNT(*) "
        + "FROM ledger_entry WHERE service = '3dprint' AND idempotency_key IS NOT NULL GROUP BY idempotency_key")) {
      while (rs.next()) {
        counts.put(rs.getString(1), rs.getInt(2));
      }
    }
    return counts;
  }

  /** @return each key's signed amount in cents (of its first entry, if there are several) */
  static Map<String, Long> amountPerKey(Connection c) throws SQLException {
    Map<String, Long> amounts = new HashMap<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT idempotency_key, amount_minor "
        + "FROM ledger_entry WHERE service = '3dprint' AND idempotency_key IS NOT NULL ORDER BY seq")) {
      while (rs.next()) {
        amounts.putIfAbsent(rs.getString(1), rs.getLong(2));
      }
    }
    return amounts;
  }

  /** @return each account's balance in cents as the sum of its entries */
  static Map<String, Long> balances(Connection c) throws SQLException {
    Map<String, Long> sums = new HashMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT account, SUM(amount_minor) FROM ledger_entry GROUP BY account")) {
      while (rs.next()) {
        sums.put(rs.getString(1), rs.getLong(2));
      }
    }
    return sums;
  }

  /**
   * The ledger's own invariants: each entry's balance after it is the running sum of its account's
   * entries in booking order, and each account's balance row equals the sum of its entries.
   *
   * <p>Once {@code uncloud verify} (the ledger verifier, issue 20) is merged, call it here as well:
   * it checks these and more, the way an operator runs it after a crash or a failover.
   */
  static void assertLedgerConsistent(Connection c) throws SQLException {
    List<String> problems = new ArrayList<>();
    Map<String, Long> running = new HashMap<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
        "SELECT id, account, currency, amount_minor, balance_after_minor FROM ledger_entry ORDER BY seq")) {
      while (rs.next()) {
        String account = rs.getString(2) + " " + rs.getString(3);
        long after = running.merge(account, rs.getLong(4), Long::sum);
        if (after != rs.getLong(5)) {
          problems.add("entry " + rs.getString(1) + " of " + account + " says " + rs.getLong(5) + " after it, the entries "
              + after);
        }
      }
    }
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT account, currency, balance_minor FROM account_balance")) {
      while (rs.next()) {
        String account = rs.getString(1) + " " + rs.getString(2);
        if (running.containsKey(account) && running.get(account) != rs.getLong(3)) {
          problems.add("balance row of " + account + " is " + rs.getLong(3) + ", its entries sum to " + running.get(account));
        }
      }
    }
    assertThat(problems).as("the ledger's invariants").isEmpty();
  }
}
