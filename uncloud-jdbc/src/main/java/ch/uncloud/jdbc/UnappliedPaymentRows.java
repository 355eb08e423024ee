package ch.uncloud.jdbc;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.EntryId;
import ch.uncloud.api.payments.UnappliedPayment;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;

/**
 * Payments kept because their account is not in the directory ({@link UnappliedPayment}): a table of
 * the ledger's own, a schema step after the shop's bills, one row per payment id. A row is written
 * once and its application recorded once (a conditional update), so a redelivered event or a second
 * admin changes nothing.
 */
final class UnappliedPaymentRows {
  /** The schema version that adds the table. */
  static final int VERSION = 5;

  private static final String COLUMNS = "payment_id, account, currency, amount_minor, event_id, received_at_ns, "
      + "applied_to, applied_entry, applied_by, applied_at_ns";

  private UnappliedPaymentRows() {}

  /**
   * @param dialect the store's dialect
   * @return the table's migration
   */
  static List<Migration> migrations(Dialect dialect) {
    boolean postgres = dialect instanceof PostgresDialect;
    String seq = postgres ? "seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY" : "seq INTEGER PRIMARY KEY";
    String big = postgres ? "BIGINT" : "INTEGER";
    return List.of(new Migration(VERSION, "payments kept until an admin applies them to an account", List.of(
        "CREATE TABLE unapplied_payment (\n"
            + "  " + seq + ",\n"
            + "  payment_id TEXT NOT NULL UNIQUE,\n"
            + "  account TEXT NOT NULL,\n"
            + "  currency TEXT NOT NULL,\n"
            + "  amount_minor " + big + " NOT NULL,\n"
            + "  event_id TEXT NOT NULL,\n"
            + "  received_at_ns " + big + " NOT NULL,\n"
            + "  applied_to TEXT,\n"
            + "  applied_entry TEXT,\n"
            + "  applied_by TEXT,\n"
            + "  applied_at_ns " + big + ")")));
  }

  /** Inserts the payment unless its id is kept; answers the kept row. */
  static UnappliedPayment keep(Connection c, UnappliedPayment p) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO unapplied_payment (" + COLUMNS
        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
      ps.setString(1, p.paymentId());
      ps.setString(2, p.account().value());
      ps.setString(3, p.amount().currency().getCurrencyCode());
      ps.setLong(4, EntryRows.minor(p.amount()));
      ps.setString(5, p.eventId());
      ps.setLong(6, EntryRows.nanos(p.receivedAt()));
      ps.setString(7, p.isApplied() ? p.appliedTo().value() : null);
      ps.setString(8, p.isApplied() ? p.entry().value() : null);
      ps.setString(9, p.appliedBy());
      if (p.isApplied()) {
        ps.setLong(10, EntryRows.nanos(p.appliedAt()));
      } else {
        ps.setNull(10, Types.BIGINT);
      }
      ps.executeUpdate();
    }
    return find(c, p.paymentId()).orElseThrow();
  }

  /** Records the application unless one is recorded; answers the row as stored. */
  static UnappliedPayment markApplied(Connection c, String paymentId, Username account, EntryId entry, String by,
      Instant at) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE unapplied_payment SET applied_to = ?, applied_entry = ?, "
        + "applied_by = ?, applied_at_ns = ? WHERE payment_id = ? AND applied_to IS NULL")) {
      ps.setString(1, account.value());
      ps.setString(2, entry.value());
      ps.setString(3, by);
      ps.setLong(4, EntryRows.nanos(at));
      ps.setString(5, paymentId);
      ps.executeUpdate();
    }
    return find(c, paymentId).orElseThrow(() -> new NotFoundException(ErrorCodes.UNKNOWN_PAYMENT,
        "no unapplied payment " + paymentId + " is kept"));
  }

  /** @return every kept payment, in the order kept */
  static List<UnappliedPayment> all(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM unapplied_payment ORDER BY seq")) {
      return read(ps);
    }
  }

  private static Optional<UnappliedPayment> find(Connection c, String paymentId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM unapplied_payment WHERE payment_id = ?")) {
      ps.setString(1, paymentId);
      return read(ps).stream().findFirst();
    }
  }

  private static List<UnappliedPayment> read(PreparedStatement ps) throws SQLException {
    List<UnappliedPayment> result = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String appliedTo = rs.getString(7);
        long appliedAt = rs.getLong(10);
        result.add(new UnappliedPayment(rs.getString(1), Username.of(rs.getString(2)),
            EntryRows.money(rs.getLong(4), Currency.getInstance(rs.getString(3))), rs.getString(5),
            EntryRows.instant(rs.getLong(6)), appliedTo == null ? null : Username.of(appliedTo),
            appliedTo == null ? null : EntryId.of(rs.getString(8)), rs.getString(9),
            appliedTo == null ? null : EntryRows.instant(appliedAt)));
      }
    }
    return result;
  }
}
