package ch.uncloud.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConflictException;
import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.Money;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.Username;
import ch.uncloud.api.shop.Bill;
import ch.uncloud.api.shop.BillLine;
import ch.uncloud.api.shop.Order;
import ch.uncloud.api.shop.PaymentChoice;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What {@link JdbcShopStore} guarantees beyond the testkit's contract, on each store. */
abstract class JdbcShopStoreBehaviour {
  private static final Username ALICE = Username.of("alice");
  private static final Instant NOV = Instant.parse("2026-11-01T00:00:00.123456789Z");

  JdbcShopStore store;

  /** @return a builder for the store under test (the same database each call within a test) */
  abstract JdbcShopStore.Builder builder();

  /** @return a ledger on the same database */
  abstract JdbcLedger ledger();

  /** @return a raw connection to the same database */
  abstract Connection raw() throws SQLException;

  @BeforeEach
  void open() {
    store = builder().build();
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  @DisplayName("amounts in CHF, JPY and BHD, nanosecond instants and unusual parameters read back exactly")
  void exactRoundTrip() {
    Order order = new Order(newId(), ALICE, "ipv6-vm",
        Map.of("os", "d\u00e9bian \"12\" \\ x", "cores", "16", "empty", ""), Money.of("1234", "JPY"),
        Money.of("12.345", "BHD"), PaymentChoice.INVOICE, NOV, NOV.plusNanos(1), NOV.plusSeconds(86_400 * 30L), null,
        IdempotencyKey.of("k!~"), NOV.minusNanos(7));

    store.insert(order);

    assertThat(store.order(order.id())).contains(order);
    assertThat(store.ordersOverlapping(NOV, NOV.plusNanos(1))).containsExactly(order);
    assertThat(store.ordersOverlapping(NOV.plusNanos(1), NOV.plusSeconds(1))).isEmpty();
  }

  @Test
  @DisplayName("the store shares the ledger's database and schema: both open it in either order at the newest version")
  void sharesTheLedgersDatabase() throws SQLException {
    store.insert(order("one"));
    try (JdbcLedger ledger = ledger()) {
      ledger.post(Entries.deposit("alice", "3.00"));
      assertThat(store.orders(ALICE)).hasSize(1);
    }
    try (Connection c = raw(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT MAX(version), COUNT(*) FROM uncloud_schema_version")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(DispatchLeaseRows.VERSION);
      assertThat(rs.getInt(2)).isEqualTo(DispatchLeaseRows.VERSION);
    }
  }

  @Test
  @DisplayName("orders, ends and bills survive closing and reopening the store")
  void survivesReopen() {
    Order order = store.insert(order("persist"));
    store.end(order.id(), NOV.plusSeconds(60));
    Bill bill = store.updatePayment(store.saveBill(bill("2026-11")).withPayment(Bill.Status.PAID, null, "paid"));
    store.close();

    store = builder().build();

    assertThat(store.orders(ALICE)).containsExactly(order.endingAt(NOV.plusSeconds(60)));
    assertThat(store.insert(order("persist"))).isEqualTo(order.endingAt(NOV.plusSeconds(60)));
    assertThat(store.bills(ALICE)).containsExactly(bill);
  }

  @Test
  @DisplayName("bill lines cannot be changed or deleted in the database")
  void billLinesAreAppendOnly() throws SQLException {
    store.saveBill(bill("2026-11"));

    try (Connection c = raw(); Statement st = c.createStatement()) {
      assertThatThrownBy(() -> st.executeUpdate("UPDATE shop_payment_bill_line SET amount_minor = 1"))
          .isInstanceOf(SQLException.class).hasMessageContaining("bill lines never change");
      assertThatThrownBy(() -> st.executeUpdate("DELETE FROM shop_payment_bill_line"))
          .isInstanceOf(SQLException.class).hasMessageContaining("bill lines never change");
    }
    assertThat(store.bill(ALICE, YearMonth.parse("2026-11"), PaymentChoice.BALANCE).orElseThrow().lines()).hasSize(2);
  }

  @Test
  @DisplayName("replacing an unknown order fails and stores nothing; ending one fails")
  void unknownOrder() {
    Order replacement = order("up");

    assertThatThrownBy(() -> store.replace("ord_missing", NOV, replacement)).isInstanceOf(NotFoundException.class).hasFieldOrPropertyWithValue("errorCode", "unknown_order");
    assertThat(store.order(replacement.id())).isEmpty();
    assertThatThrownBy(() -> store.end("ord_missing", NOV)).isInstanceOf(NotFoundException.class).hasFieldOrPropertyWithValue("errorCode", "unknown_order")
        .hasMessageContaining("ord_missing");
  }

  @Test
  @DisplayName("an order id already used by another order is refused; the same order again is returned")
  void reusedId() {
    Order first = store.insert(order(null));
    Order other = new Order(first.id(), Username.of("bob"), "membership", Map.of(), first.oneTime(),
        first.monthly(), first.payment(), NOV, null, first.minimumEnd(), null, null, NOV);

    assertThat(store.insert(first)).isEqualTo(first);
    assertThatThrownBy(() -> store.insert(other)).isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("errorCode", "idempotency_conflict")
        .hasMessageContaining(first.id());
    assertThat(store.orders(Username.of("bob"))).isEmpty();
  }

  @Test
  @DisplayName("16 concurrent orders and replacements with one key store one order each")
  void concurrentReplays() throws Exception {
    Order base = store.insert(order(null));
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Callable<Order>> calls = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        calls.add(() -> store.insert(order("same")));
        calls.add(() -> store.replace(base.id(), NOV.plusSeconds(3600), replacing(base, "up")));
      }
      List<Order> results = new ArrayList<>();
      for (Future<Order> f : pool.invokeAll(calls)) {
        results.add(f.get());
      }
      assertThat(results.stream().filter(o -> o.idempotencyKey().value().equals("same")).map(Order::id).distinct())
          .hasSize(1);
      assertThat(results.stream().filter(o -> o.idempotencyKey().value().equals("up")).map(Order::id).distinct())
          .hasSize(1);
      assertThat(store.orders(ALICE)).hasSize(3);
      assertThat(store.order(base.id()).orElseThrow().end()).isEqualTo(NOV.plusSeconds(3600));
    } finally {
      pool.shutdownNow();
    }
  }

  private static String newId() {
    return "ord_" + UUID.randomUUID().toString().replace("-", "");
  }

  private static Order order(String key) {
    return new Order(newId(), ALICE, "membership", Map.of(), Money.of("0.00", "CHF"), Money.of("5.00", "CHF"),
        PaymentChoice.BALANCE, NOV, null, NOV.plusSeconds(86_400 * 30L), null, key == null ? null : IdempotencyKey.of(key),
        NOV);
  }

  @Test
  @DisplayName("a bill stored before bills were split by payment choice (schema version 2) moves over with its payment and lines")
  void billsFromVersionTwoMoveOver() throws SQLException {
    store.close();
    try (Connection c = raw(); Statement st = c.createStatement()) {
      boolean postgres = c.getMetaData().getDatabaseProductName().equals("PostgreSQL");
      // back to the bill tables of version 2, as an uncloud before version 4 left them
      st.executeUpdate("DROP TABLE shop_payment_bill_line");
      st.executeUpdate("DROP TABLE shop_payment_bill");
      st.executeUpdate("DELETE FROM uncloud_schema_version WHERE version = " + ShopSchema.BILLS_PER_PAYMENT);
      for (String sql : ShopSchema.migrations(postgres ? new PostgresDialect() : new SqliteDialect()).get(0).statements()) {
        if (sql.contains("shop_bill") && !sql.contains("CREATE FUNCTION")) {
          st.execute(sql);
        }
      }
      st.executeUpdate("INSERT INTO shop_bill (account, month, status, currency, total_minor, payment, due_date, note, "
          + "card_attempts, created_at_ns) VALUES ('alice', '2026-10', 'OPEN', 'CHF', 501, 'INVOICE', '2026-11-11', "
          + "'invoice sent', 0, 1)");
      st.executeUpdate("INSERT INTO shop_bill_line (account, month, position, line_id, kind, description, order_id, "
          + "from_ns, to_ns, currency, amount_minor) VALUES ('alice', '2026-10', 0, 'a:monthly', 'RECURRING', "
          + "'Membership ', 'a', 1, 2, 'CHF', 500), ('alice', '2026-10', 1, 'usage:s', 'USAGE', 'VM snapshot', NULL, "
          + "3, 4, 'CHF', 1)");
    }

    store = builder().build();

    Bill moved = store.bill(ALICE, YearMonth.parse("2026-10"), PaymentChoice.INVOICE).orElseThrow();
    assertThat(moved.total()).isEqualTo(Money.of("5.01", "CHF"));
    assertThat(moved.note()).isEqualTo("invoice sent");
    assertThat(moved.lines()).extracting(BillLine::lineId).containsExactly("a:monthly", "usage:s");
    assertThat(store.bills(ALICE)).containsExactly(moved);
  }

  private static Order replacing(Order old, String key) {
    return new Order(newId(), ALICE, old.productCode(), Map.of(), old.oneTime(), Money.of("9.00", "CHF"),
        old.payment(), NOV.plusSeconds(3600), null, old.minimumEnd(), old.id(), IdempotencyKey.of(key), NOV);
  }

  /** A rule like the core's: {@code bill.final} for every bill, {@code bill.paid} for a paid one. */
  static List<ch.uncloud.api.events.Event> billEvents(Bill b) {
    Map<String, String> data = new java.util.LinkedHashMap<>();
    data.put("bill", b.id());
    data.put("month", b.month().toString());
    data.put("payment", b.payment().name().toLowerCase(java.util.Locale.ROOT));
    data.put("total", b.total().toPlainString());
    data.put("currency", "CHF");
    data.put("due_date", "");
    List<ch.uncloud.api.events.Event> events = new ArrayList<>();
    events.add(new ch.uncloud.api.events.Event(ch.uncloud.api.events.EventId.derived("bill.final/" + b.id()),
        ch.uncloud.api.events.EventType.BILL_FINAL, b.createdAt(), b.account(), data));
    if (b.status() == Bill.Status.PAID) {
      events.add(new ch.uncloud.api.events.Event(ch.uncloud.api.events.EventId.derived("bill.paid/" + b.id()),
          ch.uncloud.api.events.EventType.BILL_PAID, b.createdAt(), b.account(), data));
    }
    return events;
  }

  private List<String> outboxTypes() throws SQLException {
    List<String> types = new ArrayList<>();
    try (Connection c = raw(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT type FROM event_outbox ORDER BY seq")) {
      while (rs.next()) {
        types.add(rs.getString(1));
      }
    }
    return types;
  }

  @Test
  @DisplayName("with the ledger's outbox on its database, a bill's events commit in the bill's own transaction, "
      + "and a write that fails announces nothing")
  void billEventsCommitWithTheBillOrNotAtAll() throws SQLException {
    try (JdbcLedger ledger = ledger()) {
      assertThat(store.announceBills(ledger.outbox().orElseThrow(), JdbcShopStoreBehaviour::billEvents)).isTrue();
      Bill november = bill("2026-11");
      BillLine line = november.lines().get(0);
      Bill twoLinesOneId = new Bill(ALICE, YearMonth.parse("2026-10"), Bill.Status.OPEN, List.of(line, line),
          Money.of("10.00", "CHF"), PaymentChoice.BALANCE, null, "", 0, NOV);

      assertThatThrownBy(() -> store.saveBill(twoLinesOneId)).as("its second line breaks a unique constraint")
          .isInstanceOf(RuntimeException.class);
      assertThatThrownBy(() -> store.updatePayment(november.withPayment(Bill.Status.PAID, null, "paid")))
          .as("not stored yet").isInstanceOf(IllegalStateException.class);
      assertThat(store.bills(ALICE)).isEmpty();
      assertThat(outboxTypes()).isEmpty();

      store.saveBill(november);
      store.saveBill(november);
      assertThat(outboxTypes()).containsExactly("bill.final");
      store.updatePayment(november.withPayment(Bill.Status.PAID, null, "paid"));
      assertThat(outboxTypes()).containsExactly("bill.final", "bill.paid");
    }
  }

  private static Bill bill(String month) {
    Instant from = YearMonth.parse(month).atDay(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    List<BillLine> lines = List.of(
        new BillLine("a:monthly", BillLine.Kind.RECURRING, "Membership", "a", from, from.plusSeconds(60),
            Money.of("5.00", "CHF")),
        new BillLine("usage:snap-1", BillLine.Kind.USAGE, "VM snapshot", null, from.plusNanos(5), from.plusSeconds(9),
            Money.of("0.01", "CHF")));
    return new Bill(ALICE, YearMonth.parse(month), Bill.Status.OPEN, lines, Money.of("5.01", "CHF"),
        PaymentChoice.BALANCE, LocalDate.parse("2026-12-11"), "", 0, from.plusNanos(3));
  }
}
