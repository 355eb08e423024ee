package ch.uncloud.core.internal;

import ch.uncloud.api.ConflictException;
import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.UncloudException;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.AdminSession;
import ch.uncloud.api.credit.EntryKind;
import ch.uncloud.api.payments.Payment;
import ch.uncloud.api.payments.PaymentRequest;
import ch.uncloud.api.payments.PaymentStatus;
import ch.uncloud.api.shop.Bill;
import ch.uncloud.api.shop.BillLine;
import ch.uncloud.api.shop.BillingService;
import ch.uncloud.api.shop.Catalog;
import ch.uncloud.api.shop.Order;
import ch.uncloud.api.shop.PaymentChoice;
import ch.uncloud.api.shop.Product;
import ch.uncloud.api.shop.UsageRecord;
import ch.uncloud.spi.PaymentGateway;
import ch.uncloud.spi.ShopStore;
import ch.uncloud.spi.UsageSource;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Monthly bills from the orders and metered usage: one-time fees once (in the month an order
 * starts), recurring prices pro rata by the second an order was active, usage by the GB-second.
 * A product that is free with another (the VPN with a VM) is billed only for the seconds no such
 * order was active. Every line is rounded half-up to the currency's decimals.
 *
 * <p>An account gets one bill per month and payment choice: each order's lines are on the bill of
 * the way that order is paid (balance, card or invoice); usage, which belongs to no order, is paid
 * from the balance. Before a month ends its bills are preliminary: computed, never booked. After it
 * ends, {@link #run} makes each bill final once: every non-zero line becomes a ledger charge of the
 * {@link #SHOP} service (so balances and the lock rule see it) and the bill is paid its way. Running a
 * month again changes nothing. Account names are resolved to the directory's stored spelling first.
 * Thread-safe.
 */
public final class CoreBillingService implements BillingService {
  private static final Logger LOG = LoggerFactory.getLogger(CoreBillingService.class);
  private static final int INVOICE_DAYS = 10;
  private static final int PARALLEL_ACCOUNTS = 16;
  /** Usage belongs to no order, so no order chose how it is paid: it is paid from the balance. */
  private static final PaymentChoice USAGE_PAYMENT = PaymentChoice.BALANCE;

  private final Catalog catalog;
  private final ShopStore store;
  private final UsageSource usage;
  private final Supplier<PaymentGateway> payments;
  private final CoreCreditService credit;
  private final KnownUsers users;
  private final Clock clock;
  private final Periods periods;
  private final ZoneId zone;
  private final Announcements announcements;

  public CoreBillingService(Catalog catalog, ShopStore store, UsageSource usage, Supplier<PaymentGateway> payments,
      CoreCreditService credit, Clock clock, Periods periods, ZoneId zone, Announcements announcements) {
    this.announcements = announcements;
    this.catalog = catalog;
    this.store = store;
    this.usage = usage;
    this.payments = payments;
    this.credit = credit;
    this.users = credit.knownUsers();
    this.clock = clock;
    this.periods = periods;
    this.zone = zone;
  }

  @Override
  public List<Bill> preview(Username asked, YearMonth month) {
    Username account = users.canonicalOrSame(asked);
    Instant from = periods.start(month);
    Instant to = periods.end(month);
    List<Order> orders = store.ordersOverlapping(from, to).stream().filter(o -> o.account().equals(account)).toList();
    List<UsageRecord> used = usage.usage(from, to).stream().filter(u -> u.account().equals(account)).toList();
    List<Bill> computed = compute(account, month, orders, used, isOver(month) ? Bill.Status.OPEN : Bill.Status.PRELIMINARY);
    List<Bill> bills = new ArrayList<>();
    for (Bill bill : computed) {
      bills.add(store.bill(account, month, bill.payment()).orElse(bill));
    }
    return bills;
  }

  @Override
  public List<Bill> run(YearMonth month) {
    Instant from = periods.start(month);
    Instant to = periods.end(month);
    Map<Username, List<Order>> orders = new TreeMap<>(Comparator.comparing(Username::value));
    for (Order order : store.ordersOverlapping(from, to)) {
      orders.computeIfAbsent(order.account(), a -> new ArrayList<>()).add(order);
    }
    Map<Username, List<UsageRecord>> used = new LinkedHashMap<>();
    for (UsageRecord record : usage.usage(from, to)) {
      used.computeIfAbsent(record.account(), a -> new ArrayList<>()).add(record);
      orders.computeIfAbsent(record.account(), a -> new ArrayList<>());
    }
    boolean over = isOver(month);
    List<Callable<List<Bill>>> work = new ArrayList<>(orders.size());
    for (Map.Entry<Username, List<Order>> e : orders.entrySet()) {
      Username account = e.getKey();
      List<Order> accountOrders = e.getValue();
      List<UsageRecord> accountUsage = used.getOrDefault(account, List.of());
      work.add(over ? () -> finalBills(account, month, accountOrders, accountUsage)
          : () -> compute(account, month, accountOrders, accountUsage, Bill.Status.PRELIMINARY));
    }
    List<Bill> bills = new ArrayList<>();
    (over ? inParallel(work) : runAll(work)).forEach(bills::addAll);
    return bills;
  }

  private List<Bill> finalBills(Username account, YearMonth month, List<Order> orders, List<UsageRecord> used) {
    List<Bill> bills = new ArrayList<>();
    for (Bill computed : compute(account, month, orders, used, Bill.Status.OPEN)) {
      Bill stored = store.bill(account, month, computed.payment()).orElse(null);
      if (stored == null) {
        bills.add(finalize(computed));
      } else if (stored.status() == Bill.Status.OPEN && stored.note().isEmpty()) {
        // stored, then interrupted before paying
        bills.add(announcements.bill(store.updatePayment(settle(stored, stored.payment())), clock.instant()));
      } else {
        bills.add(stored);
      }
    }
    return bills;
  }

  /**
   * Accounts are independent, so their bills are made final side by side: the ledger then books
   * many accounts' lines in one transaction (group commit) instead of one line after another.
   */
  private static <T> List<T> inParallel(List<Callable<T>> work) {
    if (work.size() < 2) {
      return runAll(work);
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL_ACCOUNTS, work.size()), runnable -> {
      Thread thread = new Thread(runnable, "uncloud-billing");
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<T> bills = new ArrayList<>(work.size());
      for (Future<T> future : pool.invokeAll(work)) {
        bills.add(future.get());
      }
      return bills;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderUnavailableException("the billing run was interrupted; run it again, it resumes where it stopped", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private static <T> List<T> runAll(List<Callable<T>> work) {
    List<T> bills = new ArrayList<>(work.size());
    for (Callable<T> task : work) {
      try {
        bills.add(task.call());
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return bills;
  }

  @Override
  public List<Bill> pay(Username asked, YearMonth month, PaymentChoice choice) {
    Username account = users.canonicalOrSame(asked);
    List<Bill> bills = new ArrayList<>();
    for (PaymentChoice way : PaymentChoice.values()) {
      store.bill(account, month, way).ifPresent(bill ->
          bills.add(bill.status() == Bill.Status.PAID ? bill
              : announcements.bill(store.updatePayment(settle(bill, choice)), clock.instant())));
    }
    if (bills.isEmpty()) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "there is no final bill for " + account + " in " + month
          + "; run the billing after the month ends");
    }
    return bills;
  }

  @Override
  public List<Bill> bills(Username account) {
    return store.bills(users.canonicalOrSame(account));
  }

  @Override
  public Bill bill(Username asked, String billId) {
    Username account = users.canonicalOrSame(asked);
    BillKey key = BillKey.parse(billId);
    // a month that is over but was not billed yet has its final bills computed, as the preview shows them
    return store.bill(account, key.month(), key.payment()).or(() -> preview(account, key.month()).stream()
            .filter(b -> b.payment() == key.payment() && b.status() != Bill.Status.PRELIMINARY).findFirst())
        .filter(b -> b.id().equals(billId)).orElseThrow(() -> unknownBill(billId));
  }

  @Override
  public synchronized Bill markPaid(AdminSession session, String billId, String reference) {
    credit.requireCashier(session, "mark invoices paid");
    String checked = TransferReference.check(reference);
    BillKey key = BillKey.parse(billId);
    Bill bill = invoiceAccounts(key.month()).stream()
        .map(account -> store.bill(account, key.month(), key.payment()).orElse(null))
        .filter(b -> b != null && b.id().equals(billId)).findFirst().orElseThrow(() -> unknownBill(billId));
    if (bill.payment() != PaymentChoice.INVOICE) {
      throw new InvalidRequestException(ErrorCodes.NOT_AN_INVOICE, "bill " + billId + " is paid by "
          + bill.payment().name().toLowerCase(Locale.ROOT) + ", not by invoice; only invoices are paid by "
          + "bank transfer");
    }
    if (bill.status() == Bill.Status.PAID) {
      if (TransferReference.isPaidNote(bill.note())) {
        return sameTransfer(bill, checked);
      }
      throw new ConflictException(ErrorCodes.BILL_ALREADY_PAID, "bill " + billId + " was already paid (" + bill.note()
          + "); a bank transfer for it is a refund case: book a deposit on the account instead");
    }
    credit.bookSystemEntry(EntryKind.DEPOSIT, SHOP, bill.account(), bill.total(), "bank transfer for bill "
        + bill.month() + " (reference " + checked + ")", session.admin(),
        IdempotencyKey.of(key("transfer", bill, bill.payment().name())));
    return announcements.bill(store.updatePayment(bill.withPayment(Bill.Status.PAID, null,
        TransferReference.paidNote(checked, session.admin()))), clock.instant());
  }

  @Override
  public List<Bill> openInvoices(AdminSession session) {
    credit.requireCashier(session, "list open invoices");
    Set<Username> accounts = new LinkedHashSet<>();
    // every order placed so far (a store may keep times as nanoseconds, so no far-future bound)
    for (Order order : store.ordersOverlapping(Instant.EPOCH, clock.instant().plusSeconds(1))) {
      accounts.add(order.account());
    }
    List<Bill> open = new ArrayList<>();
    for (Username account : accounts) {
      store.bills(account).stream()
          .filter(b -> b.payment() == PaymentChoice.INVOICE && b.status() == Bill.Status.OPEN)
          .forEach(open::add);
    }
    open.sort(Comparator.comparing((Bill b) -> b.dueDate() == null ? java.time.LocalDate.MAX : b.dueDate())
        .thenComparing(b -> b.account().value()));
    return open;
  }

  /**
   * The events of the final bills that are overdue: open (unpaid) with a due date that has passed (the
   * day after it has begun in the billing zone). Each bill's event has an id derived from the bill, so
   * asking again yields the same events and the outbox keeps each once. The accounts looked at are
   * those with an order, as for {@link #openInvoices}.
   *
   * @param now the time to judge by
   * @return one {@code bill.overdue} per overdue bill
   */
  public List<ch.uncloud.api.events.Event> overdueBillEvents(Instant now) {
    LocalDate today = LocalDate.ofInstant(now, zone);
    Set<Username> accounts = new LinkedHashSet<>();
    for (Order order : store.ordersOverlapping(Instant.EPOCH, now.plusSeconds(1))) {
      accounts.add(order.account());
    }
    List<ch.uncloud.api.events.Event> events = new ArrayList<>();
    for (Username account : accounts) {
      for (Bill bill : store.bills(account)) {
        if (bill.status() == Bill.Status.OPEN && bill.dueDate() != null && today.isAfter(bill.dueDate())) {
          // it became overdue when the day after its due date began: the same instant however late it is noticed
          events.add(EventRules.billOverdue(bill, bill.dueDate().plusDays(1).atStartOfDay(zone).toInstant()));
        }
      }
    }
    return events;
  }

  /** A bill marked paid before: the same transfer again is the first outcome; another one is refused. */
  private static Bill sameTransfer(Bill paid, String reference) {
    String marked = TransferReference.referenceIn(paid.note());
    if (!marked.equals(reference)) {
      throw new ConflictException(ErrorCodes.MARKED_PAID_WITH_OTHER_REFERENCE, "bill " + paid.id() + " was already "
          + "marked paid by the bank transfer with reference " + marked + ", not " + reference + "; nothing was "
          + "booked: if a second transfer came in, book it as a deposit on the account");
    }
    return paid;
  }

  /** Invoice bills exist only for accounts with an order paid by invoice in their month. */
  private Set<Username> invoiceAccounts(YearMonth month) {
    Set<Username> accounts = new LinkedHashSet<>();
    for (Order order : store.ordersOverlapping(periods.start(month), periods.end(month))) {
      accounts.add(order.account());
    }
    return accounts;
  }

  private static NotFoundException unknownBill(String billId) {
    return new NotFoundException(ErrorCodes.UNKNOWN_BILL, "there is no final bill " + billId
        + "; GET /api/v1/bills lists a person's bills with their ids");
  }

  private boolean isOver(YearMonth month) {
    return !clock.instant().isBefore(periods.end(month));
  }

  private Bill finalize(Bill bill) {
    for (BillLine line : bill.lines()) {
      if (line.amount().isPositive()) {
        credit.bookSystemEntry(EntryKind.CHARGE, SHOP, bill.account(), line.amount(),
            bill.month() + " " + line.description(), "billing", IdempotencyKey.of(key("bill", bill, line.lineId())));
      }
    }
    if (bill.payment() != PaymentChoice.CARD) {
      // settled in memory: one write
      return announcements.bill(store.saveBill(settle(bill, bill.payment())), clock.instant());
    }
    // a card payment reaches out: store the bill first, so a crash before paying is recognised
    Bill stored = announcements.bill(store.saveBill(bill), clock.instant());
    return stored.status() == Bill.Status.OPEN && stored.note().isEmpty()
        ? announcements.bill(store.updatePayment(settle(stored, stored.payment())), clock.instant()) : stored;
  }

  private Bill settle(Bill bill, PaymentChoice choice) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
    if (!bill.total().isPositive()) {
      return bill.withPayment(Bill.Status.PAID, null, "nothing to pay");
    }
    switch (choice) {
      case BALANCE -> {
        Money balance = credit.amountAvailable(bill.account());
        return balance.isNegative()
            ? bill.withPayment(Bill.Status.OPEN, today.plusDays(INVOICE_DAYS), "the prepaid balance is short by "
                + balance.negate() + "; deposit or pay by card")
            : bill.withPayment(Bill.Status.PAID, null, "paid from the prepaid balance");
      }
      case INVOICE -> {
        return bill.withPayment(Bill.Status.OPEN, today.plusDays(INVOICE_DAYS), "invoice sent, due in " + INVOICE_DAYS + " days");
      }
      default -> {
        return payByCard(bill, today);
      }
    }
  }

  /**
   * Each attempt has its own payment id, stored with the bill: a retry after a crash reuses the id of
   * the attempt that was not recorded (the gateway answers with its first outcome), a new attempt
   * after a recorded failure gets a new one.
   */
  private Bill payByCard(Bill unpaid, LocalDate today) {
    Bill bill = unpaid.withCardAttempt();
    // the card bill keeps the ids it always had; another bill paid by card later gets its own
    String which = bill.payment() == PaymentChoice.CARD ? "" : "-" + bill.payment().name().toLowerCase(java.util.Locale.ROOT);
    String paymentId = "bill-" + bill.month().toString().replace("-", "") + "-" + digest(bill.account().value())
        + which + "-" + bill.cardAttempts();
    try {
      Payment payment = payments.get().charge(new PaymentRequest(paymentId, bill.account(), bill.total(),
          "uncloud bill " + bill.month()));
      if (payment.status() != PaymentStatus.SUCCEEDED) {
        return bill.withPayment(Bill.Status.OPEN, today.plusDays(INVOICE_DAYS), "card payment " + paymentId
            + " is " + payment.status().name().toLowerCase(java.util.Locale.ROOT) + "; it is looked up, never paid twice");
      }
      credit.bookSystemEntry(EntryKind.DEPOSIT, SHOP, bill.account(), bill.total(), "card payment of bill " + bill.month(),
          "billing", IdempotencyKey.of(key("paid", bill, paymentId)));
      return bill.withPayment(Bill.Status.PAID, null, "paid by card (" + paymentId + ")");
    } catch (UncloudException e) {
      LOG.info("card payment of the {} bill of {} failed: {}", bill.month(), bill.account(), e.getMessage());
      return bill.withPayment(Bill.Status.OPEN, today.plusDays(INVOICE_DAYS), "card payment failed: " + e.getMessage());
    }
  }

  /**
   * The account's bills of a month, one per payment choice that has lines (balance, card, invoice in
   * that order); a month without any line gets one empty bill paid from the balance.
   */
  private List<Bill> compute(Username account, YearMonth month, List<Order> orders, List<UsageRecord> used,
      Bill.Status status) {
    Map<PaymentChoice, List<BillLine>> byPayment = new java.util.EnumMap<>(PaymentChoice.class);
    for (Order order : orders) {
      byPayment.computeIfAbsent(order.payment(), p -> new ArrayList<>()).addAll(orderLines(order, orders, month));
    }
    byPayment.computeIfAbsent(USAGE_PAYMENT, p -> new ArrayList<>()).addAll(usageLines(used, month));
    byPayment.values().removeIf(List::isEmpty);
    if (byPayment.isEmpty()) {
      byPayment.put(USAGE_PAYMENT, List.of());
    }
    List<Bill> bills = new ArrayList<>();
    byPayment.forEach((payment, lines) -> {
      Money total = Money.zero(catalog.currency());
      for (BillLine line : lines) {
        total = total.plus(line.amount());
      }
      bills.add(new Bill(account, month, status, lines, total, payment, null, "", 0, clock.instant()));
    });
    return bills;
  }

  private List<BillLine> orderLines(Order order, List<Order> orders, YearMonth month) {
    Instant from = periods.start(month);
    Instant to = periods.end(month);
    List<BillLine> lines = new ArrayList<>();
    Product product = catalog.product(order.productCode());
    if (order.oneTime().isPositive() && !order.startsAt().isBefore(from) && order.startsAt().isBefore(to)) {
      lines.add(new BillLine(order.id() + ":once", BillLine.Kind.ONE_TIME, product.name() + " (one-time)",
          order.id(), order.startsAt(), order.startsAt(), order.oneTime()));
    }
    Instant start = later(order.startsAt(), from);
    Instant end = order.end() == null ? to : earlier(order.end(), to);
    if (order.monthly().isPositive() && start.isBefore(end)) {
      long seconds = Duration.between(start, end).getSeconds();
      long free = product.freeWithActive().isEmpty() ? 0 : coveredSeconds(start, end, orders, product);
      lines.add(new BillLine(order.id() + ":monthly", BillLine.Kind.RECURRING, lineText(product, order, free > 0),
          order.id(), start, end, periods.proRata(order.monthly(), seconds - free, month)));
    }
    return lines;
  }

  /** {@code IPv6-only VM (cores=1, os=debian-12)}, {@code Membership}, {@code IPv6 VPN, free while a VM was active}. */
  private static String lineText(Product product, Order order, boolean partlyFree) {
    String parameters = new TreeMap<>(order.parameters()).entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    String text = parameters.isEmpty() ? product.name() : product.name() + " (" + parameters + ")";
    return partlyFree ? text + ", free while a VM was active" : text;
  }

  private List<BillLine> usageLines(List<UsageRecord> used, YearMonth month) {
    Instant from = periods.start(month);
    Instant to = periods.end(month);
    List<BillLine> lines = new ArrayList<>();
    for (UsageRecord record : used) {
      Product product = catalog.product(record.productCode());
      Instant start = later(record.from(), from);
      Instant end = record.to() == null ? earlier(clock.instant(), to) : earlier(record.to(), to);
      if (start.isBefore(end)) {
        long seconds = Duration.between(start, end).getSeconds();
        BigDecimal amount = record.gigabytes().multiply(BigDecimal.valueOf(seconds)).multiply(product.usageRatePerGbSecond())
            .setScale(catalog.currency().getDefaultFractionDigits(), RoundingMode.HALF_UP);
        lines.add(new BillLine("usage:" + record.reference(), BillLine.Kind.USAGE, product.name() + " " + record.reference()
            + " (" + record.gigabytes().toPlainString() + " GB, " + seconds + " s)", null, start, end,
            Money.of(amount, catalog.currency())));
      }
    }
    return lines;
  }

  /** Seconds of [start, end) during which the account had an order of a product that makes this one free. */
  private static long coveredSeconds(Instant start, Instant end, List<Order> orders, Product product) {
    List<Instant[]> intervals = new ArrayList<>();
    for (Order o : orders) {
      if (product.freeWithActive().contains(o.productCode())) {
        Instant s = later(o.startsAt(), start);
        Instant e = o.end() == null ? end : earlier(o.end(), end);
        if (s.isBefore(e)) {
          intervals.add(new Instant[] {s, e});
        }
      }
    }
    intervals.sort(Comparator.comparing(i -> i[0]));
    long covered = 0;
    Instant reach = start;
    for (Instant[] i : intervals) {
      Instant s = later(i[0], reach);
      if (s.isBefore(i[1])) {
        covered += Duration.between(s, i[1]).getSeconds();
        reach = i[1];
      }
    }
    return covered;
  }

  private static String key(String prefix, Bill bill, String id) {
    String key = prefix + ":" + bill.month() + ":" + digest(bill.account().value()) + ":" + id;
    return key.length() <= 255 ? key : key.substring(0, 255);
  }

  private static String digest(String text) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant earlier(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
