package ch.uncloud.jdbc;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.ConflictException;
import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.Username;
import ch.uncloud.api.shop.Bill;
import ch.uncloud.api.shop.BillLine;
import ch.uncloud.api.shop.Order;
import ch.uncloud.api.shop.PaymentChoice;
import ch.uncloud.spi.BillEvents;
import ch.uncloud.spi.EventOutbox;
import ch.uncloud.spi.ShopStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The durable {@link ShopStore} on SQLite or PostgreSQL, in the same database as the
 * {@link JdbcLedger} (the schema is one, migrated by whichever opens first).
 *
 * <p>Orders are rows whose only changing column is the end, set once (an earlier end wins, in one
 * conditional update); the idempotency key is unique per account. A replacement ends the old order
 * and stores the new one in one transaction. A final bill is one row per account, month and payment choice with its
 * lines in a child table that triggers keep append-only; only its payment state changes. Given the
 * ledger's outbox on the same database ({@link #announceBills}), it writes a bill's events in the
 * transaction that stores the bill or records its payment.
 *
 * <p>Thread-safe. Writes on SQLite are serialized in this process (the file has one write lock;
 * other processes wait for it up to the busy timeout). Close it to release the connections.
 */
public final class JdbcShopStore implements ShopStore {
  private static final String SELECT_ORDER = "SELECT " + ShopRows.ORDER_COLUMNS + " FROM shop_order ";
  private static final String SELECT_BILL = "SELECT " + ShopRows.BILL_COLUMNS + " FROM shop_payment_bill ";
  private static final String SELECT_LINES = "SELECT account, month, payment, " + ShopRows.LINE_COLUMNS
      + " FROM shop_payment_bill_line ";
  private static final String ONE_BILL = "WHERE account = ? AND month = ? AND payment = ?";

  private final StoreAccess access;
  private volatile BillEvents billEvents;

  private JdbcShopStore(StoreAccess access) {
    this.access = access;
  }

  /**
   * Opens (and creates if needed) the shop tables in an SQLite file, with the default settings.
   *
   * @param file the database file (the ledger's); its directory must exist
   * @return the store
   * @throws ProviderUnavailableException if the file cannot be opened
   * @throws ConfigurationException if its schema is newer than this code understands
   */
  public static JdbcShopStore sqlite(Path file) {
    return builder().url("jdbc:sqlite:" + file.toAbsolutePath()).build();
  }

  /**
   * Connects to the shop tables in a PostgreSQL database, with the default settings.
   *
   * @param url e.g. {@code jdbc:postgresql://db.example.org:5432/uncloud}
   * @param user the database user
   * @param password the user's password
   * @return the store
   * @throws ProviderUnavailableException if the database cannot be reached
   * @throws ConfigurationException if its schema is newer than this code understands
   */
  public static JdbcShopStore postgres(String url, String user, Secret password) {
    return builder().url(url).user(user).password(password).build();
  }

  /** @return a builder for non-default settings */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Order insert(Order order) {
    Objects.requireNonNull(order, "order");
    ShopRows.nanos(order.startsAt());
    try {
      return write("store an order", c -> {
        Optional<Order> replay = byKey(c, order);
        if (replay.isPresent()) {
          return replay.get();
        }
        if (!insertRow(c, order)) {
          throw new LostRace();
        }
        return order;
      });
    } catch (LostRace e) {
      return afterLostRace(order);
    }
  }

  @Override
  public Order replace(String replacedId, Instant replacedEnd, Order replacement) {
    Objects.requireNonNull(replacedId, "replacedId");
    Objects.requireNonNull(replacedEnd, "replacedEnd");
    Objects.requireNonNull(replacement, "replacement");
    long endNanos = ShopRows.nanos(replacedEnd);
    try {
      return write("replace an order", c -> {
        Optional<Order> replay = byKey(c, replacement);
        if (replay.isPresent()) {
          return replay.get();
        }
        endRow(c, replacedId, endNanos);
        if (!insertRow(c, replacement)) {
          throw new LostRace(); // rolls the end back too
        }
        return replacement;
      });
    } catch (LostRace e) {
      return afterLostRace(replacement);
    }
  }

  @Override
  public Order end(String orderId, Instant end) {
    Objects.requireNonNull(orderId, "orderId");
    long endNanos = ShopRows.nanos(Objects.requireNonNull(end, "end"));
    return write("end an order", c -> endRow(c, orderId, endNanos));
  }

  @Override
  public Optional<Order> order(String orderId) {
    Objects.requireNonNull(orderId, "orderId");
    return read("find an order", c -> byId(c, orderId));
  }

  @Override
  public List<Order> orders(Username account) {
    Objects.requireNonNull(account, "account");
    return read("list an account's orders", c -> {
      try (PreparedStatement ps = c.prepareStatement(SELECT_ORDER + "WHERE account = ? ORDER BY seq")) {
        ps.setString(1, account.value());
        return orders(ps);
      }
    });
  }

  @Override
  public List<Order> ordersOverlapping(Instant from, Instant to) {
    long fromNanos = ShopRows.nanos(Objects.requireNonNull(from, "from"));
    long toNanos = ShopRows.nanos(Objects.requireNonNull(to, "to"));
    return read("list the orders of a period", c -> {
      try (PreparedStatement ps = c.prepareStatement(SELECT_ORDER
          + "WHERE starts_at_ns < ? AND (end_ns IS NULL OR end_ns > ?) ORDER BY seq")) {
        ps.setLong(1, toNanos);
        ps.setLong(2, fromNanos);
        return orders(ps);
      }
    });
  }

  @Override
  public Bill saveBill(Bill bill) {
    Objects.requireNonNull(bill, "bill");
    return write("store a bill", c -> {
      try (PreparedStatement ps = c.prepareStatement(ShopRows.INSERT_BILL)) {
        ShopRows.bindBill(ps, bill);
        if (ps.executeUpdate() == 0) {
          return bills(c, ONE_BILL, bill.account(), bill.month(), bill.payment()).get(0);
        }
      }
      announce(c, bill);
      if (!bill.lines().isEmpty()) {
        try (PreparedStatement ps = c.prepareStatement(ShopRows.INSERT_LINE)) {
          for (int i = 0; i < bill.lines().size(); i++) {
            ShopRows.bindLine(ps, bill, i, bill.lines().get(i));
            ps.addBatch();
          }
          ps.executeBatch();
        }
      }
      return bill;
    });
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException if no final bill of that account and month is stored
   */
  @Override
  public Bill updatePayment(Bill bill) {
    Objects.requireNonNull(bill, "bill");
    return write("record a bill's payment", c -> {
      announce(c, bill); // first: a failing update below rolls the events back with it
      try (PreparedStatement ps = c.prepareStatement("UPDATE shop_payment_bill SET status = ?, due_date = ?, note = ?, "
          + "card_attempts = ? WHERE account = ? AND month = ? AND payment = ?")) {
        ps.setString(1, bill.status().name());
        ps.setString(2, bill.dueDate() == null ? null : bill.dueDate().toString());
        ps.setString(3, bill.note());
        ps.setInt(4, bill.cardAttempts());
        ps.setString(5, bill.account().value());
        ps.setString(6, bill.month().toString());
        ps.setString(7, bill.payment().name());
        if (ps.executeUpdate() == 0) {
          throw new IllegalStateException("no final bill for " + bill.account() + " in " + bill.month() + " paid by "
              + bill.payment() + "; save the bill before recording its payment");
        }
      }
      return bills(c, ONE_BILL, bill.account(), bill.month(), bill.payment()).get(0);
    });
  }

  @Override
  public Optional<Bill> bill(Username account, YearMonth month, PaymentChoice payment) {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(month, "month");
    Objects.requireNonNull(payment, "payment");
    return read("find a bill", c -> bills(c, ONE_BILL, account, month, payment).stream().findFirst());
  }

  @Override
  public List<Bill> bills(Username account) {
    Objects.requireNonNull(account, "account");
    return read("list an account's bills", c -> bills(c, "WHERE account = ?", account, null, null));
  }

  /**
   * {@inheritDoc}
   *
   * <p>It does when the outbox is a {@link JdbcLedger}'s on the same database (same URL and user).
   */
  @Override
  public boolean announceBills(EventOutbox outbox, BillEvents rule) {
    Objects.requireNonNull(rule, "rule");
    if (access.sharesDatabaseWith(outbox)) {
      billEvents = rule;
      return true;
    }
    return false;
  }

  private void announce(Connection c, Bill bill) throws SQLException {
    BillEvents rule = billEvents;
    if (rule != null) {
      OutboxRows.insert(access.dialect(), c, rule.eventsFor(bill));
    }
  }

  /** Closes the connections. Idempotent. */
  @Override
  public void close() {
    access.close();
  }

  @Override
  public String toString() {
    return "JdbcShopStore[" + access.dialect().displayName() + "]";
  }

  /** The insert found the id or key taken by a concurrent writer: look at what won. */
  private Order afterLostRace(Order order) {
    return read("find an order", c -> {
      Optional<Order> replay = byKey(c, order);
      if (replay.isPresent()) {
        return replay.get();
      }
      Optional<Order> sameId = byId(c, order.id());
      if (sameId.isPresent() && sameId.get().equals(order)) {
        return order;
      }
      throw new ConflictException(ErrorCodes.IDEMPOTENCY_CONFLICT, "order id " + order.id() + " is already used by another order; "
          + "place the order again with a new id");
    });
  }

  private static boolean insertRow(Connection c, Order order) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(ShopRows.INSERT_ORDER)) {
      ShopRows.bindOrder(ps, order);
      return ps.executeUpdate() == 1;
    }
  }

  private static Order endRow(Connection c, String orderId, long endNanos) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE shop_order SET end_ns = ? WHERE id = ? AND (end_ns IS NULL OR end_ns > ?)")) {
      ps.setLong(1, endNanos);
      ps.setString(2, orderId);
      ps.setLong(3, endNanos);
      ps.executeUpdate();
    }
    return byId(c, orderId).orElseThrow(() -> new NotFoundException(ErrorCodes.UNKNOWN_ORDER, "no order " + orderId
        + "; list the account's orders to find the id"));
  }

  private static Optional<Order> byKey(Connection c, Order order) throws SQLException {
    if (order.idempotencyKey() == null) {
      return Optional.empty();
    }
    try (PreparedStatement ps = c.prepareStatement(SELECT_ORDER + "WHERE account = ? AND idempotency_key = ?")) {
      ps.setString(1, order.account().value());
      ps.setString(2, order.idempotencyKey().value());
      return orders(ps).stream().findFirst();
    }
  }

  private static Optional<Order> byId(Connection c, String orderId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SELECT_ORDER + "WHERE id = ?")) {
      ps.setString(1, orderId);
      return orders(ps).stream().findFirst();
    }
  }

  private static List<Order> orders(PreparedStatement ps) throws SQLException {
    List<Order> result = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        result.add(ShopRows.order(rs));
      }
    }
    return result;
  }

  /**
   * Bills of one account (and month and payment choice, if given), oldest first, then balance, card,
   * invoice, each with its lines.
   */
  private static List<Bill> bills(Connection c, String where, Username account, YearMonth month, PaymentChoice payment)
      throws SQLException {
    Map<String, List<BillLine>> lines = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(SELECT_LINES + where + " ORDER BY month, payment, position")) {
      bindKey(ps, account, month, payment);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          lines.computeIfAbsent(rs.getString(2) + "/" + rs.getString(3), m -> new ArrayList<>()).add(ShopRows.line(rs, 4));
        }
      }
    }
    List<Bill> result = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(SELECT_BILL + where)) {
      bindKey(ps, account, month, payment);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(ShopRows.bill(rs, lines.getOrDefault(rs.getString(2) + "/" + rs.getString(6), List.of())));
        }
      }
    }
    result.sort(Comparator.comparing(Bill::month).thenComparing(Bill::payment));
    return result;
  }

  private static void bindKey(PreparedStatement ps, Username account, YearMonth month, PaymentChoice payment)
      throws SQLException {
    ps.setString(1, account.value());
    if (month != null) {
      ps.setString(2, month.toString());
      ps.setString(3, payment.name());
    }
  }

  private <T> T read(String what, StoreAccess.SqlFunction<T> query) {
    return access.read(what, query);
  }

  private <T> T write(String what, StoreAccess.SqlFunction<T> work) {
    return access.write(what, work);
  }

  /** A unique constraint was won by another writer; the transaction is rolled back and the winner read. */
  private static final class LostRace extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LostRace() {
      super(null, null, false, false);
    }
  }

  /** Settings for a {@link JdbcShopStore}; the connection settings are {@link JdbcStoreBuilder}'s. */
  public static final class Builder extends JdbcStoreBuilder<Builder> {
    private Builder() {}

    /**
     * Opens the store and migrates the schema.
     *
     * @return the store
     * @throws ConfigurationException for an unsupported URL or a schema newer than this code
     * @throws ProviderUnavailableException if the store cannot be reached
     */
    public JdbcShopStore build() {
      return new JdbcShopStore(open("uncloud-shop", "shop store"));
    }
  }
}
