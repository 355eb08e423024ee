package ch.uncloud.jdbc;

import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.EntryId;
import ch.uncloud.api.credit.Hold;
import ch.uncloud.api.credit.HoldId;
import ch.uncloud.api.credit.HoldState;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;

/**
 * Holds ({@link Hold}) as two append-only tables: {@code ledger_hold}, one row per reservation, and
 * {@code ledger_hold_end}, at most one row per hold (its primary key) when a capture or release ends
 * it. Expiry writes nothing: a hold past its {@code expires_at_ns} simply no longer counts.
 */
final class HoldRows {
  /** The schema version that adds the tables. */
  static final int VERSION = 6;

  private static final String SELECT = "SELECT h.id, h.service, h.account, h.currency, h.amount_minor, h.comment, "
      + "h.principal, h.created_at_ns, h.expires_at_ns, h.idempotency_key, e.kind, e.ended_at_ns, e.entry_id "
      + "FROM ledger_hold h LEFT JOIN ledger_hold_end e ON e.hold_id = h.id ";
  private static final String HELD = "SELECT COALESCE(SUM(h.amount_minor), 0) FROM ledger_hold h "
      + "WHERE h.account = ? AND h.expires_at_ns > ? AND h.currency = ? "
      + "AND NOT EXISTS (SELECT 1 FROM ledger_hold_end e WHERE e.hold_id = h.id)";
  private static final String INSERT = "INSERT INTO ledger_hold (id, service, account, currency, amount_minor, "
      + "comment, principal, created_at_ns, expires_at_ns, idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String END = "INSERT INTO ledger_hold_end (hold_id, kind, ended_at_ns, entry_id) VALUES (?, ?, ?, ?)";

  private HoldRows() {}

  /**
   * @param dialect the store's dialect
   * @return the tables' migration
   */
  static List<Migration> migrations(Dialect dialect) {
    boolean postgres = dialect instanceof PostgresDialect;
    String big = postgres ? "BIGINT" : "INTEGER";
    String appendOnly = postgres
        ? "CREATE TRIGGER %1$s_append_only BEFORE UPDATE OR DELETE ON %1$s "
            + "FOR EACH ROW EXECUTE FUNCTION ledger_entry_append_only()"
        : "CREATE TRIGGER %1$s_append_only BEFORE UPDATE ON %1$s "
            + "BEGIN SELECT RAISE(ABORT, 'holds are append-only'); END";
    return List.of(new Migration(VERSION, "holds (reserve, then capture or release), append-only", List.of(
        "CREATE TABLE ledger_hold (\n"
            + "  id TEXT PRIMARY KEY,\n"
            + "  service TEXT NOT NULL,\n"
            + "  account TEXT NOT NULL,\n"
            + "  currency TEXT NOT NULL,\n"
            + "  amount_minor " + big + " NOT NULL CHECK (amount_minor > 0),\n"
            + "  comment TEXT NOT NULL,\n"
            + "  principal TEXT NOT NULL,\n"
            + "  created_at_ns " + big + " NOT NULL,\n"
            + "  expires_at_ns " + big + " NOT NULL,\n"
            + "  idempotency_key TEXT)",
        "CREATE UNIQUE INDEX ledger_hold_key ON ledger_hold (service, idempotency_key) WHERE idempotency_key IS NOT NULL",
        "CREATE INDEX ledger_hold_by_account ON ledger_hold (account, expires_at_ns)",
        "CREATE TABLE ledger_hold_end (\n"
            + "  hold_id TEXT PRIMARY KEY REFERENCES ledger_hold (id),\n"
            + "  kind TEXT NOT NULL CHECK (kind IN ('CAPTURED', 'RELEASED')),\n"
            + "  ended_at_ns " + big + " NOT NULL,\n"
            + "  entry_id TEXT REFERENCES ledger_entry (id))",
        String.format(appendOnly, "ledger_hold"),
        String.format(appendOnly, "ledger_hold_end"))));
  }

  static Optional<Hold> find(Statements sql, HoldId id) throws SQLException {
    return sql.with(SELECT + "WHERE h.id = ?", ps -> {
      ps.setString(1, id.value());
      return one(ps);
    });
  }

  static Optional<Hold> findByKey(Statements sql, ServiceName service, IdempotencyKey key) throws SQLException {
    return sql.with(SELECT + "WHERE h.service = ? AND h.idempotency_key = ? AND h.idempotency_key IS NOT NULL", ps -> {
      ps.setString(1, service.value());
      ps.setString(2, key.value());
      return one(ps);
    });
  }

  /** @return the sum of the account's holds open at {@code now}, in minor units */
  static long heldMinor(Statements sql, String account, String currency, Instant now) throws SQLException {
    return sql.with(HELD, ps -> {
      ps.setString(1, account);
      ps.setLong(2, EntryRows.nanos(now));
      ps.setString(3, currency);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  /** @return the account's holds open at {@code now}, oldest first (from the account index) */
  static List<Hold> open(Statements sql, String account, Instant now) throws SQLException {
    return sql.with(SELECT + "WHERE h.account = ? AND h.expires_at_ns > ? AND e.hold_id IS NULL "
        + "ORDER BY h.created_at_ns, h.id", ps -> {
          ps.setString(1, account);
          ps.setLong(2, EntryRows.nanos(now));
          List<Hold> holds = new ArrayList<>();
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              holds.add(hold(rs));
            }
          }
          return holds;
        });
  }

  /** @return the holds whose expiry is in [from, to) and that were never ended, by expiry */
  static List<Hold> expired(Statements sql, long fromNanos, long toNanos) throws SQLException {
    return sql.with(SELECT + "WHERE h.expires_at_ns >= ? AND h.expires_at_ns < ? AND e.hold_id IS NULL "
        + "ORDER BY h.expires_at_ns, h.id", ps -> {
          ps.setLong(1, fromNanos);
          ps.setLong(2, toNanos);
          List<Hold> holds = new ArrayList<>();
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              holds.add(hold(rs));
            }
          }
          return holds;
        });
  }

  static void insert(Statements sql, Hold h) throws SQLException {
    sql.with(INSERT, ps -> {
      ps.setString(1, h.id().value());
      ps.setString(2, h.service().value());
      ps.setString(3, h.account().value());
      ps.setString(4, h.amount().currency().getCurrencyCode());
      ps.setLong(5, EntryRows.minor(h.amount()));
      ps.setString(6, h.comment());
      ps.setString(7, h.principal());
      ps.setLong(8, EntryRows.nanos(h.createdAt()));
      ps.setLong(9, EntryRows.nanos(h.expiresAt()));
      ps.setString(10, h.idempotencyKey() == null ? null : h.idempotencyKey().value());
      return ps.executeUpdate();
    });
  }

  static void end(Statements sql, HoldId id, HoldState how, Instant at, EntryId entry) throws SQLException {
    sql.with(END, ps -> {
      ps.setString(1, id.value());
      ps.setString(2, how.name());
      ps.setLong(3, EntryRows.nanos(at));
      ps.setString(4, entry == null ? null : entry.value());
      return ps.executeUpdate();
    });
  }

  private static Optional<Hold> one(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(hold(rs)) : Optional.empty();
    }
  }

  private static Hold hold(ResultSet rs) throws SQLException {
    Currency currency = Currency.getInstance(rs.getString(4));
    String key = rs.getString(10);
    String ended = rs.getString(11);
    String entry = rs.getString(13);
    return new Hold(HoldId.of(rs.getString(1)), ServiceName.of(rs.getString(2)),
        Username.of(rs.getString(3)), EntryRows.money(rs.getLong(5), currency), rs.getString(6), rs.getString(7),
        EntryRows.instant(rs.getLong(8)), EntryRows.instant(rs.getLong(9)),
        key == null ? null : IdempotencyKey.of(key), ended == null ? null : HoldState.valueOf(ended),
        ended == null ? null : EntryRows.instant(rs.getLong(12)), entry == null ? null : EntryId.of(entry), false);
  }
}
