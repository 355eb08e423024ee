package ch.uncloud.jdbc;

import static ch.uncloud.jdbc.LedgerFinding.Kind.BALANCE_NOT_SUM;
import static ch.uncloud.jdbc.LedgerFinding.Kind.DELIVERY_WITHOUT_EVENT;
import static ch.uncloud.jdbc.LedgerFinding.Kind.HOLD_CAPTURE_MISMATCH;
import static ch.uncloud.jdbc.LedgerFinding.Kind.HOLD_END_WITHOUT_HOLD;
import static ch.uncloud.jdbc.LedgerFinding.Kind.HOLD_KEY_TWICE;
import static ch.uncloud.jdbc.LedgerFinding.Kind.KEY_BOOKED_TWICE;
import static ch.uncloud.jdbc.LedgerFinding.Kind.QUOTA_NOT_SUM;
import static ch.uncloud.jdbc.LedgerFinding.Kind.QUOTA_PART_INVALID;
import static ch.uncloud.jdbc.LedgerFinding.Kind.REVERSAL_MISMATCH;
import static ch.uncloud.jdbc.LedgerFinding.Kind.REVERSAL_TARGET_MISSING;
import static ch.uncloud.jdbc.LedgerFinding.Kind.REVERSED_TWICE;
import static ch.uncloud.jdbc.LedgerFinding.Kind.RUNNING_BALANCE_BROKEN;
import static ch.uncloud.jdbc.LedgerFinding.Kind.RUNNING_QUOTA_BROKEN;
import static ch.uncloud.jdbc.LedgerFinding.Kind.SCHEMA_VERSION_MISSING;
import static ch.uncloud.jdbc.LedgerFinding.Kind.SCHEMA_VERSION_UNKNOWN;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.Secret;
import ch.uncloud.spi.ProviderConfig;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks the invariants of a ledger's database (SQLite or PostgreSQL) by reading its tables, in one
 * read-only snapshot, without changing anything:
 *
 * <ul>
 *   <li>the schema versions recorded are all known to this uncloud-jdbc and none is skipped;
 *   <li>every balance row equals the sum of its entries, and every quota pot the sum of their quota parts;
 *   <li>each entry's balance after it is the previous one's plus its amount (and so for the quota pot);
 *   <li>each entry's quota part is part of its amount;
 *   <li>every reversal points at an existing entry and undoes it exactly, and no entry is reversed twice;
 *   <li>no idempotency key of a service is on two entries, or on two holds;
 *   <li>every hold end belongs to a hold, and a captured hold's entry exists, on its account, within its amount;
 *   <li>every outbox delivery belongs to an event.
 * </ul>
 *
 * <p>The checks need no lock: a ledger may be verified while gateways book (the snapshot is what was
 * committed when it began). Thread-safe: it keeps no state.
 */
public final class LedgerVerifier {
  private static final String QUOTA_SUFFIX = ":quota";

  private LedgerVerifier() {}

  /**
   * Verifies the ledger the {@code uncloud.jdbc.*} keys point at, on a connection of its own.
   *
   * @param config a configuration with {@code uncloud.jdbc.url} and, for PostgreSQL, the user and password
   * @return what was checked and found
   * @throws ConfigurationException naming every bad {@code uncloud.jdbc.*} key
   * @throws ProviderUnavailableException if the database cannot be opened or read
   */
  public static LedgerVerification verify(ProviderConfig config) {
    JdbcConfig.validate(config);
    String url = config.require(JdbcLedgerProvider.URL);
    Properties properties = new Properties();
    config.get(JdbcLedgerProvider.USER).ifPresent(user -> properties.setProperty("user", user));
    config.secret(JdbcLedgerProvider.PASSWORD).map(Secret::reveal)
        .ifPresent(password -> properties.setProperty("password", password));
    try {
      SqliteFiles.requireExisting(url); // a mistyped path must not be created as an empty ledger
    } catch (SQLException e) {
      throw new ProviderUnavailableException("cannot verify the ledger at " + Connections.redact(url) + ": "
          + e.getMessage() + "; check uncloud.jdbc.url", e);
    }
    try (Connection connection = DriverManager.getConnection(url, properties)) {
      return verify(connection);
    } catch (SQLException e) {
      throw new ProviderUnavailableException("cannot verify the ledger at " + Connections.redact(url) + ": "
          + Connections.rootMessage(e) + "; check uncloud.jdbc.url and that the database is reachable", e);
    }
  }

  /**
   * Verifies the ledger in the database behind {@code connection}, in one read-only transaction that it
   * rolls back at the end; the connection's auto-commit, read-only and isolation settings are restored.
   *
   * @param connection an open connection to a SQLite or PostgreSQL ledger database
   * @return what was checked and found
   * @throws SQLException if the database cannot be read
   * @throws ConfigurationException if the database is neither SQLite nor PostgreSQL
   */
  public static LedgerVerification verify(Connection connection) throws SQLException {
    String product = connection.getMetaData().getDatabaseProductName();
    boolean postgres = "PostgreSQL".equalsIgnoreCase(product);
    if (!postgres && !"SQLite".equalsIgnoreCase(product)) {
      throw new ConfigurationException("cannot verify a ledger in " + product + "; uncloud stores ledgers in "
          + "SQLite or PostgreSQL only");
    }
    boolean autoCommit = connection.getAutoCommit();
    boolean readOnly = connection.isReadOnly();
    int isolation = connection.getTransactionIsolation();
    try {
      if (postgres) {
        connection.setReadOnly(true);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      }
      connection.setAutoCommit(false);
      try {
        return new Run(connection, postgres ? new PostgresDialect() : new SqliteDialect()).run();
      } finally {
        connection.rollback();
      }
    } finally {
      connection.setAutoCommit(autoCommit);
      if (postgres) {
        connection.setReadOnly(readOnly);
        connection.setTransactionIsolation(isolation);
      }
    }
  }

  /** One verification's state: the findings so far and the sums of the entries. */
  private static final class Run {
    private final Connection connection;
    private final Dialect dialect;
    private final boolean postgres;
    private final List<LedgerFinding> findings = new ArrayList<>();
    /** Per balance row: the sum of its entries' amounts and of their quota parts. */
    private final Map<BalanceKey, long[]> sums = new HashMap<>();
    private long entries;
    private long balanceRows;

    Run(Connection connection, Dialect dialect) {
      this.connection = connection;
      this.dialect = dialect;
      this.postgres = dialect instanceof PostgresDialect;
    }

    LedgerVerification run() throws SQLException {
      int version = schema();
      if (version >= 1) {
        boolean quota = version >= QuotaPots.VERSION;
        entries(quota);
        balances();
        reversals(quota);
        duplicateKeys("ledger_entry", KEY_BOOKED_TWICE, "entries");
        if (version >= HoldRows.VERSION) {
          holds();
          duplicateKeys("ledger_hold", HOLD_KEY_TWICE, "holds");
        }
        if (version >= OutboxRows.VERSION) {
          deliveries();
        }
      }
      return new LedgerVerification(dialect.displayName(), version, entries, balanceRows, findings);
    }

    /** @return the newest recorded version, or 0 (with a finding) if there is no version table */
    private int schema() throws SQLException {
      if (!tableExists("uncloud_schema_version")) {
        findings.add(new LedgerFinding(SCHEMA_VERSION_UNKNOWN, null, null, null,
            "no uncloud_schema_version table: this is not an uncloud ledger, or it was never opened by uncloud"));
        return 0;
      }
      Set<Integer> known = new TreeSet<>();
      new SchemaMigrator(dialect).migrations().forEach(m -> known.add(m.version()));
      Set<Integer> recorded = new TreeSet<>();
      try (Statement st = connection.createStatement();
          ResultSet rs = st.executeQuery("SELECT version FROM uncloud_schema_version ORDER BY version")) {
        while (rs.next()) {
          recorded.add(rs.getInt(1));
        }
      }
      int newest = recorded.stream().mapToInt(Integer::intValue).max().orElse(0);
      for (int v : recorded) {
        if (!known.contains(v)) {
          findings.add(new LedgerFinding(SCHEMA_VERSION_UNKNOWN, null, null, null, "schema version " + v
              + " is recorded, but this uncloud-jdbc knows versions " + known + " only; verify with the uncloud "
              + "that wrote it"));
        }
      }
      for (int v : known) {
        if (v < newest && !recorded.contains(v)) {
          findings.add(new LedgerFinding(SCHEMA_VERSION_MISSING, null, null, null, "schema version " + v
              + " is not recorded, though version " + newest + " is"));
        }
      }
      // the checks read the tables of the versions both sides know
      return recorded.contains(1) ? Math.min(newest, known.stream().mapToInt(Integer::intValue).max().orElse(0)) : 0;
    }

    /** Walks every entry by balance row in booking order: running balances, quota parts, and the sums. */
    private void entries(boolean quota) throws SQLException {
      String quotaColumns = quota ? "quota_minor, quota_after_minor" : "0, 0";
      String sql = "SELECT account, currency, id, amount_minor, balance_after_minor, " + quotaColumns
          + " FROM ledger_entry ORDER BY account, currency, seq";
      try (Statement st = connection.createStatement()) {
        st.setFetchSize(1000); // PostgreSQL streams with a cursor inside the transaction
        try (ResultSet rs = st.executeQuery(sql)) {
          BalanceKey row = null;
          long balance = 0;
          long pot = 0;
          long[] sum = null;
          while (rs.next()) {
            entries++;
            BalanceKey key = new BalanceKey(rs.getString(1), rs.getString(2));
            if (!key.equals(row)) {
              row = key;
              balance = 0;
              pot = 0;
              sum = sums.computeIfAbsent(key, k -> new long[2]);
            }
            String id = rs.getString(3);
            long amount = rs.getLong(4);
            long balanceAfter = rs.getLong(5);
            long quotaPart = rs.getLong(6);
            long quotaAfter = rs.getLong(7);
            sum[0] += amount;
            sum[1] += quotaPart;
            if (balanceAfter != balance + amount) {
              findings.add(new LedgerFinding(RUNNING_BALANCE_BROKEN, key.account(), key.currency(), id,
                  "balance after is " + money(balanceAfter, key.currency()) + ", but the balance before ("
                      + money(balance, key.currency()) + ") plus the amount (" + money(amount, key.currency())
                      + ") is " + money(balance + amount, key.currency())));
            }
            balance = balanceAfter;
            if (quotaPart != 0 && (Long.signum(quotaPart) != Long.signum(amount) || Math.abs(quotaPart) > Math.abs(amount))) {
              findings.add(new LedgerFinding(QUOTA_PART_INVALID, key.account(), key.currency(), id, "quota part "
                  + money(quotaPart, key.currency()) + " is not part of the amount " + money(amount, key.currency())));
            }
            pot += quotaPart;
            if (quota) {
              if (quotaAfter != pot) {
                findings.add(new LedgerFinding(RUNNING_QUOTA_BROKEN, key.account(), key.currency(), id,
                    "quota pot after is " + money(quotaAfter, key.currency()) + ", but the quota parts up to it add up to "
                        + money(pot, key.currency())));
              }
              pot = quotaAfter;
            }
          }
        }
      }
    }

    /** Compares every balance row (and quota pot row) with the sums of its entries, and finds sums without a row. */
    private void balances() throws SQLException {
      Set<BalanceKey> seenBalances = new HashSet<>();
      Set<BalanceKey> seenPots = new HashSet<>();
      try (Statement st = connection.createStatement();
          ResultSet rs = st.executeQuery("SELECT account, currency, balance_minor FROM account_balance")) {
        while (rs.next()) {
          balanceRows++;
          String account = rs.getString(1);
          String currency = rs.getString(2);
          long stored = rs.getLong(3);
          boolean pot = currency.endsWith(QUOTA_SUFFIX);
          BalanceKey key = new BalanceKey(account, pot ? currency.substring(0, currency.length() - QUOTA_SUFFIX.length()) : currency);
          long[] sum = sums.getOrDefault(key, new long[2]);
          long expected = pot ? sum[1] : sum[0];
          (pot ? seenPots : seenBalances).add(key);
          if (stored != expected) {
            findings.add(new LedgerFinding(pot ? QUOTA_NOT_SUM : BALANCE_NOT_SUM, key.account(), key.currency(), null,
                (pot ? "quota pot is " : "balance is ") + money(stored, key.currency()) + ", but its entries"
                    + (pot ? "' quota parts" : "") + " add up to " + money(expected, key.currency())));
          }
        }
      }
      for (Map.Entry<BalanceKey, long[]> sum : sums.entrySet()) {
        BalanceKey key = sum.getKey();
        if (!seenBalances.contains(key) && sum.getValue()[0] != 0) {
          findings.add(new LedgerFinding(BALANCE_NOT_SUM, key.account(), key.currency(), null,
              "no balance row, but its entries add up to " + money(sum.getValue()[0], key.currency())));
        }
        if (!seenPots.contains(key) && sum.getValue()[1] != 0) {
          findings.add(new LedgerFinding(QUOTA_NOT_SUM, key.account(), key.currency(), null,
              "no quota pot row, but its entries' quota parts add up to " + money(sum.getValue()[1], key.currency())));
        }
      }
    }

    private void reversals(boolean quota) throws SQLException {
      query("SELECT r.id, r.account, r.currency, r.reverses FROM ledger_entry r "
          + "LEFT JOIN ledger_entry o ON o.id = r.reverses WHERE r.reverses IS NOT NULL AND o.id IS NULL ORDER BY r.seq",
          rs -> findings.add(new LedgerFinding(REVERSAL_TARGET_MISSING, rs.getString(2), rs.getString(3), rs.getString(1),
              "reverses entry " + rs.getString(4) + ", which does not exist")));
      String quotaColumns = quota ? "r.quota_minor, o.quota_minor" : "0, 0";
      query("SELECT r.id, r.account, r.currency, r.kind, r.amount_minor, o.id, o.account, o.currency, o.amount_minor, "
          + quotaColumns + " FROM ledger_entry r JOIN ledger_entry o ON o.id = r.reverses ORDER BY r.seq", rs -> {
            String currency = rs.getString(3);
            List<String> wrong = new ArrayList<>();
            if (!"REVERSAL".equals(rs.getString(4))) {
              wrong.add("it is a " + rs.getString(4) + ", not a REVERSAL");
            }
            if (!rs.getString(2).equals(rs.getString(7))) {
              wrong.add("the original is on account " + rs.getString(7));
            }
            if (!currency.equals(rs.getString(8))) {
              wrong.add("the original is in " + rs.getString(8));
            }
            if (rs.getLong(5) != -rs.getLong(9)) {
              wrong.add("its amount " + money(rs.getLong(5), currency) + " does not undo the original's "
                  + money(rs.getLong(9), currency));
            }
            if (rs.getLong(10) != -rs.getLong(11)) {
              wrong.add("its quota part " + money(rs.getLong(10), currency) + " does not undo the original's "
                  + money(rs.getLong(11), currency));
            }
            if (!wrong.isEmpty()) {
              findings.add(new LedgerFinding(REVERSAL_MISMATCH, rs.getString(2), currency, rs.getString(1),
                  "reverses entry " + rs.getString(6) + ", but " + String.join("; ", wrong)));
            }
          });
      query("SELECT reverses, COUNT(*) FROM ledger_entry WHERE reverses IS NOT NULL GROUP BY reverses "
          + "HAVING COUNT(*) > 1 ORDER BY reverses", rs -> findings.add(new LedgerFinding(REVERSED_TWICE, null, null,
              rs.getString(1), "entry " + rs.getString(1) + " is reversed by " + rs.getLong(2) + " entries")));
    }

    /** One finding per extra row of a (service, key) pair: the rows after the first by id order. */
    private void duplicateKeys(String table, LedgerFinding.Kind kind, String what) throws SQLException {
      query("SELECT t.service, t.idempotency_key, t.id, t.account, t.currency FROM " + table + " t JOIN ("
          + "SELECT service, idempotency_key FROM " + table + " WHERE idempotency_key IS NOT NULL "
          + "GROUP BY service, idempotency_key HAVING COUNT(*) > 1) d "
          + "ON d.service = t.service AND d.idempotency_key = t.idempotency_key ORDER BY t.service, t.idempotency_key, "
          + (table.equals("ledger_entry") ? "t.seq" : "t.created_at_ns, t.id"), new RowHandler() {
            private String previousService;
            private String previousKey;
            private String firstId;

            @Override
            public void row(ResultSet rs) throws SQLException {
              String service = rs.getString(1);
              String key = rs.getString(2);
              if (service.equals(previousService) && key.equals(previousKey)) {
                findings.add(new LedgerFinding(kind, rs.getString(4), rs.getString(5), rs.getString(3),
                    "service " + service + " has idempotency key '" + key + "' on two " + what + ": " + firstId
                        + " and " + rs.getString(3)));
              } else {
                previousService = service;
                previousKey = key;
                firstId = rs.getString(3);
              }
            }
          });
    }

    private void holds() throws SQLException {
      query("SELECT e.hold_id, e.kind FROM ledger_hold_end e LEFT JOIN ledger_hold h ON h.id = e.hold_id "
          + "WHERE h.id IS NULL ORDER BY e.hold_id", rs -> findings.add(new LedgerFinding(HOLD_END_WITHOUT_HOLD, null,
              null, rs.getString(1), "an end (" + rs.getString(2) + ") of hold " + rs.getString(1)
                  + ", which does not exist")));
      query("SELECT h.id, h.account, h.currency, h.amount_minor, e.entry_id, x.id, x.account, x.currency, x.amount_minor "
          + "FROM ledger_hold_end e JOIN ledger_hold h ON h.id = e.hold_id LEFT JOIN ledger_entry x ON x.id = e.entry_id "
          + "WHERE e.kind = 'CAPTURED' AND e.entry_id IS NOT NULL ORDER BY h.id", rs -> {
            String currency = rs.getString(3);
            String problem = null;
            if (rs.getString(6) == null) {
              problem = "its capture names entry " + rs.getString(5) + ", which does not exist";
            } else if (!rs.getString(2).equals(rs.getString(7)) || !currency.equals(rs.getString(8))) {
              problem = "its capture, entry " + rs.getString(6) + ", is on account " + rs.getString(7) + " in "
                  + rs.getString(8);
            } else if (-rs.getLong(9) > rs.getLong(4) || rs.getLong(9) > 0) {
              problem = "its capture, entry " + rs.getString(6) + ", books " + money(rs.getLong(9), currency)
                  + ", more than the held " + money(rs.getLong(4), currency);
            }
            if (problem != null) {
              findings.add(new LedgerFinding(HOLD_CAPTURE_MISMATCH, rs.getString(2), currency, rs.getString(1), problem));
            }
          });
    }

    private void deliveries() throws SQLException {
      query("SELECT d.sink, d.seq, d.account FROM event_delivery d LEFT JOIN event_outbox o ON o.seq = d.seq "
          + "WHERE o.seq IS NULL ORDER BY d.sink, d.seq", rs -> findings.add(new LedgerFinding(DELIVERY_WITHOUT_EVENT,
              rs.getString(3), null, String.valueOf(rs.getLong(2)), "a delivery to " + rs.getString(1)
                  + " of outbox event number " + rs.getLong(2) + ", which does not exist")));
    }

    private boolean tableExists(String table) throws SQLException {
      String sql = postgres ? "SELECT to_regclass(?) IS NOT NULL"
          : "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?)";
      try (PreparedStatement ps = connection.prepareStatement(sql)) {
        ps.setString(1, table);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() && rs.getBoolean(1);
        }
      }
    }

    private void query(String sql, RowHandler handler) throws SQLException {
      try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
        while (rs.next()) {
          handler.row(rs);
        }
      }
    }
  }

  @FunctionalInterface
  private interface RowHandler {
    void row(ResultSet rs) throws SQLException;
  }

  /** Minor units as an amount with its currency; a code that is no currency (a damaged row) shows the units. */
  private static String money(long minor, String currency) {
    try {
      int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
      return BigDecimal.valueOf(minor, digits).toPlainString() + " " + currency;
    } catch (IllegalArgumentException e) {
      return minor + " minor units of " + currency;
    }
  }
}
