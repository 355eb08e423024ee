package ch.uncloud.jdbc;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import ch.uncloud.api.Username;
import ch.uncloud.api.shop.Bill;
import ch.uncloud.api.shop.BillLine;
import ch.uncloud.api.shop.Order;
import ch.uncloud.api.shop.PaymentChoice;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maps shop orders, bills and bill lines to and from rows: amounts as exact integers of the
 * currency's minor unit, instants as nanoseconds since the epoch, parameters as a JSON object with
 * sorted keys, so everything reads back equal to what was written.
 */
final class ShopRows {
  /** The order columns in the order {@link #order} and {@link #bindOrder} use. */
  static final String ORDER_COLUMNS = "id, account, product, parameters, one_time_currency, one_time_minor, "
      + "monthly_currency, monthly_minor, payment, starts_at_ns, end_ns, minimum_end_ns, replaces, "
      + "idempotency_key, placed_at_ns";
  /** Inserts an order unless its id or its account's idempotency key is taken. */
  static final String INSERT_ORDER = "INSERT INTO shop_order (" + ORDER_COLUMNS
      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
  /** The bill columns in the order {@link #bill} uses (lines apart). */
  static final String BILL_COLUMNS = "account, month, status, currency, total_minor, payment, due_date, note, "
      + "card_attempts, created_at_ns";
  /** Inserts a bill unless the account has one for the month and payment choice. */
  static final String INSERT_BILL = "INSERT INTO shop_payment_bill (" + BILL_COLUMNS
      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
  /** The line columns in the order {@link #line} and {@link #bindLine} use, after account, month and payment. */
  static final String LINE_COLUMNS = "line_id, kind, description, order_id, from_ns, to_ns, currency, amount_minor";
  /** Inserts one line. */
  static final String INSERT_LINE = "INSERT INTO shop_payment_bill_line (account, month, payment, position, "
      + LINE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private ShopRows() {}

  /**
   * @param ps {@link #INSERT_ORDER}
   * @param o the order
   * @throws SQLException on a bind failure
   */
  static void bindOrder(PreparedStatement ps, Order o) throws SQLException {
    ps.setString(1, o.id());
    ps.setString(2, o.account().value());
    ps.setString(3, o.productCode());
    ps.setString(4, json(o.parameters()));
    ps.setString(5, o.oneTime().currency().getCurrencyCode());
    ps.setLong(6, minor(o.oneTime()));
    ps.setString(7, o.monthly().currency().getCurrencyCode());
    ps.setLong(8, minor(o.monthly()));
    ps.setString(9, o.payment().name());
    ps.setLong(10, nanos(o.startsAt()));
    setNanos(ps, 11, o.end());
    ps.setLong(12, nanos(o.minimumEnd()));
    ps.setString(13, o.replaces());
    ps.setString(14, o.idempotencyKey() == null ? null : o.idempotencyKey().value());
    ps.setLong(15, nanos(o.placedAt()));
  }

  /**
   * @param rs a row selected with {@link #ORDER_COLUMNS} first
   * @return the order
   * @throws SQLException on a read failure
   */
  static Order order(ResultSet rs) throws SQLException {
    long end = rs.getLong(11);
    Instant endsAt = rs.wasNull() ? null : instant(end);
    String key = rs.getString(14);
    return new Order(rs.getString(1), Username.of(rs.getString(2)), rs.getString(3), parameters(rs.getString(4)),
        money(rs.getLong(6), rs.getString(5)), money(rs.getLong(8), rs.getString(7)),
        PaymentChoice.valueOf(rs.getString(9)), instant(rs.getLong(10)), endsAt, instant(rs.getLong(12)),
        rs.getString(13), key == null ? null : IdempotencyKey.of(key), instant(rs.getLong(15)));
  }

  /**
   * @param ps {@link #INSERT_BILL}
   * @param b the bill
   * @throws SQLException on a bind failure
   */
  static void bindBill(PreparedStatement ps, Bill b) throws SQLException {
    ps.setString(1, b.account().value());
    ps.setString(2, b.month().toString());
    ps.setString(3, b.status().name());
    ps.setString(4, b.total().currency().getCurrencyCode());
    ps.setLong(5, minor(b.total()));
    ps.setString(6, b.payment().name());
    ps.setString(7, b.dueDate() == null ? null : b.dueDate().toString());
    ps.setString(8, b.note());
    ps.setInt(9, b.cardAttempts());
    ps.setLong(10, nanos(b.createdAt()));
  }

  /**
   * @param rs a row selected with {@link #BILL_COLUMNS} first
   * @param lines the bill's lines
   * @return the bill
   * @throws SQLException on a read failure
   */
  static Bill bill(ResultSet rs, List<BillLine> lines) throws SQLException {
    String due = rs.getString(7);
    return new Bill(Username.of(rs.getString(1)), YearMonth.parse(rs.getString(2)), Bill.Status.valueOf(rs.getString(3)),
        lines, money(rs.getLong(5), rs.getString(4)), PaymentChoice.valueOf(rs.getString(6)),
        due == null ? null : LocalDate.parse(due), rs.getString(8), rs.getInt(9), instant(rs.getLong(10)));
  }

  /**
   * @param ps {@link #INSERT_LINE}
   * @param b the bill the line belongs to
   * @param position the line's place in the bill, from 0
   * @param l the line
   * @throws SQLException on a bind failure
   */
  static void bindLine(PreparedStatement ps, Bill b, int position, BillLine l) throws SQLException {
    ps.setString(1, b.account().value());
    ps.setString(2, b.month().toString());
    ps.setString(3, b.payment().name());
    ps.setInt(4, position);
    ps.setString(5, l.lineId());
    ps.setString(6, l.kind().name());
    ps.setString(7, l.description());
    ps.setString(8, l.orderId());
    ps.setLong(9, nanos(l.from()));
    ps.setLong(10, nanos(l.to()));
    ps.setString(11, l.amount().currency().getCurrencyCode());
    ps.setLong(12, minor(l.amount()));
  }

  /**
   * @param rs a row selected with {@link #LINE_COLUMNS} starting at column {@code first}
   * @param first the column of {@code line_id}
   * @return the line
   * @throws SQLException on a read failure
   */
  static BillLine line(ResultSet rs, int first) throws SQLException {
    return new BillLine(rs.getString(first), BillLine.Kind.valueOf(rs.getString(first + 1)), rs.getString(first + 2),
        rs.getString(first + 3), instant(rs.getLong(first + 4)), instant(rs.getLong(first + 5)),
        money(rs.getLong(first + 7), rs.getString(first + 6)));
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
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "amount " + money + " is too large for the shop store", e);
    }
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
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "time " + instant + " is outside the range the shop store keeps "
          + "(years 1678 to 2261)", e);
    }
  }

  private static void setNanos(PreparedStatement ps, int index, Instant instant) throws SQLException {
    if (instant == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, nanos(instant));
    }
  }

  private static Instant instant(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
  }

  private static Money money(long minor, String currencyCode) {
    Currency currency = Currency.getInstance(currencyCode);
    return Money.of(BigDecimal.valueOf(minor, currency.getDefaultFractionDigits()), currency);
  }

  private static String json(Map<String, String> parameters) {
    JsonObjectBuilder builder = Json.createObjectBuilder();
    new TreeMap<>(parameters).forEach(builder::add);
    return builder.build().toString();
  }

  private static Map<String, String> parameters(String json) {
    try (JsonReader reader = Json.createReader(new StringReader(json))) {
      JsonObject object = reader.readObject();
      Map<String, String> result = new LinkedHashMap<>();
      for (Map.Entry<String, JsonValue> e : object.entrySet()) {
        result.put(e.getKey(), ((JsonString) e.getValue()).getString());
      }
      return result;
    }
  }
}
