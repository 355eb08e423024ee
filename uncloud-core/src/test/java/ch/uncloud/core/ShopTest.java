package ch.uncloud.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.ConflictException;
import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.AdminSession;
import ch.uncloud.api.credit.DepositRequest;
import ch.uncloud.api.credit.ServiceDefinition;
import ch.uncloud.api.shop.Bill;
import ch.uncloud.api.shop.BillLine;
import ch.uncloud.api.shop.Order;
import ch.uncloud.api.shop.OrderRequest;
import ch.uncloud.api.shop.PaymentChoice;
import ch.uncloud.api.shop.PlacedOrder;
import ch.uncloud.api.shop.Quote;
import ch.uncloud.api.shop.UsageRecord;
import ch.uncloud.spi.ShopStore;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import ch.uncloud.testkit.InMemoryLedger;
import ch.uncloud.testkit.InMemoryPaymentGateway;
import ch.uncloud.testkit.InMemoryShopStore;
import ch.uncloud.testkit.TestClock;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ShopTest {
  private static final ZoneId ZURICH = ZoneId.of("Europe/Zurich");
  private static final Username NETHZ = Username.of("nethzuser");
  private static final Map<String, String> SMALL_VM = Map.of("cores", "2", "ram_gb", "4", "os_disk_gb", "20", "os", "debian-12");
  private static final Map<String, String> BIG_VM = Map.of("cores", "4", "ram_gb", "4", "os_disk_gb", "20", "os", "debian-12");
  private static final Map<String, String> TINY_VM = Map.of("cores", "1", "ram_gb", "4", "os_disk_gb", "20", "os", "debian-12");

  private final TestClock clock = TestClock.at(at("2026-11-01T00:00"));
  private final InMemoryLedger ledger = InMemoryLedger.create();
  private final List<UsageRecord> usage = new ArrayList<>();
  private final InMemoryPaymentGateway gateway = InMemoryPaymentGateway.create(clock);
  private final Uncloud uncloud = UncloudCore.builder()
      .payments(gateway)
      .ledger(ledger)
      .directory(InMemoryAccountDirectory.withContractFixture())
      .shopStore(InMemoryShopStore.create())
      .usage((from, to) -> List.copyOf(usage))
      .clock(clock)
      .zone(ZURICH)
      .admin("bursar", Secret.of("bursargeheim"))
      .admin("raplab", Secret.of("verygeheim"))
      .service(ServiceDefinition.builder("deposits").owners("bursar").maxCharge("10000.00").build())
      .service(ServiceDefinition.builder("3dprint").owners("raplab").maxCharge("500.00").build())
      .build();

  @AfterEach
  void close() {
    uncloud.close();
  }

  private static Instant at(String zurichLocal) {
    return java.time.LocalDateTime.parse(zurichLocal).atZone(ZURICH).toInstant();
  }

  private static Money chf(String amount) {
    return Money.of(amount, "CHF");
  }

  private Order order(String product, Map<String, String> parameters) {
    return uncloud.orders().placeOrder(OrderRequest.of("nethzuser", product, parameters)).order();
  }

  private Bill finalBill(String month) {
    clock.set(at(YearMonth.parse(month).plusMonths(1).atDay(1) + "T00:00"));
    return uncloud.billing().run(YearMonth.parse(month)).stream().filter(b -> b.account().equals(NETHZ)).findFirst().orElseThrow();
  }

  private static Money line(Bill bill, String product, BillLine.Kind kind) {
    return bill.lines().stream().filter(l -> l.kind() == kind && l.description().startsWith(product))
        .map(BillLine::amount).reduce(Money::plus).orElseThrow();
  }

  @Nested
  @DisplayName("the catalog")
  class CatalogRules {
    @Test
    @DisplayName("the bundled catalog lists the five products with their prices")
    void bundled() {
      assertThat(uncloud.catalog().products()).extracting(p -> p.code())
          .containsExactly("membership", "ipv6-vm", "django-hosting", "ipv6-vpn", "vm-snapshot");
      assertThat(uncloud.catalog().product("membership").monthly()).isEqualByComparingTo("5.00");
      assertThat(uncloud.catalog().product("vm-snapshot").usageRatePerGbSecond()).isEqualByComparingTo("0.00000014");
    }

    @Test
    @DisplayName("a VM's monthly price comes from the resource price table")
    void resourcePricing() {
      Quote quote = uncloud.catalog().quote("ipv6-vm", SMALL_VM);

      assertThat(quote.monthly()).isEqualTo(chf("13.00")); // 2 x 3.00 + 4 x 1.50 + 20 x 0.05
      assertThat(quote.oneTime()).isEqualTo(chf("0.00"));
      assertThat(uncloud.catalog().quote("django-hosting", SMALL_VM).oneTime()).isEqualTo(chf("35.00"));
    }

    @Test
    @DisplayName("parameters are checked: missing, unknown, out of range and unlisted values are refused")
    void parameters() {
      assertThatThrownBy(() -> uncloud.catalog().quote("ipv6-vm", Map.of("cores", "2")))
          .isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "invalid_argument").hasMessageContaining("ram_gb");
      assertThatThrownBy(() -> uncloud.catalog().quote("ipv6-vm", Map.of("cores", "17", "ram_gb", "4", "os_disk_gb", "20", "os", "debian-12")))
          .isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "invalid_argument").hasMessageContaining("from 1 to 16");
      assertThatThrownBy(() -> uncloud.catalog().quote("ipv6-vm", Map.of("cores", "2", "ram_gb", "4", "os_disk_gb", "20", "os", "windows")))
          .isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "invalid_argument").hasMessageContaining("debian-12");
      assertThatThrownBy(() -> uncloud.catalog().quote("ipv6-vpn", Map.of("cores", "2")))
          .isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "invalid_argument").hasMessageContaining("takes none");
      assertThatThrownBy(() -> uncloud.catalog().quote("ipv6-vm", Map.of("cores", "2.5", "ram_gb", "4", "os_disk_gb", "20", "os", "debian-12")))
          .isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "invalid_argument").hasMessageContaining("whole number");
      assertThatThrownBy(() -> uncloud.catalog().quote("gpu-vm", Map.of())).isInstanceOf(NotFoundException.class).hasFieldOrPropertyWithValue("errorCode", "unknown_product");
    }

    @Test
    @DisplayName("a broken catalog file is refused with every problem listed")
    void brokenCatalog() {
      String json = """
          {"currency": "CHF", "products": [
            {"code": "membership", "monthly": 5.00, "colour": "red"},
            {"code": "vpn", "monthly": "4.00", "freeWithActive": ["vm"], "requiresMembership": "yes"},
            {"code": "vpn", "monthly": "4.00"}
          ]}""";

      assertThatThrownBy(() -> Catalogs.load(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json"))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("membership.monthly: must be a decimal in quotes")
          .hasMessageContaining("unknown key 'colour'")
          .hasMessageContaining("no product 'vm'")
          .hasMessageContaining("requiresMembership: must be true or false")
          .hasMessageContaining("code 'vpn' appears twice");
      assertThatThrownBy(() -> Catalogs.load(new ByteArrayInputStream("{".getBytes(StandardCharsets.UTF_8)), "bad.json"))
          .isInstanceOf(ConfigurationException.class).hasMessageContaining("not valid JSON");
    }
  }

  @Nested
  @DisplayName("orders")
  class Orders {
    @Test
    @DisplayName("a VM needs an active membership first")
    void membershipRequired() {
      assertThatThrownBy(() -> order("ipv6-vm", SMALL_VM)).isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("errorCode", "order_not_allowed")
          .hasMessageContaining("membership");
      order("membership", Map.of());

      assertThat(order("ipv6-vm", SMALL_VM).monthly()).isEqualTo(chf("13.00"));
    }

    @Test
    @DisplayName("at most one active membership per user")
    void oneMembership() {
      order("membership", Map.of());

      assertThatThrownBy(() -> order("membership", Map.of())).isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("errorCode", "order_not_allowed")
          .hasMessageContaining("at most 1");
    }

    @Test
    @DisplayName("snapshots are not ordered directly")
    void snapshotsNotOrderable() {
      assertThatThrownBy(() -> order("vm-snapshot", Map.of())).isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "invalid_argument");
    }

    @Test
    @DisplayName("orders are idempotent on the caller's key, a retry says it replayed; reusing the key for another order is a conflict")
    void idempotent() {
      OrderRequest request = OrderRequest.of("nethzuser", "membership", Map.of()).withIdempotencyKey("o-1");
      PlacedOrder first = uncloud.orders().placeOrder(request);
      PlacedOrder retry = uncloud.orders().placeOrder(request);

      assertThat(first.replayed()).isFalse();
      assertThat(retry.replayed()).isTrue();
      assertThat(retry.order().id()).isEqualTo(first.order().id());
      assertThat(uncloud.orders().placeOrder(OrderRequest.of("nethzuser", "ipv6-vpn", Map.of())).replayed()).isFalse();
      assertThat(uncloud.orders().orders(NETHZ)).hasSize(2);
      assertThatThrownBy(() -> uncloud.orders().placeOrder(OrderRequest.of("nethzuser", "ipv6-vpn", Map.of()).withIdempotencyKey("o-1")))
          .isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("errorCode", "idempotency_conflict");
    }

    @Test
    @DisplayName("a key another process stored between the check and the insert is a replay, as the store decides")
    void replayDecidedByTheStore() {
      InMemoryShopStore shared = InMemoryShopStore.create();
      Order[] competitor = new Order[1];
      ShopStore racing = new RacingShopStore(shared, order -> competitor[0] = shared.insert(new Order("ord_other",
          order.account(), order.productCode(), order.parameters(), order.oneTime(), order.monthly(), order.payment(),
          order.startsAt(), order.end(), order.minimumEnd(), order.replaces(), order.idempotencyKey(), order.placedAt())));
      try (Uncloud racingUncloud = UncloudCore.builder().ledger(InMemoryLedger.create())
          .directory(InMemoryAccountDirectory.withContractFixture()).shopStore(racing).clock(clock).zone(ZURICH)
          .build()) {
        PlacedOrder placed = racingUncloud.orders().placeOrder(OrderRequest.of("nethzuser", "membership", Map.of())
            .withIdempotencyKey("o-race"));

        assertThat(placed.replayed()).isTrue();
        assertThat(placed.order().id()).isEqualTo("ord_other").isEqualTo(competitor[0].id());
        assertThat(shared.orders(NETHZ)).hasSize(1);
      }
    }

    @Test
    @DisplayName("a user sees only their own orders")
    void ownOrdersOnly() {
      Order mine = order("membership", Map.of());

      assertThatThrownBy(() -> uncloud.orders().cancel(Username.of("erstsemester"), mine.id()))
          .isInstanceOf(NotFoundException.class).hasFieldOrPropertyWithValue("errorCode", "unknown_order");
      assertThat(uncloud.orders().orders(Username.of("erstsemester"))).isEmpty();
    }

    @Test
    @DisplayName("cancelling in the first month ends an order at its minimum end, one month after its start")
    void cancelAndMinimumDuration() {
      clock.set(at("2026-11-20T00:00"));
      Order membership = order("membership", Map.of());
      clock.set(at("2026-11-21T00:00"));

      Order cancelled = uncloud.orders().cancel(NETHZ, membership.id());

      assertThat(cancelled.endsAt()).contains(at("2026-12-20T00:00"));
      assertThat(uncloud.orders().cancel(NETHZ, membership.id()).endsAt()).contains(at("2026-12-20T00:00"));
    }

    @Test
    @DisplayName("after its minimum, cancelling ends an order at its next monthly anniversary, not at the end of the calendar month")
    void cancelEndsAtTheMonthlyAnniversary() {
      clock.set(at("2026-11-20T00:00"));
      Order membership = order("membership", Map.of());
      clock.set(at("2026-12-25T00:00"));

      Order cancelled = uncloud.orders().cancel(NETHZ, membership.id());

      assertThat(cancelled.endsAt()).contains(at("2027-01-20T00:00"));
    }

    @Test
    @DisplayName("an order placed on the 31st ends on the last day of a shorter month, and on the 31st again after it")
    void anniversaryOfTheLastDayOfAMonth() {
      clock.set(at("2027-01-31T12:00"));
      Order membership = order("membership", Map.of());
      clock.set(at("2027-03-05T00:00"));

      Order cancelled = uncloud.orders().cancel(NETHZ, membership.id());

      assertThat(cancelled.endsAt()).contains(at("2027-03-31T12:00"));
    }
  }

  @Nested
  @DisplayName("bills")
  class Bills {
    @Test
    @DisplayName("a full month of membership costs its monthly price; a mid-month VM is pro rata by the second")
    void proRata() {
      order("membership", Map.of());
      clock.set(at("2026-11-16T00:00"));
      order("ipv6-vm", SMALL_VM);

      Bill bill = finalBill("2026-11");

      assertThat(line(bill, "Membership", BillLine.Kind.RECURRING)).isEqualTo(chf("5.00"));
      assertThat(line(bill, "IPv6-only VM", BillLine.Kind.RECURRING)).isEqualTo(chf("6.50")); // 13.00 x 15/30 days
      assertThat(bill.total()).isEqualTo(chf("11.50"));
      assertThat(bill.status()).isEqualTo(Bill.Status.OPEN);
    }

    @Test
    @DisplayName("hosting bills its one-time fee once, in the month it starts")
    void oneTimeOnce() {
      order("membership", Map.of());
      order("django-hosting", SMALL_VM);

      assertThat(line(finalBill("2026-11"), "Django hosting (one-time)", BillLine.Kind.ONE_TIME)).isEqualTo(chf("35.00"));
      assertThat(finalBill("2026-12").lines()).noneMatch(l -> l.kind() == BillLine.Kind.ONE_TIME);
    }

    @Test
    @DisplayName("an upgrade charges the difference pro rata for the rest of the period")
    void upgrade() {
      order("membership", Map.of());
      Order vm = order("ipv6-vm", SMALL_VM);
      clock.set(at("2026-11-16T00:00"));

      Order bigger = uncloud.orders().change(NETHZ, vm.id(), BIG_VM, null);

      assertThat(bigger.startsAt()).isEqualTo(at("2026-11-16T00:00"));
      assertThat(line(finalBill("2026-11"), "IPv6-only VM", BillLine.Kind.RECURRING))
          .isEqualTo(chf("16.00")); // 13.00 x 15/30 + 19.00 x 15/30
    }

    @Test
    @DisplayName("a downgrade takes effect at the next period")
    void downgrade() {
      order("membership", Map.of());
      Order vm = order("ipv6-vm", SMALL_VM);
      clock.set(at("2026-11-16T00:00"));

      Order smaller = uncloud.orders().change(NETHZ, vm.id(), TINY_VM, null);

      assertThat(smaller.startsAt()).isEqualTo(at("2026-12-01T00:00"));
      assertThat(line(finalBill("2026-11"), "IPv6-only VM", BillLine.Kind.RECURRING)).isEqualTo(chf("13.00"));
      assertThat(line(finalBill("2026-12"), "IPv6-only VM", BillLine.Kind.RECURRING)).isEqualTo(chf("10.00"));
      assertThatThrownBy(() -> uncloud.orders().change(NETHZ, vm.id(), BIG_VM, null)).isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("errorCode", "order_not_allowed");
    }

    @Test
    @DisplayName("the VPN is free while a VM is active and billed once the last VM has ended")
    void vpnFreeWithVm() {
      clock.set(at("2026-10-16T00:00"));
      order("membership", Map.of());
      Order vm = order("ipv6-vm", SMALL_VM);
      order("ipv6-vpn", Map.of());
      clock.set(at("2026-10-20T00:00"));
      uncloud.orders().cancel(NETHZ, vm.id()); // ends at its minimum end, 2026-11-16

      Bill october = finalBill("2026-10");
      Bill november = finalBill("2026-11");

      assertThat(line(october, "IPv6 VPN", BillLine.Kind.RECURRING)).isEqualTo(chf("0.00"));
      assertThat(line(november, "IPv6 VPN", BillLine.Kind.RECURRING)).isEqualTo(chf("2.00")); // 4.00 x 15/30
      assertThat(line(november, "IPv6-only VM", BillLine.Kind.RECURRING)).isEqualTo(chf("6.50"));
    }

    @Test
    @DisplayName("snapshot usage is billed per GB and second")
    void snapshotUsage() {
      usage.add(new UsageRecord("snap-1", NETHZ, "vm-snapshot", new BigDecimal("10"), at("2026-11-05T00:00"), at("2026-11-06T00:00")));

      Bill bill = finalBill("2026-11");

      assertThat(line(bill, "VM snapshot", BillLine.Kind.USAGE)).isEqualTo(chf("0.12")); // 10 x 86400 x 0.00000014 = 0.12096
    }

    @Test
    @DisplayName("the in-memory snapshot books' usage recorder feeds the billing run")
    void snapshotRecorderIsAUsageSource() {
      ch.uncloud.core.internal.SnapshotUsageRecorder recorder = new ch.uncloud.core.internal.SnapshotUsageRecorder();
      recorder.started(new ch.uncloud.api.snapshots.SnapshotUsage("snap-2", NETHZ, java.util.UUID.randomUUID(), "nightly",
          10L << 30, at("2026-11-05T00:00"), null));
      recorder.ended(new ch.uncloud.api.snapshots.SnapshotUsage("snap-2", NETHZ, java.util.UUID.randomUUID(), "nightly",
          10L << 30, at("2026-11-05T00:00"), at("2026-11-06T00:00")));

      List<UsageRecord> records = recorder.usage(at("2026-11-01T00:00"), at("2026-12-01T00:00"));

      assertThat(records).singleElement().satisfies(r -> {
        assertThat(r.gigabytes()).isEqualByComparingTo("10");
        assertThat(r.productCode()).isEqualTo("vm-snapshot");
      });
      usage.addAll(records);
      assertThat(line(finalBill("2026-11"), "VM snapshot", BillLine.Kind.USAGE)).isEqualTo(chf("0.12"));
    }

    @Test
    @DisplayName("a snapshot taken through the snapshot service is billed by the GB-second without further wiring")
    void snapshotServiceBilled() {
      ch.uncloud.testkit.InMemorySnapshotBackend backend = ch.uncloud.testkit.InMemorySnapshotBackend.create();
      java.util.UUID vm = java.util.UUID.randomUUID();
      backend.registerVm(NETHZ, vm, 10L << 30);
      try (Uncloud shop = UncloudCore.builder().ledger(InMemoryLedger.create())
          .directory(InMemoryAccountDirectory.withContractFixture()).shopStore(InMemoryShopStore.create())
          .snapshotBackend(backend).clock(clock).zone(ZURICH).build()) {
        clock.set(at("2026-11-05T00:00"));
        String id = shop.snapshots().create(NETHZ, vm, "nightly").id();
        clock.set(at("2026-11-06T00:00"));
        shop.snapshots().delete(NETHZ, id);
        clock.set(at("2026-12-01T00:00"));

        Bill bill = shop.billing().run(YearMonth.parse("2026-11")).get(0);

        assertThat(line(bill, "VM snapshot", BillLine.Kind.USAGE)).isEqualTo(chf("0.12")); // 10 GB x 86,400 s
      }
    }

    @Test
    @DisplayName("before the month ends a bill is preliminary and nothing is booked")
    void preliminary() {
      order("membership", Map.of());
      clock.set(at("2026-11-20T00:00"));

      List<Bill> bills = uncloud.billing().run(YearMonth.parse("2026-11"));

      assertThat(bills).singleElement().extracting(Bill::status).isEqualTo(Bill.Status.PRELIMINARY);
      assertThat(ledger.size()).isZero();
    }

    @Test
    @DisplayName("final bill lines are ledger charges, so balances and the lock rule see them; a second run changes nothing")
    void bookedOnceAndLocks() {
      order("membership", Map.of());
      Bill bill = finalBill("2026-11");
      int entries = ledger.size();

      List<Bill> again = uncloud.billing().run(YearMonth.parse("2026-11"));

      assertThat(entries).isEqualTo(1);
      assertThat(ledger.size()).isEqualTo(entries);
      assertThat(again).containsExactly(bill);
      assertThat(uncloud.credit().status(NETHZ).balance()).isEqualTo(chf("-5.00"));
      assertThat(uncloud.credit().status(NETHZ).locked()).isTrue();
      assertThat(bill.note()).contains("short by 5.00 CHF");
    }

    @Test
    @DisplayName("a bill paid from a sufficient prepaid balance is paid")
    void paidFromBalance() {
      uncloud.credit().deposit(uncloud.credit().authenticate("bursar", Secret.of("bursargeheim")),
          DepositRequest.of("nethzuser", "50.00", "CHF", "top-up"));
      order("membership", Map.of());

      Bill bill = finalBill("2026-11");

      assertThat(bill.status()).isEqualTo(Bill.Status.PAID);
      assertThat(uncloud.credit().amountAvailable(NETHZ)).isEqualTo(chf("45.00"));
    }

    @Test
    @DisplayName("paying on bill leaves an invoice open, due 10 days after the bill")
    void invoice() {
      uncloud.orders().placeOrder(OrderRequest.of("nethzuser", "membership", Map.of()).payingBy(PaymentChoice.INVOICE));

      Bill bill = finalBill("2026-11");

      assertThat(bill.status()).isEqualTo(Bill.Status.OPEN);
      assertThat(bill.dueDate()).isEqualTo(LocalDate.parse("2026-12-11"));
      assertThat(uncloud.billing().bills(NETHZ)).containsExactly(bill);
    }

    /** nethzuser's November invoice for a membership, marked paid by the bursar with this reference. */
    private Bill invoiceMarkedPaid(String reference) {
      uncloud.orders().placeOrder(OrderRequest.of("nethzuser", "membership", Map.of()).payingBy(PaymentChoice.INVOICE));
      String open = finalBill("2026-11").id(); // moves the clock past the month, before the bursar logs in
      return uncloud.billing().markPaid(bursar(), open, reference);
    }

    private AdminSession bursar() {
      return uncloud.credit().authenticate("bursar", Secret.of("bursargeheim"));
    }

    @Test
    @DisplayName("the open invoices of every account are listed for the cashier, until one is marked paid; other admins are refused")
    void openInvoicesForTheCashier() {
      uncloud.orders().placeOrder(OrderRequest.of("nethzuser", "membership", Map.of()).payingBy(PaymentChoice.INVOICE));
      Bill open = finalBill("2026-11");

      assertThat(uncloud.billing().openInvoices(bursar())).containsExactly(open);
      uncloud.billing().markPaid(bursar(), open.id(), "RF18 5390");
      assertThat(uncloud.billing().openInvoices(bursar())).isEmpty();
      AdminSession raplab = uncloud.credit().authenticate("raplab", Secret.of("verygeheim"));
      assertThatThrownBy(() -> uncloud.billing().openInvoices(raplab))
          .isInstanceOfSatisfying(ch.uncloud.api.ForbiddenException.class, e -> assertThat(e.errorCode())
              .isEqualTo(ErrorCodes.NOT_SERVICE_OWNER));
    }

    @Test
    @DisplayName("an invoice marked paid again with the same reference is the first outcome and books nothing")
    void markPaidAgainWithTheSameReference() {
      Bill paid = invoiceMarkedPaid("RF18 5390");
      int entries = ledger.size();

      Bill again = uncloud.billing().markPaid(bursar(), paid.id(), " RF18 5390 ");

      assertThat(paid.status()).isEqualTo(Bill.Status.PAID);
      assertThat(again).isEqualTo(paid);
      assertThat(ledger.size()).isEqualTo(entries);
    }

    @Test
    @DisplayName("an invoice marked paid with one reference refuses another with marked_paid_with_other_reference, naming the first, and books nothing")
    void markPaidWithAnotherReferenceIsRefused() {
      Bill paid = invoiceMarkedPaid("RF18 5390");
      int entries = ledger.size();

      assertThatThrownBy(() -> uncloud.billing().markPaid(bursar(), paid.id(), "RF99 0001"))
          .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.errorCode())
              .isEqualTo(ErrorCodes.MARKED_PAID_WITH_OTHER_REFERENCE))
          .hasMessageContaining("reference RF18 5390, not RF99 0001");
      assertThat(ledger.size()).isEqualTo(entries);
      assertThat(uncloud.billing().bills(NETHZ)).containsExactly(paid);
    }
  }

  @Nested
  @DisplayName("the membership runs as long as what needs it, and each order is paid its own way")
  class MembershipAndPaymentChoices {
    @Test
    @DisplayName("cancelling the membership while a VM and hosting run is refused, naming them; it books nothing")
    void membershipCancelRefusedWhileDependentsRun() {
      Order membership = order("membership", Map.of());
      Order vm = order("ipv6-vm", SMALL_VM);
      Order hosting = order("django-hosting", SMALL_VM);

      assertThatThrownBy(() -> uncloud.orders().cancel(NETHZ, membership.id()))
          .isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("errorCode", "order_not_allowed")
          .hasMessageContaining(vm.id()).hasMessageContaining(hosting.id()).hasMessageContaining("cancel them first");
      assertThat(uncloud.orders().order(NETHZ, membership.id()).endsAt()).isEmpty();
    }

    @Test
    @DisplayName("once the dependents are cancelled the membership ends with the last of them, so no month bills a VM without it")
    void membershipEndsWithItsLastDependent() {
      clock.set(at("2026-11-01T00:00"));
      Order membership = order("membership", Map.of());
      clock.set(at("2026-11-20T00:00"));
      Order vm = order("ipv6-vm", SMALL_VM);
      clock.set(at("2026-11-25T00:00"));

      Order vmCancelled = uncloud.orders().cancel(NETHZ, vm.id());
      Order membershipCancelled = uncloud.orders().cancel(NETHZ, membership.id());

      assertThat(vmCancelled.endsAt()).contains(at("2026-12-20T00:00"));
      assertThat(membershipCancelled.endsAt()).contains(at("2026-12-20T00:00"));
      Bill december = finalBill("2026-12");
      assertThat(december.lines()).extracting(BillLine::description)
          .containsExactly("Membership", "IPv6-only VM (cores=2, os=debian-12, os_disk_gb=20, ram_gb=4)");
    }

    @Test
    @DisplayName("a cancelled membership admits no new VM")
    void cancelledMembershipAdmitsNoNewDependent() {
      Order membership = order("membership", Map.of());
      uncloud.orders().cancel(NETHZ, membership.id());

      assertThatThrownBy(() -> order("ipv6-vm", SMALL_VM)).isInstanceOf(ConflictException.class)
          .hasFieldOrPropertyWithValue("errorCode", "order_not_allowed").hasMessageContaining("cancelled");
    }

    @Test
    @DisplayName("orders paid by balance, card and invoice give three bills, each with its own orders' lines, paid its own way")
    void eachOrderIsPaidTheWayItChose() {
      String setup = gateway.startCardSetup(NETHZ).setupId();
      gateway.confirmCardSetup(setup, "pm_card_visa");
      gateway.completeCardSetup(NETHZ, setup);
      uncloud.credit().deposit(uncloud.credit().authenticate("bursar", Secret.of("bursargeheim")),
          DepositRequest.of("nethzuser", "100.00", "CHF", "prepaid"));
      Order membership = uncloud.orders().placeOrder(OrderRequest.of("nethzuser", "membership", Map.of())).order();
      Order vm = uncloud.orders().placeOrder(OrderRequest.of("nethzuser", "ipv6-vm", SMALL_VM)
          .payingBy(PaymentChoice.CARD)).order();
      Order hosting = uncloud.orders().placeOrder(OrderRequest.of("nethzuser", "django-hosting", TINY_VM)
          .payingBy(PaymentChoice.INVOICE)).order();

      clock.set(at("2026-12-01T00:00"));
      List<Bill> bills = uncloud.billing().run(YearMonth.parse("2026-11"));

      assertThat(bills).extracting(Bill::payment)
          .containsExactly(PaymentChoice.BALANCE, PaymentChoice.CARD, PaymentChoice.INVOICE);
      assertThat(bills.get(0).lines()).extracting(BillLine::orderId).containsOnly(membership.id());
      assertThat(bills.get(0).status()).isEqualTo(Bill.Status.PAID);
      assertThat(bills.get(0).total()).isEqualTo(chf("5.00"));
      assertThat(bills.get(1).lines()).extracting(BillLine::orderId).containsOnly(vm.id());
      assertThat(bills.get(1).note()).startsWith("paid by card");
      assertThat(bills.get(1).total()).isEqualTo(chf("13.00"));
      assertThat(bills.get(2).lines()).extracting(BillLine::orderId).containsOnly(hosting.id());
      assertThat(bills.get(2).status()).isEqualTo(Bill.Status.OPEN);
      assertThat(bills.get(2).note()).startsWith("invoice sent");
      assertThat(bills.get(2).total()).isEqualTo(chf("45.00")); // 35.00 once + 1 x 3.00 + 4 x 1.50 + 20 x 0.05
      assertThat(gateway.succeededChargeCount()).isEqualTo(1);
      assertThat(uncloud.billing().preview(NETHZ, YearMonth.parse("2026-11"))).isEqualTo(bills);
      assertThat(uncloud.billing().bills(NETHZ)).isEqualTo(bills);
      // 100.00 prepaid - all lines (5.00 + 13.00 + 45.00) + the card payment (13.00)
      assertThat(uncloud.credit().amountAvailable(NETHZ)).isEqualTo(chf("50.00"));
    }

    @Test
    @DisplayName("bill lines read as plain text: no stray spaces, parameters in parentheses")
    void lineTexts() {
      order("membership", Map.of());
      order("ipv6-vm", TINY_VM);
      order("ipv6-vpn", Map.of());

      assertThat(uncloud.billing().preview(NETHZ, YearMonth.parse("2026-11")).get(0).lines())
          .extracting(BillLine::description).containsExactly("Membership",
              "IPv6-only VM (cores=1, os=debian-12, os_disk_gb=20, ram_gb=4)", "IPv6 VPN, free while a VM was active");
    }
  }

  @Nested
  @DisplayName("card payments")
  class CardPayments {
    private void registerCard(String testCard) {
      String setup = gateway.startCardSetup(NETHZ).setupId();
      gateway.confirmCardSetup(setup, testCard);
      gateway.completeCardSetup(NETHZ, setup);
    }

    private Order orderPayingByCard() {
      return uncloud.orders().placeOrder(OrderRequest.of("nethzuser", "membership", Map.of()).payingBy(PaymentChoice.CARD))
          .order();
    }

    @Test
    @DisplayName("card payment needs a default card when ordering")
    void needsCard() {
      assertThatThrownBy(this::orderPayingByCard).isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("errorCode", "order_not_allowed")
          .hasMessageContaining("no default card");
    }

    @Test
    @DisplayName("paying by card where no payment provider is configured is 409 order_not_allowed, naming the other choices, and orders nothing")
    void cardWithoutPaymentProvider() {
      InMemoryShopStore store = InMemoryShopStore.create();
      try (Uncloud withoutPayments = UncloudCore.builder().ledger(InMemoryLedger.create())
          .directory(InMemoryAccountDirectory.withContractFixture()).shopStore(store).clock(clock).zone(ZURICH).build()) {
        assertThatThrownBy(() -> withoutPayments.orders().placeOrder(OrderRequest.of("nethzuser", "membership", Map.of())
            .payingBy(PaymentChoice.CARD)))
            .isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("errorCode", "order_not_allowed")
            .hasMessageContaining("balance").hasMessageContaining("invoice");
        assertThat(store.orders(NETHZ)).isEmpty();
      }
    }

    @Test
    @DisplayName("a final bill is paid by the default card once; the payment is booked, so the balance is even")
    void paidByCard() {
      registerCard("pm_card_visa");
      orderPayingByCard();

      Bill bill = finalBill("2026-11");
      uncloud.billing().run(YearMonth.parse("2026-11"));

      assertThat(bill.status()).isEqualTo(Bill.Status.PAID);
      assertThat(gateway.succeededChargeCount()).isEqualTo(1);
      assertThat(uncloud.credit().status(NETHZ).balance()).isEqualTo(chf("0.00"));
      assertThat(uncloud.credit().status(NETHZ).locked()).isFalse();
    }

    @Test
    @DisplayName("a failed card payment leaves the bill open and says why")
    void failedCardPayment() {
      registerCard("pm_card_chargeCustomerFail");
      orderPayingByCard();

      Bill bill = finalBill("2026-11");

      assertThat(bill.status()).isEqualTo(Bill.Status.OPEN);
      assertThat(bill.note()).startsWith("card payment failed:").contains("declined");
      assertThat(gateway.succeededChargeCount()).isZero();
    }

    @Test
    @DisplayName("an open bill can be paid later, and paying a paid bill changes nothing")
    void payLater() {
      registerCard("pm_card_chargeCustomerFail");
      orderPayingByCard();
      finalBill("2026-11");
      registerCard("pm_card_visa");
      for (var method : gateway.paymentMethods(NETHZ)) {
        if (method.brand().equals("visa") && !method.isDefault()) {
          gateway.setDefaultPaymentMethod(NETHZ, method.id());
        }
      }

      List<Bill> paid = uncloud.billing().pay(NETHZ, YearMonth.parse("2026-11"), PaymentChoice.CARD);

      assertThat(paid).extracting(Bill::status).containsExactly(Bill.Status.PAID);
      assertThat(uncloud.billing().pay(NETHZ, YearMonth.parse("2026-11"), PaymentChoice.CARD)).isEqualTo(paid);
      assertThat(gateway.succeededChargeCount()).isEqualTo(1);
    }
  }
}
