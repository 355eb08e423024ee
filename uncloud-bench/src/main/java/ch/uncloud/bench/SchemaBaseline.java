package ch.uncloud.bench;

import ch.uncloud.api.credit.EntryId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The naive baseline's transaction on the ledger's own tables: one connection per caller, one
 * transaction per charge that locks the account's balance row and quota pot row, inserts a full
 * ledger entry (the ledger's columns, its indexes, an id made as the ledger makes them) and writes
 * the balance, then commits. No credit service, no queue, no validation. Read against the naive
 * row it prices the ledger's schema; read against the uncloud row, what uncloud adds to a
 * hand-written transaction on that schema.
 */
final class SchemaBaseline implements AutoCloseable {
  private static final String CHF = "CHF";
  private static final String QUOTA = "CHF:quota";

  private final boolean postgres;
  private final List<Connection> connections = new ArrayList<>();
  private final List<Statements> statements = new ArrayList<>();

  private record Statements(PreparedStatement lock, PreparedStatement insert, PreparedStatement write) {}

  /**
   * @param url a database whose schema the ledger has migrated and that holds no ledger's entries
   * @param user the user, or null
   * @param password the password, or null
   * @param callers connections to open, one per caller
   * @param accounts the accounts to charge; their balance and quota rows are created at zero
   * @throws SQLException on a store failure
   */
  SchemaBaseline(String url, String user, String password, int callers, List<String> accounts) throws SQLException {
    this.postgres = url.startsWith("jdbc:postgresql:");
    for (int i = 0; i < callers; i++) {
      connections.add(NaiveLedger.open(url, user, password));
    }
    Connection first = connections.get(0);
    NaiveLedger.begin(first, postgres);
    try (PreparedStatement seed = first.prepareStatement("INSERT INTO account_balance (account, currency, balance_minor) "
        + "VALUES (?, ?, 0) ON CONFLICT (account, currency) DO NOTHING")) {
      for (String account : accounts) {
        for (String row : List.of(CHF, QUOTA)) {
          seed.setString(1, account);
          seed.setString(2, row);
          seed.addBatch();
        }
      }
      seed.executeBatch();
    }
    NaiveLedger.commit(first, postgres);
    for (Connection c : connections) {
      statements.add(new Statements(
          c.prepareStatement("SELECT currency, balance_minor FROM account_balance WHERE account = ? "
              + "AND currency IN ('" + CHF + "', '" + QUOTA + "') ORDER BY currency" + (postgres ? " FOR UPDATE" : "")),
          c.prepareStatement("INSERT INTO ledger_entry (id, kind, service, account, currency, amount_minor, comment, "
              + "principal, booked_at_ns, idempotency_key, reverses, balance_after_minor, pot, quota_minor, "
              + "quota_after_minor) VALUES (?, 'CHARGE', 'bench', ?, 'CHF', ?, 'bench charge', 'bench', ?, NULL, NULL, ?, "
              + "'SPLIT', 0, ?)"),
          c.prepareStatement("UPDATE account_balance SET balance_minor = ? WHERE account = ? AND currency = '" + CHF + "'")));
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
      NaiveLedger.begin(c, postgres);
      s.lock.setString(1, account);
      long balance = 0;
      long quota = 0;
      try (ResultSet rs = s.lock.executeQuery()) {
        while (rs.next()) {
          if (rs.getString(1).equals(CHF)) {
            balance = rs.getLong(2);
          } else {
            quota = rs.getLong(2);
          }
        }
      }
      long after = balance - amountMinor;
      s.insert.setString(1, EntryId.random().value());
      s.insert.setString(2, account);
      s.insert.setLong(3, -amountMinor);
      s.insert.setLong(4, System.currentTimeMillis() * 1_000_000L);
      s.insert.setLong(5, after);
      s.insert.setLong(6, quota);
      s.insert.executeUpdate();
      s.write.setLong(1, after);
      s.write.setString(2, account);
      s.write.executeUpdate();
      NaiveLedger.commit(c, postgres);
    } catch (SQLException e) {
      NaiveLedger.rollback(c, postgres);
      throw e;
    }
  }

  @Override
  public void close() throws SQLException {
    for (Connection c : connections) {
      c.close();
    }
  }
}
