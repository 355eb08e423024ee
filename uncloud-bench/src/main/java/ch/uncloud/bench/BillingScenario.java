package ch.uncloud.bench;

import ch.uncloud.api.Money;
import ch.uncloud.api.Secret;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.AdminSession;
import ch.uncloud.api.credit.DepositRequest;
import ch.uncloud.api.credit.ServiceDefinition;
import ch.uncloud.api.shop.Bill;
import ch.uncloud.api.shop.BillingService;
import ch.uncloud.api.shop.OrderRequest;
import ch.uncloud.api.shop.PaymentChoice;
import ch.uncloud.api.shop.UsageRecord;
import ch.uncloud.core.UncloudCore;
import ch.uncloud.spi.Ledger;
import ch.uncloud.spi.ShopStore;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import ch.uncloud.testkit.TestClock;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A month of the shop for many accounts, on a given ledger and shop store: every account has a
 * membership and an IPv6 VM of its own size; every third also a VPN (free: the VM runs all month),
 * every tenth a Django hosting (one-time fee plus its VM), every twentieth (from the second) a 50 GB
 * snapshot for the whole month. Every fifth pays on invoice, the others from their balance, which half of the
 * accounts topped up with 100.00 CHF before. All orders start at the first second of
 * {@link #MONTH}; the billing runs at the first hour after it.
 *
 * <p>Each account's expected bill is computed here from the published prices, independently of the
 * catalog and the billing code, so a run can be checked against it.
 */
public final class BillingScenario implements AutoCloseable {
  /** The billed month. */
  public static final YearMonth MONTH = YearMonth.of(2026, 11);
  /** The zone periods are counted in. */
  public static final ZoneId ZONE = ZoneId.of("Europe/Zurich");
  /** What half of the accounts deposit before the month. */
  public static final Money DEPOSIT = Money.of("100.00", "CHF");

  private static final String BURSAR = "bursar";
  private static final Secret BURSAR_PASSWORD = Secret.of("bench-bursar-password");
  private static final BigDecimal SNAPSHOT_GB = new BigDecimal("50");
  private static final BigDecimal SNAPSHOT_RATE = new BigDecimal("0.00000014");

  private final TestClock clock;
  private final UncloudCore uncloud;
  private final List<Username> accounts;
  private final Map<Username, Account> expected = new LinkedHashMap<>();
  private final List<UsageRecord> usage = new ArrayList<>();

  /**
   * What one account is expected to be billed.
   *
   * @param total the bill's total
   * @param charges how many ledger charges the bill books (its non-zero lines)
   * @param payment how the bill is paid
   * @param deposited whether the account topped up its balance before
   */
  public record Account(Money total, int charges, PaymentChoice payment, boolean deposited) {
    /** @return the status the bill has after the run: paid from a topped-up balance, else open */
    public Bill.Status status() {
      return payment == PaymentChoice.BALANCE && deposited ? Bill.Status.PAID : Bill.Status.OPEN;
    }
  }

  private BillingScenario(Ledger ledger, ShopStore store, int accountCount) {
    this.clock = TestClock.at(MONTH.atDay(1).atStartOfDay(ZONE).toInstant());
    InMemoryAccountDirectory directory = InMemoryAccountDirectory.create();
    List<Username> names = new ArrayList<>(accountCount);
    for (int i = 0; i < accountCount; i++) {
      String name = String.format(Locale.ROOT, "member%05d", i);
      directory.addUser(name, "pw-" + name, Map.of("departmentNumber", List.of("D-ITET")));
      names.add(Username.of(name));
    }
    this.accounts = Collections.unmodifiableList(names);
    this.uncloud = UncloudCore.builder()
        .ledger(ledger)
        .directory(directory)
        .shopStore(store)
        .usage((from, to) -> List.copyOf(usage))
        .clock(clock)
        .zone(ZONE)
        .admin(BURSAR, BURSAR_PASSWORD)
        .service(ServiceDefinition.builder("deposits").owners(BURSAR).maxCharge("10000.00").build())
        .build();
  }

  /**
   * Creates the accounts, deposits and orders (on {@code threads} threads) and leaves the clock at
   * the first hour after {@link #MONTH}, ready for the billing run.
   *
   * @param ledger an empty ledger
   * @param store an empty shop store
   * @param accountCount how many accounts
   * @param threads how many threads place the orders
   * @return the scenario; closing it closes the ledger and the store
   * @throws Exception if an order or deposit fails
   */
  public static BillingScenario prepare(Ledger ledger, ShopStore store, int accountCount, int threads) throws Exception {
    BillingScenario scenario = new BillingScenario(ledger, store, accountCount);
    try {
      scenario.placeOrders(threads);
      return scenario;
    } catch (Exception | Error e) {
      scenario.close();
      throw e;
    }
  }

  /** @return the accounts, in order */
  public List<Username> accounts() {
    return accounts;
  }

  /** @return each account's expected bill */
  public Map<Username, Account> expected() {
    return Collections.unmodifiableMap(expected);
  }

  /** @return the uncloud instance */
  public UncloudCore uncloud() {
    return uncloud;
  }

  /** @return the start of the interval the billing run books in (one hour after the month) */
  public Instant billingFrom() {
    return MONTH.plusMonths(1).atDay(1).atStartOfDay(ZONE).toInstant();
  }

  /** @return the end of the interval the billing run books in */
  public Instant billingTo() {
    return billingFrom().plus(Duration.ofDays(1));
  }

  /**
   * Runs the month's billing.
   *
   * @return the bills
   */
  public List<Bill> run() {
    return uncloud.billing().run(MONTH);
  }

  /** @return the service the run books under */
  public static ch.uncloud.api.ServiceName shopService() {
    return BillingService.SHOP;
  }

  @Override
  public void close() {
    uncloud.close();
  }

  private void placeOrders(int threads) throws InterruptedException, ExecutionException {
    Instant monthStart = clock.instant();
    Instant monthEnd = billingFrom();
    for (int i = 0; i < accounts.size(); i++) {
      if (hasSnapshot(i)) {
        usage.add(new UsageRecord("snap-" + i, accounts.get(i), "vm-snapshot", SNAPSHOT_GB, monthStart, null));
      }
      expected.put(accounts.get(i), expectation(i, Duration.between(monthStart, monthEnd).getSeconds()));
    }
    AdminSession bursar = uncloud.credit().authenticate(BURSAR, BURSAR_PASSWORD);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t;
        done.add(pool.submit(() -> {
          for (int i = first; i < accounts.size(); i += threads) {
            order(i, bursar);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    clock.set(billingFrom().plus(Duration.ofHours(1)));
  }

  private void order(int i, AdminSession bursar) {
    String name = accounts.get(i).value();
    PaymentChoice payment = payment(i);
    if (deposited(i)) {
      uncloud.credit().deposit(bursar, DepositRequest.of(name, DEPOSIT.amount().toPlainString(), "CHF", "top-up")
          .withIdempotencyKey("top-up-" + name));
    }
    uncloud.orders().placeOrder(OrderRequest.of(name, "membership", Map.of()).payingBy(payment)
        .withIdempotencyKey("membership-" + name));
    uncloud.orders().placeOrder(OrderRequest.of(name, "ipv6-vm", vm(i)).payingBy(payment)
        .withIdempotencyKey("vm-" + name));
    if (i % 3 == 0) {
      uncloud.orders().placeOrder(OrderRequest.of(name, "ipv6-vpn", Map.of()).payingBy(payment)
          .withIdempotencyKey("vpn-" + name));
    }
    if (i % 10 == 0) {
      uncloud.orders().placeOrder(OrderRequest.of(name, "django-hosting", hostingVm()).payingBy(payment)
          .withIdempotencyKey("django-" + name));
    }
  }

  /** The bill from the published prices: 3.00 per core, 1.50 per GB RAM, 0.05 per GB disk, ... */
  private static Account expectation(int i, long monthSeconds) {
    BigDecimal total = new BigDecimal("5.00"); // membership
    int charges = 2; // membership, VM
    total = total.add(vmPrice(vm(i)));
    if (i % 10 == 0) {
      total = total.add(new BigDecimal("35.00")).add(vmPrice(hostingVm()));
      charges += 2;
    }
    if (hasSnapshot(i)) {
      total = total.add(SNAPSHOT_GB.multiply(BigDecimal.valueOf(monthSeconds)).multiply(SNAPSHOT_RATE)
          .setScale(2, RoundingMode.HALF_UP));
      charges += 1;
    }
    return new Account(Money.of(total.setScale(2, RoundingMode.UNNECESSARY), java.util.Currency.getInstance("CHF")),
        charges, payment(i), deposited(i));
  }

  private static BigDecimal vmPrice(Map<String, String> vm) {
    return new BigDecimal("3.00").multiply(new BigDecimal(vm.get("cores")))
        .add(new BigDecimal("1.50").multiply(new BigDecimal(vm.get("ram_gb"))))
        .add(new BigDecimal("0.05").multiply(new BigDecimal(vm.get("os_disk_gb"))));
  }

  private static Map<String, String> vm(int i) {
    return Map.of("cores", String.valueOf(1 + i % 4), "ram_gb", String.valueOf(2 + 2 * (i % 3)),
        "os_disk_gb", String.valueOf(20 + 10 * (i % 5)), "os", i % 2 == 0 ? "debian-12" : "alpine-3.20");
  }

  private static Map<String, String> hostingVm() {
    return Map.of("cores", "1", "ram_gb", "2", "os_disk_gb", "10", "os", "debian-12");
  }

  /**
   * Every twentieth account, counted from the second, so it pays from its balance: snapshot usage
   * belongs to no order and is billed on the balance bill, and every account here has one bill.
   */
  private static boolean hasSnapshot(int i) {
    return i % 20 == 1;
  }

  private static PaymentChoice payment(int i) {
    return i % 5 == 0 ? PaymentChoice.INVOICE : PaymentChoice.BALANCE;
  }

  private static boolean deposited(int i) {
    return i % 2 == 0;
  }
}
