package ch.uncloud.core;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.Username;
import ch.uncloud.api.events.Event;
import ch.uncloud.api.events.EventType;
import ch.uncloud.api.payments.CardRegistration;
import ch.uncloud.api.snapshots.TakenSnapshot;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import ch.uncloud.testkit.InMemoryEventSink;
import ch.uncloud.testkit.InMemoryLedger;
import ch.uncloud.testkit.InMemoryPaymentGateway;
import ch.uncloud.testkit.InMemorySnapshotBackend;
import ch.uncloud.testkit.TestClock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Events of changes the ledger does not make: snapshots and card registrations. */
class StoreEventsTest {
  private static final Username NETHZ = Username.of("nethzuser");

  private final InMemorySnapshotBackend backend = InMemorySnapshotBackend.create();
  private final UUID vmId = backend.registerVm(NETHZ, UUID.randomUUID(), 1024).id();
  private final InMemoryPaymentGateway gateway = InMemoryPaymentGateway.create();
  private final InMemoryEventSink sink = InMemoryEventSink.named("all");
  private final Uncloud uncloud = UncloudCore.builder()
      .ledger(InMemoryLedger.create())
      .directory(InMemoryAccountDirectory.withContractFixture())
      .snapshotBackend(backend)
      .payments(gateway)
      .eventSink(sink)
      .clock(TestClock.at("2026-11-01T00:00:00Z"))
      .build();

  @AfterEach
  void close() {
    uncloud.close();
  }

  private List<Event> delivered() {
    EventDispatcher dispatcher = ((UncloudCore) uncloud).eventDispatcher().orElseThrow();
    while (dispatcher.runOnce() > 0) {
      // deliver
    }
    dispatcher.close();
    return sink.delivered();
  }

  @Test
  void aSnapshotTakenOnceAndDeletedAnnouncesEachOnceEvenWhenTheTakeIsRetried() {
    TakenSnapshot taken = uncloud.snapshots().create(NETHZ, vmId, "nightly", IdempotencyKey.of("k1"));
    uncloud.snapshots().create(NETHZ, vmId, "nightly", IdempotencyKey.of("k1"));
    uncloud.snapshots().delete(NETHZ, taken.snapshot().id());

    assertThat(delivered()).extracting(Event::type, e -> e.data().get("snapshot"), e -> e.data().get("name"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(EventType.SNAPSHOT_TAKEN, taken.snapshot().id(), "nightly"),
            org.assertj.core.groups.Tuple.tuple(EventType.SNAPSHOT_DELETED, taken.snapshot().id(), "nightly"));
    assertThat(sink.delivered().get(0).data()).containsEntry("vm", vmId.toString());
  }

  @Test
  void aCompletedCardRegistrationIsAnnouncedOnceWithoutCardData() {
    CardRegistration registration = uncloud.cards().start(NETHZ, IdempotencyKey.of("k1"));
    gateway.confirmCardSetup(registration.setupId(), "pm_card_visa");
    uncloud.cards().complete(NETHZ, registration.setupId());
    uncloud.cards().complete(NETHZ, registration.setupId());

    assertThat(delivered()).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo(EventType.CARD_REGISTERED);
      assertThat(e.account()).isEqualTo(NETHZ);
      assertThat(e.data()).containsOnly(java.util.Map.entry("provider", "inmemory"),
          java.util.Map.entry("setup", registration.setupId()));
    });
  }

  @Test
  void aFinalBillIsAnnouncedOnceHoweverOftenTheMonthIsBilledAndItsPaymentOnceToo() {
    TestClock clock = TestClock.at("2026-11-01T00:00:00Z");
    InMemoryEventSink bills = InMemoryEventSink.named("bills", java.util.Set.of(EventType.BILL_FINAL, EventType.BILL_PAID));
    try (UncloudCore shop = UncloudCore.builder()
        .ledger(InMemoryLedger.create())
        .directory(InMemoryAccountDirectory.withContractFixture())
        .shopStore(ch.uncloud.testkit.InMemoryShopStore.create())
        .payments(InMemoryPaymentGateway.create(clock))
        .clock(clock)
        .admin("bursar", ch.uncloud.api.Secret.of("bursargeheim"))
        .service(ch.uncloud.api.credit.ServiceDefinition.builder("deposits").owners("bursar").maxCharge("10000.00").build())
        .eventSink(bills)
        .build()) {
      shop.orders().placeOrder(new ch.uncloud.api.shop.OrderRequest(NETHZ, "membership", java.util.Map.of(),
          ch.uncloud.api.shop.PaymentChoice.INVOICE, null));
      clock.set(java.time.Instant.parse("2026-12-01T00:00:00Z"));
      java.time.YearMonth november = java.time.YearMonth.parse("2026-11");
      ch.uncloud.api.shop.Bill bill = shop.billing().run(november).get(0);
      shop.billing().run(november);
      assertThat(bill.status()).isEqualTo(ch.uncloud.api.shop.Bill.Status.OPEN);
      shop.billing().markPaid(shop.credit().authenticate("bursar", ch.uncloud.api.Secret.of("bursargeheim")), bill.id(),
          "RF18 5390 0754 7034");

      EventDispatcher dispatcher = shop.eventDispatcher().orElseThrow();
      while (dispatcher.runOnce() > 0) {
        // deliver
      }
      dispatcher.close();
      assertThat(bills.delivered()).extracting(Event::type)
          .containsExactly(EventType.BILL_FINAL, EventType.BILL_PAID);
      assertThat(bills.delivered().get(0).data()).containsEntry("bill", bill.id()).containsEntry("month", "2026-11")
          .containsEntry("payment", "invoice").containsEntry("total", bill.total().toPlainString())
          .containsEntry("currency", "CHF").containsEntry("due_date", bill.dueDate().toString());
    }
  }

  /** A shop billed by invoice whose dispatcher delivers only {@code bill.overdue}. */
  private static final class InvoiceShop implements AutoCloseable {
    final TestClock clock = TestClock.at("2026-11-01T00:00:00Z");
    final InMemoryEventSink overdue = InMemoryEventSink.named("overdue", java.util.Set.of(EventType.BILL_OVERDUE));
    final UncloudCore shop = UncloudCore.builder()
        .ledger(InMemoryLedger.create())
        .directory(InMemoryAccountDirectory.withContractFixture())
        .shopStore(ch.uncloud.testkit.InMemoryShopStore.create())
        .payments(InMemoryPaymentGateway.create(clock))
        .clock(clock)
        .zone(java.time.ZoneId.of("Europe/Zurich"))
        .admin("bursar", ch.uncloud.api.Secret.of("bursargeheim"))
        .service(ch.uncloud.api.credit.ServiceDefinition.builder("deposits").owners("bursar").maxCharge("10000.00").build())
        .eventSink(overdue)
        .build();
    final EventDispatcher dispatcher = shop.eventDispatcher().orElseThrow();

    ch.uncloud.api.shop.Bill novemberInvoice() {
      shop.orders().placeOrder(new ch.uncloud.api.shop.OrderRequest(NETHZ, "membership", java.util.Map.of(),
          ch.uncloud.api.shop.PaymentChoice.INVOICE, null));
      clock.set(java.time.Instant.parse("2026-12-01T00:00:00Z"));
      return shop.billing().run(java.time.YearMonth.parse("2026-11")).get(0);
    }

    List<Event> deliveredAt(String instant) {
      clock.set(java.time.Instant.parse(instant));
      while (dispatcher.runOnce() > 0) {
        // deliver
      }
      return overdue.delivered();
    }

    @Override
    public void close() {
      dispatcher.close();
      shop.close();
    }
  }

  @Test
  void anInvoiceUnpaidPastItsDueDateIsAnnouncedOverdueOnceHoweverOftenTheDispatcherLooks() {
    try (InvoiceShop s = new InvoiceShop()) {
      ch.uncloud.api.shop.Bill bill = s.novemberInvoice();
      assertThat(bill.status()).isEqualTo(ch.uncloud.api.shop.Bill.Status.OPEN);
      assertThat(bill.dueDate()).isEqualTo(java.time.LocalDate.parse("2026-12-11"));

      assertThat(s.deliveredAt("2026-12-11T22:30:00Z")).as("on its due date (Zurich) it is not overdue yet").isEmpty();
      assertThat(s.deliveredAt("2026-12-11T23:30:00Z")).singleElement().satisfies(e -> {
        assertThat(e.type()).isEqualTo(EventType.BILL_OVERDUE);
        assertThat(e.account()).isEqualTo(NETHZ);
        assertThat(e.occurredAt()).isEqualTo(java.time.Instant.parse("2026-12-11T23:00:00Z"));
        assertThat(e.data()).containsEntry("bill", bill.id()).containsEntry("month", "2026-11")
            .containsEntry("payment", "invoice").containsEntry("total", bill.total().toPlainString())
            .containsEntry("currency", "CHF").containsEntry("due_date", "2026-12-11");
      });
      assertThat(s.deliveredAt("2026-12-12T01:00:00Z")).as("looked again an hour later").hasSize(1);
      assertThat(s.deliveredAt("2026-12-20T00:00:00Z")).as("looked again days later").hasSize(1);
    }
  }

  @Test
  void anInvoicePaidByItsDueDateIsNeverAnnouncedOverdue() {
    try (InvoiceShop s = new InvoiceShop()) {
      ch.uncloud.api.shop.Bill bill = s.novemberInvoice();
      s.clock.set(java.time.Instant.parse("2026-12-11T12:00:00Z"));
      s.shop.billing().markPaid(s.shop.credit().authenticate("bursar", ch.uncloud.api.Secret.of("bursargeheim")),
          bill.id(), "RF18 5390 0754 7034");

      assertThat(s.deliveredAt("2026-12-12T12:00:00Z")).isEmpty();
      assertThat(s.deliveredAt("2027-01-12T12:00:00Z")).isEmpty();
    }
  }

  @Test
  void aServerOrderCheckedOutIsAnnouncedOnceEvenWhenCheckedOutAgainAndAPreparedOneNotAtAll() {
    ch.uncloud.testkit.InMemoryServerOrdering ovh = ch.uncloud.testkit.InMemoryServerOrdering.create();
    InMemoryEventSink orders = InMemoryEventSink.named("orders", java.util.Set.of(EventType.SERVER_ORDER_CHECKED_OUT));
    try (UncloudCore core = UncloudCore.builder()
        .ledger(InMemoryLedger.create())
        .directory(InMemoryAccountDirectory.withContractFixture())
        .servers(ovh)
        .eventSink(orders)
        .clock(TestClock.at("2026-11-01T00:00:00Z"))
        .build()) {
      ch.uncloud.api.servers.ServerOrder bought = core.servers().prepare(
          new ch.uncloud.api.servers.ServerOrderRequest("24adv01", "gra", "debian12_64", "europe"));
      core.servers().prepare(new ch.uncloud.api.servers.ServerOrderRequest("24ska01", "gra", "none_64.en", "europe"));
      ch.uncloud.api.servers.ServerOrder done = core.servers().checkout(bought.id());
      core.servers().checkout(bought.id());

      EventDispatcher dispatcher = core.eventDispatcher().orElseThrow();
      while (dispatcher.runOnce() > 0) {
        // deliver
      }
      dispatcher.close();
      assertThat(orders.delivered()).singleElement().satisfies(e -> {
        assertThat(e.type()).isEqualTo(EventType.SERVER_ORDER_CHECKED_OUT);
        assertThat(e.account()).isEqualTo(Username.of("uncloud:servers"));
        assertThat(e.data()).containsEntry("order", bought.id()).containsEntry("provider_order", done.providerOrderId())
            .containsEntry("total", done.totalPrice().toPlainString()).containsEntry("currency", "EUR")
            .containsEntry("plan", "24adv01").containsEntry("datacenter", "gra");
      });
      assertThat(ovh.checkoutsReceived()).isEqualTo(1);
    }
  }

  @Test
  void aServerOrderWhoseCheckoutAnswerWasLostIsAnnouncedWhenACheckoutAgainSettlesIt() {
    ch.uncloud.testkit.InMemoryServerOrdering ovh = ch.uncloud.testkit.InMemoryServerOrdering.create();
    InMemoryEventSink orders = InMemoryEventSink.named("orders", java.util.Set.of(EventType.SERVER_ORDER_CHECKED_OUT));
    try (UncloudCore core = UncloudCore.builder()
        .ledger(InMemoryLedger.create())
        .directory(InMemoryAccountDirectory.withContractFixture())
        .servers(ovh)
        .eventSink(orders)
        .build()) {
      ch.uncloud.api.servers.ServerOrder order = core.servers().prepare(
          new ch.uncloud.api.servers.ServerOrderRequest("24ska01", "gra", "none_64.en", "europe"));
      ovh.loseNextCheckoutAnswer();
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> core.servers().checkout(order.id()))
          .isInstanceOf(ch.uncloud.api.ConflictException.class);
      EventDispatcher dispatcher = core.eventDispatcher().orElseThrow();
      while (dispatcher.runOnce() > 0) {
        // deliver
      }
      assertThat(orders.delivered()).as("outcome unknown: nothing announced").isEmpty();

      core.servers().checkout(order.id());
      while (dispatcher.runOnce() > 0) {
        // deliver
      }
      dispatcher.close();
      assertThat(orders.delivered()).singleElement().satisfies(e ->
          assertThat(e.data()).containsEntry("order", order.id()).containsEntry("provider_order", ovh.salesOrders().get(0)));
    }
  }
}
