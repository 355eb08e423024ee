package ch.uncloud.jdbc;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.EntryId;
import ch.uncloud.api.credit.EntryKind;
import ch.uncloud.api.credit.LedgerEntry;
import ch.uncloud.api.credit.Pot;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Currency;

/**
 * Maps entries to and from rows. Amounts are stored exactly as signed integers of the currency's
 * minor unit (centimes for CHF); instants as nanoseconds since the epoch, so an entry reads back
 * exactly as it was written.
 */
final class EntryRows {
  /** The entry columns in the order {@link #read} and {@link #bind} use. */
  static final String COLUMNS = "id, kind, service, account, currency, amount_minor, comment, principal, "
      + "booked_at_ns, idempotency_key, reverses, balance_after_minor, pot, quota_minor, quota_after_minor";

  /** Insert statement for one entry, parameters in {@link #COLUMNS} order. */
  static final String INSERT = "INSERT INTO ledger_entry (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private EntryRows() {}

  /**
   * @param rs a row positioned on an entry selected with {@link #COLUMNS} first
   * @return the entry
   * @throws SQLException on a read failure
   */
  static LedgerEntry read(ResultSet rs) throws SQLException {
    Currency currency = Currency.getInstance(rs.getString(5));
    String key = rs.getString(10);
    String reverses = rs.getString(11);
    return new LedgerEntry(
        EntryId.of(rs.getString(1)),
        EntryKind.valueOf(rs.getString(2)),
        ServiceName.of(rs.getString(3)),
        Username.of(rs.getString(4)),
        money(rs.getLong(6), currency),
        rs.getString(7),
        rs.getString(8),
        instant(rs.getLong(9)),
        key == null ? null : IdempotencyKey.of(key),
        reverses == null ? null : EntryId.of(reverses),
        money(rs.getLong(12), currency),
        Pot.valueOf(rs.getString(13)),
        money(rs.getLong(14), currency),
        money(rs.getLong(15), currency));
  }

  /**
   * Binds an entry to {@link #INSERT}.
   *
   * @param ps the statement
   * @param e the entry
   * @throws SQLException on a bind failure
   */
  static void bind(PreparedStatement ps, LedgerEntry e) throws SQLException {
    bind(ps, 0, e);
  }

  /**
   * Binds an entry to {@link #INSERT}'s parameters where they follow {@code before} others.
   *
   * @param ps the statement
   * @param before the number of parameters in front of the entry's
   * @param e the entry
   * @throws SQLException on a bind failure
   */
  static void bind(PreparedStatement ps, int before, LedgerEntry e) throws SQLException {
    ps.setString(before + 1, e.id().value());
    ps.setString(before + 2, e.kind().name());
    ps.setString(before + 3, e.service().value());
    ps.setString(before + 4, e.account().value());
    ps.setString(before + 5, e.delta().currency().getCurrencyCode());
    ps.setLong(before + 6, minor(e.delta()));
    ps.setString(before + 7, e.comment());
    ps.setString(before + 8, e.principal());
    ps.setLong(before + 9, nanos(e.bookedAt()));
    ps.setString(before + 10, e.idempotencyKey() == null ? null : e.idempotencyKey().value());
    ps.setString(before + 11, e.reverses() == null ? null : e.reverses().value());
    ps.setLong(before + 12, minor(e.balanceAfter()));
    ps.setString(before + 13, e.pot().name());
    ps.setLong(before + 14, minor(e.quotaDelta()));
    ps.setLong(before + 15, minor(e.quotaAfter()));
  }

  /**
   * @param money an amount
   * @return it in minor units, exactly
   * @throws InvalidRequestException ({@code invalid_argument}) if it does not fit 64 bits of minor units
   */
  static long minor(Money money) {
    try {
      return money.amount().movePointRight(money.currency().getDefaultFractionDigits()).longValueExact();
    } catch (ArithmeticException e) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "amount " + money + " is too large for the ledger", e);
    }
  }

  /**
   * @param minor an amount in minor units
   * @param currency its currency
   * @return the amount
   */
  static Money money(long minor, Currency currency) {
    return Money.of(BigDecimal.valueOf(minor, currency.getDefaultFractionDigits()), currency);
  }

  /**
   * @param instant a time
   * @return nanoseconds since the epoch
   * @throws InvalidRequestException ({@code invalid_argument}) outside the years 1678 to 2261
   */
  static long nanos(Instant instant) {
    try {
      return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
    } catch (ArithmeticException e) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "time " + instant + " is outside the range the ledger stores "
          + "(years 1678 to 2261)", e);
    }
  }

  /**
   * A period's bound as stored: a bound beyond the range the ledger stores holds every entry on its
   * side, so it is clamped to the range's end instead of refused.
   *
   * @param instant a bound of a period
   * @return nanoseconds since the epoch, clamped to the range of a {@code long}
   */
  static long boundNanos(Instant instant) {
    if (instant.isBefore(instant(Long.MIN_VALUE))) {
      return Long.MIN_VALUE;
    }
    return instant.isAfter(instant(Long.MAX_VALUE)) ? Long.MAX_VALUE : nanos(instant);
  }

  /** @param nanos nanoseconds since the epoch @return the instant */
  static Instant instant(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
  }
}
