package ch.uncloud.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.Money;
import ch.uncloud.api.Username;
import ch.uncloud.api.shop.Bill;
import ch.uncloud.api.shop.BillLine;
import ch.uncloud.api.shop.Order;
import ch.uncloud.api.shop.PaymentChoice;
import ch.uncloud.spi.ShopStore;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ShopStore} must have. Extend it and return a fresh, empty store from
 * {@link #newStore()}; the kit closes it after each test.
 */
public abstract class ShopStoreContract {
  private static final Username ALICE = Username.of("alice");
  private static final Username BOB = Username.of("bob");
  private static final Instant NOV = Instant.parse("2026-11-01T00:00:00Z");
  private static final Instant DEC = Instant.parse("2026-12-01T00:00:00Z");

  private ShopStore store;

  /** @return a new, empty store; called before every test */
  protected abstract ShopStore newStore();

  @BeforeEach
  final void open() {
    store = newStore();
  }

  @AfterEach
  final void close() {
    if (store != null) {
      store.close();
    }
  }

  @Test
  @DisplayName("an order is stored with every field and found by id and account")
  void storesOrder() {
    Order order = order(ALICE, "ipv6-vm", NOV, "k1");

    assertThat(store.insert(order)).isEqualTo(order);
    assertThat(store.order(order.id())).contains(order);
    assertThat(store.orders(ALICE)).containsExactly(order);
    assertThat(store.orders(BOB)).isEmpty();
    assertThat(store.order("missing")).isEmpty();
  }

  @Test
  @DisplayName("an order with an idempotency key the account used before returns the stored order")
  void idempotentInsert() {
    Order first = store.insert(order(ALICE, "membership", NOV, "same"));
    Order again = store.insert(order(ALICE, "membership", NOV, "same"));

    assertThat(again).isEqualTo(first);
    assertThat(store.orders(ALICE)).hasSize(1);
    assertThat(store.insert(order(BOB, "membership", NOV, "same")).account()).isEqualTo(BOB);
  }

  @Test
  @DisplayName("an end is set once; a later end never moves an earlier one")
  void endSetOnce() {
    Order order = store.insert(order(ALICE, "membership", NOV, null));

    assertThat(store.end(order.id(), DEC).end()).isEqualTo(DEC);
    assertThat(store.end(order.id(), DEC.plusSeconds(86_400)).end()).isEqualTo(DEC);
    assertThat(store.end(order.id(), NOV.plusSeconds(60)).end()).isEqualTo(NOV.plusSeconds(60));
  }

  @Test
  @DisplayName("a replacement ends the old order and stores the new one together; a replay changes nothing")
  void replace() {
    Order old = store.insert(order(ALICE, "ipv6-vm", NOV, null));
    Instant switchAt = NOV.plusSeconds(3600);
    Order replacement = replacing(old, switchAt, "up-1");

    assertThat(store.replace(old.id(), switchAt, replacement)).isEqualTo(replacement);
    assertThat(store.order(old.id()).orElseThrow().end()).isEqualTo(switchAt);
    assertThat(store.replace(old.id(), switchAt.plusSeconds(1), replacing(old, switchAt.plusSeconds(1), "up-1")))
        .isEqualTo(replacement);
    assertThat(store.orders(ALICE)).hasSize(2);
  }

  @Test
  @DisplayName("orders overlapping a period are those active at some time in it")
  void overlapping() {
    Order before = store.insert(order(ALICE, "a", NOV.minusSeconds(86_400 * 40L), null));
    store.end(before.id(), NOV);
    Order during = store.insert(order(ALICE, "b", NOV.plusSeconds(10), null));
    Order after = store.insert(order(BOB, "c", DEC, null));
    Order open = store.insert(order(BOB, "d", NOV.minusSeconds(10), null));

    assertThat(store.ordersOverlapping(NOV, DEC)).extracting(Order::id)
        .containsExactlyInAnyOrder(during.id(), open.id())
        .doesNotContain(before.id(), after.id());
  }

  @Test
  @DisplayName("a final bill is stored once per account, month and payment choice; its payment state can change, its lines cannot")
  void bills() {
    Bill bill = bill(ALICE, "2026-11", "5.00");

    assertThat(store.saveBill(bill)).isEqualTo(bill);
    assertThat(store.saveBill(bill(ALICE, "2026-11", "9.99")).total()).isEqualTo(Money.of("5.00", "CHF"));
    Bill paid = store.updatePayment(bill.withCardAttempt().withPayment(Bill.Status.PAID, null, "paid by card"));

    assertThat(paid.status()).isEqualTo(Bill.Status.PAID);
    assertThat(paid.cardAttempts()).isEqualTo(1);
    assertThat(store.bill(ALICE, YearMonth.parse("2026-11"), PaymentChoice.INVOICE)).contains(paid);
    assertThat(store.bill(ALICE, YearMonth.parse("2026-11"), PaymentChoice.BALANCE)).isEmpty();
    assertThat(store.bill(BOB, YearMonth.parse("2026-11"), PaymentChoice.INVOICE)).isEmpty();
    store.saveBill(bill(ALICE, "2026-10", "1.00"));
    assertThat(store.bills(ALICE)).extracting(Bill::month)
        .containsExactly(YearMonth.parse("2026-10"), YearMonth.parse("2026-11"));
  }

  @Test
  @DisplayName("an account has a bill of its own per payment choice in one month, each with its own lines and payment state")
  void billsPerPaymentChoice() {
    Bill invoice = bill(ALICE, "2026-11", "5.00");
    Bill balance = withPayment(bill(ALICE, "2026-11", "7.00"), PaymentChoice.BALANCE);
    Bill card = withPayment(bill(ALICE, "2026-11", "9.00"), PaymentChoice.CARD);

    store.saveBill(invoice);
    store.saveBill(card);
    assertThat(store.saveBill(balance)).isEqualTo(balance);
    Bill paid = store.updatePayment(balance.withPayment(Bill.Status.PAID, null, "paid from the prepaid balance"));

    YearMonth november = YearMonth.parse("2026-11");
    assertThat(store.bill(ALICE, november, PaymentChoice.BALANCE)).contains(paid);
    assertThat(store.bill(ALICE, november, PaymentChoice.INVOICE)).contains(invoice);
    assertThat(store.bill(ALICE, november, PaymentChoice.CARD).orElseThrow().total()).isEqualTo(Money.of("9.00", "CHF"));
    assertThat(store.bills(ALICE)).extracting(Bill::payment)
        .containsExactly(PaymentChoice.BALANCE, PaymentChoice.CARD, PaymentChoice.INVOICE);
  }

  private static Bill withPayment(Bill bill, PaymentChoice payment) {
    return new Bill(bill.account(), bill.month(), bill.status(), bill.lines(), bill.total(), payment, bill.dueDate(),
        bill.note(), bill.cardAttempts(), bill.createdAt());
  }

  private static Order order(Username account, String product, Instant start, String key) {
    return new Order("ord_" + UUID.randomUUID().toString().replace("-", ""), account, product,
        Map.of("cores", "2"), Money.of("35.00", "CHF"), Money.of("13.00", "CHF"), PaymentChoice.CARD, start, null,
        start.plusSeconds(86_400 * 30L), null, key == null ? null : IdempotencyKey.of(key), start);
  }

  private static Order replacing(Order old, Instant start, String key) {
    return new Order("ord_" + UUID.randomUUID().toString().replace("-", ""), old.account(), old.productCode(),
        Map.of("cores", "4"), Money.of("0.00", "CHF"), Money.of("19.00", "CHF"), old.payment(), start, null,
        old.minimumEnd(), old.id(), IdempotencyKey.of(key), start);
  }

  private static Bill bill(Username account, String month, String amount) {
    Instant from = YearMonth.parse(month).atDay(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    BillLine line = new BillLine("ord_1:monthly", BillLine.Kind.RECURRING, "Membership", "ord_1", from,
        from.plusSeconds(86_400), Money.of(amount, "CHF"));
    return new Bill(account, YearMonth.parse(month), Bill.Status.OPEN, List.of(line), Money.of(amount, "CHF"),
        PaymentChoice.INVOICE, LocalDate.parse("2026-12-11"), "invoice sent", 0, from);
  }
}
