package ch.uncloud.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.Secret;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.ServiceDefinition;
import ch.uncloud.api.events.Event;
import ch.uncloud.api.events.EventType;
import ch.uncloud.api.shop.Bill;
import ch.uncloud.api.shop.Order;
import ch.uncloud.api.shop.OrderRequest;
import ch.uncloud.api.shop.PaymentChoice;
import ch.uncloud.core.EventDispatcher;
import ch.uncloud.core.UncloudCore;
import ch.uncloud.spi.BillEvents;
import ch.uncloud.spi.EventOutbox;
import ch.uncloud.spi.ShopStore;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import ch.uncloud.testkit.InMemoryEventSink;
import ch.uncloud.testkit.InMemoryPaymentGateway;
import ch.uncloud.testkit.TestClock;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core with the JDBC ledger and shop store on one SQLite file: the bills' events are the store's. */
class SqliteBillEventsTest {
  private static final Username NETHZ = Username.of("nethzuser");

  @TempDir
  Path dir;

  /** The JDBC shop store, remembering whether it took over the bills' events. */
  private static final class Recording implements ShopStore {
    final JdbcShopStore store;
    boolean announces;

    Recording(JdbcShopStore store) {
      this.store = store;
    }

    @Override
    public boolean announceBills(EventOutbox outbox, BillEvents rule) {
      announces = store.announceBills(outbox, rule);
      return announces;
    }

    @Override
    public Order insert(Order order) {
      return store.insert(order);
    }

    @Override
    public Order replace(String replacedId, Instant replacedEnd, Order replacement) {
      return store.replace(replacedId, replacedEnd, replacement);
    }

    @Override
    public Order end(String orderId, Instant end) {
      return store.end(orderId, end);
    }

    @Override
    public Optional<Order> order(String orderId) {
      return store.order(orderId);
    }

    @Override
    public List<Order> orders(Username account) {
      return store.orders(account);
    }

    @Override
    public List<Order> ordersOverlapping(Instant from, Instant to) {
      return store.ordersOverlapping(from, to);
    }

    @Override
    public Bill saveBill(Bill bill) {
      return store.saveBill(bill);
    }

    @Override
    public Bill updatePayment(Bill bill) {
      return store.updatePayment(bill);
    }

    @Override
    public Optional<Bill> bill(Username account, YearMonth month, PaymentChoice payment) {
      return store.bill(account, month, payment);
    }

    @Override
    public List<Bill> bills(Username account) {
      return store.bills(account);
    }

    @Override
    public void close() {
      store.close();
    }
  }

  @Test
  void theShopStoreWritesTheBillsEventsInItsTransactionsAndEachIsDeliveredOnce() {
    TestClock clock = TestClock.at("2026-11-01T00:00:00Z");
    InMemoryEventSink bills = InMemoryEventSink.named("bills", Set.of(EventType.BILL_FINAL, EventType.BILL_PAID));
    Recording shopStore = new Recording(JdbcShopStore.sqlite(dir.resolve("uncloud.db")));
    try (UncloudCore shop = UncloudCore.builder()
        .ledger(JdbcLedger.sqlite(dir.resolve("uncloud.db")))
        .directory(InMemoryAccountDirectory.withContractFixture())
        .shopStore(shopStore)
        .payments(InMemoryPaymentGateway.create(clock))
        .clock(clock)
        .admin("bursar", Secret.of("bursargeheim"))
        .service(ServiceDefinition.builder("deposits").owners("bursar").maxCharge("10000.00").build())
        .eventSink(bills)
        .build()) {
      assertThat(shopStore.announces).isTrue();
      shop.orders().placeOrder(new OrderRequest(NETHZ, "membership", Map.of(), PaymentChoice.INVOICE, null));
      clock.set(Instant.parse("2026-12-01T00:00:00Z"));
      Bill bill = shop.billing().run(YearMonth.parse("2026-11")).get(0);
      shop.billing().run(YearMonth.parse("2026-11"));
      shop.billing().markPaid(shop.credit().authenticate("bursar", Secret.of("bursargeheim")), bill.id(),
          "RF18 5390 0754 7034");

      EventDispatcher dispatcher = shop.eventDispatcher().orElseThrow();
      while (dispatcher.runOnce() > 0) {
        // deliver
      }
      dispatcher.close();
      assertThat(bills.delivered()).extracting(Event::type).containsExactly(EventType.BILL_FINAL, EventType.BILL_PAID);
      assertThat(bills.delivered().get(0).data()).containsEntry("bill", bill.id())
          .containsEntry("due_date", bill.dueDate().toString());
    }
  }
}
