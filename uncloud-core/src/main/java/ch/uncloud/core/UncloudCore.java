package ch.uncloud.core;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.Money;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.Users;
import ch.uncloud.api.credit.AccountAdministration;
import ch.uncloud.api.credit.CreditService;
import ch.uncloud.api.credit.QuotaGrants;
import ch.uncloud.api.credit.Statements;
import ch.uncloud.api.payments.CardTopUps;
import ch.uncloud.api.payments.Cards;
import ch.uncloud.api.payments.PaymentEvents;
import ch.uncloud.api.shop.BillingService;
import ch.uncloud.api.shop.Catalog;
import ch.uncloud.api.shop.OrderService;
import ch.uncloud.api.snapshots.SnapshotService;
import ch.uncloud.api.snapshots.VmService;
import ch.uncloud.core.internal.AdminRegistry;
import ch.uncloud.core.internal.CoreAccountAdministration;
import ch.uncloud.core.internal.CoreBillingService;
import ch.uncloud.core.internal.CoreCardTopUps;
import ch.uncloud.core.internal.CoreCards;
import ch.uncloud.core.internal.CoreCreditService;
import ch.uncloud.core.internal.CoreQuotaGrants;
import ch.uncloud.core.internal.CoreOrderService;
import ch.uncloud.core.internal.CorePaymentEvents;
import ch.uncloud.core.internal.CoreSnapshotService;
import ch.uncloud.core.internal.CoreStatements;
import ch.uncloud.core.internal.CoreUsers;
import ch.uncloud.core.internal.CoreVmService;
import ch.uncloud.core.internal.CreditConfiguration;
import ch.uncloud.core.internal.Periods;
import ch.uncloud.core.internal.ProviderDiscovery;
import ch.uncloud.core.internal.VmOrders;
import ch.uncloud.spi.AccountDirectory;
import ch.uncloud.spi.Ledger;
import ch.uncloud.spi.PaymentGateway;
import ch.uncloud.spi.PaymentRecords;
import ch.uncloud.spi.ProviderConfig;
import ch.uncloud.spi.ServerOrdering;
import ch.uncloud.spi.ShopStore;
import ch.uncloud.spi.SnapshotBooks;
import ch.uncloud.spi.UsageSource;
import ch.uncloud.spi.VmInventory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind {@link Uncloud}: one object that holds the providers (ledger, account directory,
 * and optionally payments, snapshots and server ordering) and the services built on them.
 *
 * <p>Wire it by hand with {@link #builder()}, or let {@link #fromConfig(ProviderConfig)} discover
 * providers with {@link java.util.ServiceLoader}; programmatic wiring wins, discovery fills only
 * empty slots. Thread-safe. {@link #close()} closes every provider it holds.
 *
 */
public final class UncloudCore implements Uncloud {
  private static final Logger LOG = LoggerFactory.getLogger(UncloudCore.class);

  private final Ledger ledger;
  private final AccountDirectory directory;
  private final PaymentGateway payments;
  private final PaymentRecords paymentRecords;
  private final CoreSnapshotService snapshots;
  private final SnapshotBooks unusedSnapshotBooks;
  private final ServerOrdering servers;
  private final ShopStore shopStore;
  private final CoreCreditService credit;
  /** What {@link #credit()} hands out: the credit service, measured when a meter registry was given. */
  private final CreditService creditApi;
  private final ProviderReadiness readiness;
  private final Catalog catalog;
  private final OrderService orders;
  private final CoreBillingService billing;
  private final CoreCardTopUps topUps;
  private final PaymentEvents paymentEvents;
  private final Users users;
  private final CoreVmService vms;
  private final CoreStatements statements;
  private final CoreCards cards;
  private final CoreAccountAdministration accounts;
  private final CoreQuotaGrants quotaGrants;
  private final java.util.Set<String> quotaGrantNames;
  private final QuotaSchedule quotaSchedule;
  private final Clock clock;
  private final Duration lockReconcileInterval;
  private final List<ch.uncloud.api.events.EventSink> eventSinks;
  private final EventSettings eventSettings;
  private final ch.uncloud.spi.EventOutbox outbox;
  private final ch.uncloud.core.internal.CoreEventAdministration eventAdministration;
  private volatile boolean closed;

  UncloudCore(UncloudBuilder b) {
    this.ledger = b.ledger;
    this.directory = b.directory;
    this.payments = b.payments;
    this.paymentRecords = b.paymentRecords;
    this.clock = b.clock;
    this.lockReconcileInterval = b.lockReconcileInterval;
    this.eventSinks = List.copyOf(b.eventSinks);
    this.eventSettings = b.eventSettings;
    this.outbox = eventSinks.isEmpty() ? null : ledger.outbox().orElseThrow(() -> new ConfigurationException(
        "events are subscribed to (" + eventSinks.size() + " sinks), but the ledger " + ledger.getClass().getSimpleName()
            + " keeps no outbox; use the jdbc ledger (uncloud-jdbc) or remove the subscriptions"));
    ch.uncloud.core.internal.Announcements announcements = ch.uncloud.core.internal.Announcements.into(outbox);
    this.servers = b.servers == null || outbox == null ? b.servers
        : new ch.uncloud.core.internal.AnnouncingServerOrdering(b.servers, announcements, clock, b.servers::close);
    AdminRegistry admins = new AdminRegistry(b.adminHashes, b.adminPasswords, directory, b.directoryAdminGroup,
        b.readers);
    this.credit = new CoreCreditService(ledger, directory, clock, b.currency, b.zone, b.services, admins,
        b.sessionTtl, b.lockFlagTtl, b.creditLimits.copy());
    // Micrometer's classes are loaded only on this branch, so the core runs without it on the class path
    this.creditApi = b.meterRegistry == null ? credit
        : ch.uncloud.core.internal.MeteredCreditService.wrap(credit, b.meterRegistry);
    this.readiness = new ProviderReadiness(ledger, directory, b.currency);
    if (b.meterRegistry != null) {
      bindMeters(b.meterRegistry, ledger, directory, b.payments, b.paymentRecords, b.shopStore, b.servers,
          b.snapshotBackend, b.snapshotBooks, ledger.outbox().orElse(null));
    }
    this.shopStore = b.shopStore;
    this.catalog = b.catalog != null ? b.catalog : Catalogs.bundled();
    Periods periods = new Periods(b.zone);
    VmInventory inventory = b.vmInventory != null ? b.vmInventory
        : b.snapshotBackend == null ? null : b.snapshotBackend.inventory().orElseThrow();
    VmOrders vmOrders = shopStore == null ? null : new VmOrders(catalog, shopStore, b.vmProvisioning);
    CoreVmService vmService = shopStore == null ? null
        : new CoreVmService(shopStore, credit.knownUsers(), vmOrders, inventory, clock);
    this.vms = vmService;
    this.snapshots = b.snapshotBackend == null ? null
        : new CoreSnapshotService(b.snapshotBackend, vmService == null ? inventory : vmService.inventoryView(inventory),
            b.snapshotBooks, b.snapshotLimit, b.clock, announcements);
    this.unusedSnapshotBooks = snapshots == null ? b.snapshotBooks : null;
    this.orders = shopStore == null ? null
        : new CoreOrderService(catalog, shopStore, credit.knownUsers(), this::payments, clock, periods, vmOrders);
    this.billing = shopStore == null ? null
        : new CoreBillingService(catalog, shopStore, usageOf(b), this::payments, credit, clock, periods, b.zone,
            billsInStore(shopStore, outbox, clock) ? ch.uncloud.core.internal.Announcements.none() : announcements);
    this.topUps = new CoreCardTopUps(credit, this::payments);
    this.cards = new CoreCards(credit, this::payments, announcements, paymentRecords, clock);
    this.paymentEvents = new CorePaymentEvents(payments, topUps, credit, ledger, clock, paymentRecords,
        announcements);
    this.users = new CoreUsers(directory);
    this.statements = new CoreStatements(ledger, clock);
    this.accounts = new CoreAccountAdministration(credit, statements, ledger);
    this.quotaGrantNames = java.util.Set.copyOf(b.quotaGrants.keySet());
    this.quotaGrants = new CoreQuotaGrants(ledger, directory, clock, b.zone, b.currency, b.quotaGrants, credit::requireValid);
    this.quotaSchedule = b.quotaSchedule == null || quotaGrantNames.isEmpty() ? null
        : new QuotaSchedule(quotaGrants::grantScheduled, b.quotaSchedule, clock, b.zone);
    if (outbox != null) {
      List<Money> thresholds = eventSettings.thresholds().stream().map(t -> new Money(t, b.currency)).toList();
      java.util.Map<String, List<Money>> byService = new java.util.HashMap<>();
      eventSettings.serviceThresholds().forEach((name, values) ->
          byService.put(name, values.stream().map(t -> new Money(t, b.currency)).toList()));
      java.util.Map<String, List<Money>> byAccount = new java.util.HashMap<>();
      eventSettings.accountThresholds().forEach((name, values) ->
          byAccount.put(name, values.stream().map(t -> new Money(t, b.currency)).toList()));
      outbox.announceEntries(new ch.uncloud.core.internal.EventRules(thresholds, byService, byAccount, b.currency));
      if (eventSinks.stream().anyMatch(s -> s.accepts(ch.uncloud.api.events.EventType.HOLD_EXPIRED))) {
        EventDispatcher.startAnnouncingHolds(outbox, clock.instant());
      }
    }
    this.eventAdministration = outbox == null ? null
        : new ch.uncloud.core.internal.CoreEventAdministration(outbox, credit, clock);
  }

  /** Hands the registry to every provider that records its own meters, once each. */
  private static void bindMeters(Object registry, Object... providers) {
    java.util.Set<Object> bound = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (Object provider : providers) {
      if (provider instanceof ch.uncloud.spi.MeteredProvider metered && bound.add(provider)) {
        metered.recordMetricsTo(registry);
      }
    }
  }

  /** Whether the shop store writes the bills' events in its own transactions (same database as the outbox). */
  private static boolean billsInStore(ShopStore store, ch.uncloud.spi.EventOutbox outbox, Clock clock) {
    return outbox != null && store.announceBills(outbox,
        bill -> ch.uncloud.core.internal.Announcements.billEvents(bill, clock.instant()));
  }

  /**
   * A dispatcher for the subscribed sinks, not started: a server starts it ({@link EventDispatcher#start()})
   * and closes it before this instance. Empty when nothing subscribes to events.
   *
   * @return a new dispatcher, if any sink is subscribed
   */
  public java.util.Optional<EventDispatcher> eventDispatcher() {
    return outbox == null ? java.util.Optional.empty()
        : java.util.Optional.of(new EventDispatcher(outbox, ledger, eventSinks, eventSettings, clock,
            billing == null ? null : billing::overdueBillEvents));
  }

  @Override
  public ch.uncloud.api.events.EventAdministration events() {
    if (eventAdministration == null) {
      return Uncloud.super.events();
    }
    return eventAdministration;
  }

  /**
   * @return a builder for programmatic wiring
   */
  public static UncloudBuilder builder() {
    return new UncloudBuilder();
  }

  /**
   * Builds an instance from configuration, discovering providers on the context class loader.
   * The configuration keys are listed in the README.
   *
   * @param config the configuration
   * @return a new instance
   * @throws ConfigurationException naming every problem at once
   */
  public static UncloudCore fromConfig(ProviderConfig config) {
    ProviderConfig.Validator validator = config.validator();
    configurationProblems(config).forEach(validator::problem);
    validator.validate();
    return builder().configure(config).build();
  }

  /**
   * Checks a configuration without starting anything: the credit service's keys, which providers
   * the keys select (on the context class loader), and each selected provider's own keys. A tool that
   * checks more keys of its own (the gateway's) adds these, so an operator sees every problem at once.
   *
   * @param config the configuration
   * @return every problem, each naming the key and what to do; empty if none
   */
  public static List<String> configurationProblems(ProviderConfig config) {
    List<String> problems = new ArrayList<>(new CreditConfiguration(config).problems(builder()));
    problems.addAll(new ProviderDiscovery(config, Thread.currentThread().getContextClassLoader()).problems());
    problems.addAll(new ch.uncloud.core.internal.EventConfiguration(config).problems());
    for (ch.uncloud.spi.EventSinkProvider provider : java.util.ServiceLoader.load(ch.uncloud.spi.EventSinkProvider.class,
        Thread.currentThread().getContextClassLoader())) {
      problems.addAll(provider.configurationProblems(config));
    }
    return problems;
  }

  @Override
  public CreditService credit() {
    return creditApi;
  }

  @Override
  public ch.uncloud.api.Readiness readiness(Duration timeout) {
    return readiness.check(timeout);
  }

  /**
   * @return the configured quota grants, to run by a command or a schedule
   */
  public QuotaGrants quotaGrants() {
    return quotaGrants;
  }

  /**
   * @return whether any quota grant is configured
   */
  public boolean hasQuotaGrants() {
    return !quotaGrantNames.isEmpty();
  }

  /**
   * @return the schedule that runs the quota grants for the current period as the system, if
   *     {@code uncloud.quota.schedule} is set and a grant is configured; a server starts it
   */
  public java.util.Optional<QuotaSchedule> quotaSchedule() {
    return java.util.Optional.ofNullable(quotaSchedule);
  }

  @Override
  public Users users() {
    return users;
  }

  @Override
  public CardTopUps topUps() {
    return topUps;
  }

  @Override
  public PaymentEvents paymentEvents() {
    return paymentEvents;
  }

  @Override
  public Catalog catalog() {
    return catalog;
  }

  @Override
  public OrderService orders() {
    return require(orders, "ShopStore", ProviderDiscovery.SHOP_STORE_KEY + "=jdbc", "ch.uncloud:uncloud-jdbc", "shopStore");
  }

  @Override
  public BillingService billing() {
    return require(billing, "ShopStore", ProviderDiscovery.SHOP_STORE_KEY + "=jdbc", "ch.uncloud:uncloud-jdbc", "shopStore");
  }

  /**
   * Starts reconciling the lock flags on a background thread: right away, then every
   * {@code uncloud.lock.reconcile-interval} ({@link UncloudBuilder#lockReconcileInterval}). A server
   * calls it once at start and closes the result before closing this instance.
   *
   * @return the running reconciler
   */
  public LockReconciler startLockReconciler() {
    return LockReconciler.start(credit, lockReconcileInterval);
  }

  /**
   * Provisions the VM of every active VM or hosting order whose VM the inventory lacks (see
   * {@link UncloudBuilder#vmProvisioning}); a server calls it at start, as it reconciles the locks.
   *
   * @return how many VMs were provisioned; 0 without a shop store or provisioning
   */
  public int provisionMissingVms() {
    return vms == null ? 0 : vms.provisionMissing();
  }

  /**
   * @return the ledger
   */
  public Ledger ledger() {
    return ledger;
  }

  /**
   * @return the account directory
   */
  public AccountDirectory directory() {
    return directory;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public PaymentGateway payments() {
    return require(payments, "PaymentGateway", ProviderDiscovery.PAYMENTS_KEY + "=stripe", "ch.uncloud:uncloud-stripe", "payments");
  }

  @Override
  public SnapshotService snapshots() {
    return require(snapshots, "SnapshotBackend", ProviderDiscovery.SNAPSHOTS_KEY + "=ceph", "ch.uncloud:uncloud-ceph",
        "snapshotBackend");
  }

  @Override
  public ServerOrdering servers() {
    return require(servers, "ServerOrdering", ProviderDiscovery.SERVERS_KEY + "=ovh", "ch.uncloud:uncloud-ovh", "servers");
  }

  /**
   * The server ordering for a tool that orders servers beside a running core (the {@code uncloud ovh}
   * commands): when the configuration subscribes webhooks to events, its checkouts are announced into
   * the configured ledger's outbox exactly as {@link #servers()} announces them (in the journal's
   * transaction when the journal is in the ledger's database); otherwise it checks out through
   * {@code ordering} alone, as the core would with nothing subscribed.
   *
   * @param ordering the provider's ordering (not owned: the caller closes it)
   * @param config the configuration the core runs with
   * @return the ordering to check out with; closing it closes the ledger it opened, not {@code ordering}
   * @throws ConfigurationException if the events' keys are wrong or the ledger keeps no outbox
   */
  public static ServerOrdering announcingCheckouts(ServerOrdering ordering, ProviderConfig config) {
    java.util.Objects.requireNonNull(ordering, "ordering");
    ch.uncloud.core.internal.EventConfiguration events = new ch.uncloud.core.internal.EventConfiguration(config);
    if (!events.problems().isEmpty()) {
      ProviderConfig.Validator validator = config.validator();
      events.problems().forEach(validator::problem);
      validator.validate();
    }
    if (events.webhooks().isEmpty()) {
      return new ch.uncloud.core.internal.AnnouncingServerOrdering(ordering,
          ch.uncloud.core.internal.Announcements.none(), Clock.systemUTC(), () -> { });
    }
    Ledger ledger = new ch.uncloud.core.internal.ProviderDiscovery(config, Thread.currentThread().getContextClassLoader())
        .ledger();
    try {
      ch.uncloud.spi.EventOutbox outbox = ledger.outbox().orElseThrow(() -> new ConfigurationException(
          "events are subscribed to, but the ledger " + ledger.getClass().getSimpleName() + " keeps no outbox; use the "
              + "jdbc ledger (uncloud-jdbc) or remove the subscriptions"));
      return new ch.uncloud.core.internal.AnnouncingServerOrdering(ordering,
          ch.uncloud.core.internal.Announcements.into(outbox), Clock.systemUTC(), ledger::close);
    } catch (RuntimeException e) {
      closeQuietly(ledger);
      throw e;
    }
  }

  /** Closes every provider this instance holds, in reverse order of dependency. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    readiness.close();
    closeQuietly(servers, snapshots, unusedSnapshotBooks, payments, paymentRecords, shopStore, directory, ledger);
  }

  @Override
  public VmService vms() {
    return require(vms, "ShopStore", ProviderDiscovery.SHOP_STORE_KEY + "=jdbc", "ch.uncloud:uncloud-jdbc", "shopStore");
  }

  /** The wired usage source, else the snapshot books' usage (the vm-snapshot product). */
  private static UsageSource usageOf(UncloudBuilder b) {
    if (b.usage != null) {
      return b.usage;
    }
    return b.snapshotBackend != null ? b.snapshotBooks.usage() : UsageSource.NONE;
  }

  private static <T> T require(T service, String what, String selection, String artifact, String method) {
    if (service == null) {
      throw new ConfigurationException("no " + what + " is configured: set " + selection + " with " + artifact
          + " on the class path, or wire one with UncloudCore.builder()." + method + "(...)");
    }
    return service;
  }

  static void closeQuietly(AutoCloseable... closeables) {
    for (AutoCloseable c : closeables) {
      if (c == null) {
        continue;
      }
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("closing {} failed: {}", c.getClass().getName(), e.toString());
      }
    }
  }

  @Override
  public Statements statements() {
    return statements;
  }

  @Override
  public Cards cards() {
    return cards;
  }

  @Override
  public AccountAdministration accounts() {
    return accounts;
  }
}
