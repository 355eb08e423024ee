package ch.uncloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.jdbc.LedgerVerification;
import ch.uncloud.jdbc.LedgerVerifier;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
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
   * The ledger's invariants, checked by the verifier behind {@code uncloud verify} in this process (its
   * findings in the failure message).
   */
  static void assertLedgerConsistent(Connection c) throws SQLException {
    LedgerVerification verification = LedgerVerifier.verify(c);
    assertThat(verification.findings()).as("the verifier's findings: %s", verification.describe()).isEmpty();
  }

  /** Runs {@code uncloud verify --config} as an operator would, and expects a clean ledger. */
  static void assertVerifyCommandClean(Path work, Map<String, String> environment, Path config) throws Exception {
    LaunchedUncloud.Finished verified = LaunchedUncloud.run(work, environment, "verify", "--config", config.toString());
    assertThat(verified.status()).as("uncloud verify's exit status; stdout: %s stderr: %s", verified.out(),
        verified.err()).isZero();
    assertThat(verified.out()).contains(", clean");
  }
}
