package ch.uncloud.core;


import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Names;
import ch.uncloud.api.Secret;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.QuotaGrant;
import ch.uncloud.api.credit.ServiceDefinition;
import ch.uncloud.api.shop.Catalog;
import ch.uncloud.core.internal.CreditLimits;
import ch.uncloud.core.internal.CreditConfiguration;
import ch.uncloud.core.internal.MemorySnapshotBooks;
import ch.uncloud.core.internal.MemoryVmHost;
import ch.uncloud.core.internal.ProviderDiscovery;
import ch.uncloud.core.internal.SnapshotLimit;
import ch.uncloud.spi.AccountDirectory;
import ch.uncloud.spi.Ledger;
import ch.uncloud.spi.PaymentGateway;
import ch.uncloud.spi.PaymentRecords;
import ch.uncloud.spi.ProviderConfig;
import ch.uncloud.spi.ServerOrdering;
import ch.uncloud.spi.ShopStore;
import ch.uncloud.spi.SnapshotBackend;
import ch.uncloud.spi.SnapshotBooks;
import ch.uncloud.spi.UsageSource;
import ch.uncloud.spi.VmInventory;
import ch.uncloud.spi.VmProvisioning;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires an {@link UncloudCore}: programmatic wiring first, then, with {@link #configure}, providers
 * discovered with {@link java.util.ServiceLoader} fill the slots left empty. Not thread-safe; build
 * once, share the result.
 *
 * <pre>{@code
 * try (Uncloud uncloud = UncloudCore.builder()
 *     .ledger(ledger)
 *     .directory(directory)
 *     .currency(Currency.getInstance("CHF"))
 *     .admin("raplab", Secret.of(System.getenv("RAPLAB_PASSWORD")))
 *     .service(ServiceDefinition.builder("3dprint").owners("raplab").maxCharge("500.00").build())
 *     .build()) {
 *   CreditService credit = uncloud.credit();
 *   AdminSession admin = credit.authenticate("raplab", Secret.of(System.getenv("RAPLAB_PASSWORD")));
 *   Charge charge = credit.chargeUser(admin, ChargeRequest.of("3dprint", "nethzuser", "4.20", "CHF", "PLA print"));
 * }
 * }</pre>
 */
public final class UncloudBuilder implements CreditSettings {
  private static final Logger LOG = LoggerFactory.getLogger(UncloudBuilder.class);

  Ledger ledger;
  AccountDirectory directory;
  PaymentGateway payments;
  PaymentRecords paymentRecords;
  SnapshotBackend snapshotBackend;
  VmInventory vmInventory;
  VmProvisioning vmProvisioning;
  SnapshotBooks snapshotBooks;
  Integer maxSnapshotsPerVm;
  Boolean rotateSnapshots;
  SnapshotLimit snapshotLimit = SnapshotLimit.NONE;
  ServerOrdering servers;
  ShopStore shopStore;
  Catalog catalog;
  UsageSource usage;
  Clock clock = Clock.systemUTC();
  Currency currency = Currency.getInstance("CHF");
  ZoneId zone = ZoneId.of("UTC");
  final Map<ServiceName, ServiceDefinition> services = new LinkedHashMap<>();
  final Map<String, QuotaGrant> quotaGrants = new LinkedHashMap<>();
  QuotaInterval quotaSchedule;
  final CreditLimits creditLimits = new CreditLimits();
  final Map<String, PasswordHash> adminHashes = new LinkedHashMap<>();
  final Map<String, Secret> adminPasswords = new LinkedHashMap<>();
  String directoryAdminGroup;
  final Set<String> readers = new LinkedHashSet<>();
  Duration sessionTtl = Duration.ofHours(1);
  Duration lockFlagTtl = Duration.ofMinutes(1);
  Duration lockReconcileInterval = Duration.ofMinutes(10);
  ProviderConfig config;
  final List<ch.uncloud.api.events.EventSink> eventSinks = new ArrayList<>();
  final List<ch.uncloud.core.internal.EventConfiguration.Webhook> webhooks = new ArrayList<>();
  EventSettings eventSettings = EventSettings.defaults();
  Object meterRegistry;

  UncloudBuilder() {}

  /**
   * Subscribes a sink to the events: the ledger then keeps every booking's events in its outbox, in
   * the booking's transaction, and {@link UncloudCore#eventDispatcher()} delivers them to the sink.
   *
   * @param sink where to deliver (a webhook, an e-mail notifier, a test's recorder)
   * @return this builder
   */
  public UncloudBuilder eventSink(ch.uncloud.api.events.EventSink sink) {
    eventSinks.add(Objects.requireNonNull(sink, "sink"));
    return this;
  }

  /**
   * @param settings the thresholds and the dispatcher's timing (default {@link EventSettings#defaults()})
   * @return this builder
   */
  public UncloudBuilder events(EventSettings settings) {
    this.eventSettings = Objects.requireNonNull(settings, "settings");
    return this;
  }

  /**
   * Records meters into a Micrometer registry: the core's bookings by service and kind
   * ({@code uncloud.bookings}), refusals by error code ({@code uncloud.refusals}) and booking latency
   * ({@code uncloud.booking.latency}), and whatever each provider that implements
   * {@link ch.uncloud.spi.MeteredProvider} records of its own. Without a registry (the default) nothing
   * is recorded or timed, and Micrometer need not be on the class path.
   *
   * @param registry an {@code io.micrometer.core.instrument.MeterRegistry}; typed {@code Object} so that
   *     this builder loads without Micrometer
   * @return this builder
   * @throws ConfigurationException if it is not a Micrometer {@code MeterRegistry}
   */
  public UncloudBuilder meterRegistry(Object registry) {
    this.meterRegistry = ch.uncloud.core.internal.CoreMeters.registry(Objects.requireNonNull(registry, "registry"));
    return this;
  }

  /**
   * @param ledger the ledger
   * @return this builder
   */
  public UncloudBuilder ledger(Ledger ledger) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    return this;
  }

  /**
   * @param directory the account directory
   * @return this builder
   */
  public UncloudBuilder directory(AccountDirectory directory) {
    this.directory = Objects.requireNonNull(directory, "directory");
    return this;
  }

  /**
   * Keeps the applied payment events in these records (else in memory, forgotten on restart), and,
   * with {@link UncloudCore#fromConfig}, hands them to the discovered payment gateway for its
   * customer ids. Closed with the instance.
   *
   * @param records the payment records, e.g. {@code JdbcPaymentRecords} in the ledger's database
   * @return this builder
   */
  public UncloudBuilder paymentRecords(PaymentRecords records) {
    this.paymentRecords = Objects.requireNonNull(records, "records");
    return this;
  }

  /**
   * @param payments the payment gateway
   * @return this builder
   */
  public UncloudBuilder payments(PaymentGateway payments) {
    this.payments = Objects.requireNonNull(payments, "payments");
    return this;
  }

  /**
   * Enables {@link UncloudCore#snapshots()}: the core's snapshot service over this backend, which
   * only takes, protects, lists and removes disk snapshots. The VMs come from
   * {@link #vmInventory}, else from the backend's own inventory; records and billed usage go to
   * {@link #snapshotBooks}, in memory unless wired.
   *
   * @param backend where VM snapshots are taken (closed with the {@code Uncloud})
   * @return this builder
   */
  public UncloudBuilder snapshotBackend(SnapshotBackend backend) {
    this.snapshotBackend = Objects.requireNonNull(backend, "backend");
    return this;
  }

  /**
   * @param inventory which VMs exist, who owns them and which disks they have; default the snapshot
   *     backend's own inventory
   * @return this builder
   */
  public UncloudBuilder vmInventory(VmInventory inventory) {
    this.vmInventory = Objects.requireNonNull(inventory, "inventory");
    return this;
  }

  /**
   * Provisions a VM for every order of a VM product ({@link ch.uncloud.api.snapshots.VmService}) once
   * the order is stored, and retires it once its order has ended. Without it the VMs are provisioned
   * elsewhere and only read from the inventory.
   *
   * @param provisioning creates the VMs' disks and registers them in the VM inventory
   * @return this builder
   */
  public UncloudBuilder vmProvisioning(VmProvisioning provisioning) {
    this.vmProvisioning = Objects.requireNonNull(provisioning, "provisioning");
    return this;
  }

  /**
   * Simulated VMs, for demos and trying the shop out: every VM order is provisioned with one simulated
   * OS disk of the ordered size, and snapshots are taken on those disks (held in memory, lost on
   * restart; records and billing follow {@link #snapshotBooks}). Sets the snapshot backend, the VM
   * inventory and the VM provisioning at once.
   *
   * @return this builder
   */
  public UncloudBuilder memoryVms() {
    MemoryVmHost host = new MemoryVmHost();
    return snapshotBackend(host).vmInventory(host).vmProvisioning(host);
  }

  /**
   * @param books where snapshots are recorded and their usage billed (closed with the
   *     {@code Uncloud}); default in memory, lost on restart, when the backend is wired here, and
   *     the store named by {@code uncloud.snapshot-records} when it is discovered
   * @return this builder
   */
  public UncloudBuilder snapshotBooks(SnapshotBooks books) {
    this.snapshotBooks = Objects.requireNonNull(books, "books");
    return this;
  }

  /**
   * @param max the most snapshots one VM may keep, 0 (the default) for no limit; a discovered backend
   *     reads it from {@code uncloud.NAME.max-snapshots-per-vm} unless it is set here
   * @return this builder
   * @throws InvalidRequestException ({@code invalid_argument}) if it is negative
   */
  public UncloudBuilder maxSnapshotsPerVm(int max) {
    SnapshotLimit.NONE.withMaxPerVm(max); // fails now if negative
    this.maxSnapshotsPerVm = max;
    return this;
  }

  /**
   * @param rotate whether a new snapshot at a VM's maximum replaces its oldest unprotected one
   *     instead of failing (default false; a discovered backend reads {@code uncloud.NAME.rotate}
   *     unless it is set here)
   * @return this builder
   */
  public UncloudBuilder rotateSnapshots(boolean rotate) {
    this.rotateSnapshots = rotate;
    return this;
  }

  /**
   * @param servers server ordering
   * @return this builder
   */
  public UncloudBuilder servers(ServerOrdering servers) {
    this.servers = Objects.requireNonNull(servers, "servers");
    return this;
  }

  /**
   * @param shopStore where the shop keeps orders and bills
   * @return this builder
   */
  public UncloudBuilder shopStore(ShopStore shopStore) {
    this.shopStore = Objects.requireNonNull(shopStore, "shopStore");
    return this;
  }

  /**
   * @param catalog the shop's products, default {@link Catalogs#bundled()}
   * @return this builder
   */
  @Override
  public UncloudBuilder catalog(Catalog catalog) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    return this;
  }

  /**
   * @param usage where metered usage comes from, default the snapshot books' usage
   * @return this builder
   */
  public UncloudBuilder usage(UsageSource usage) {
    this.usage = Objects.requireNonNull(usage, "usage");
    return this;
  }

  /**
   * @param clock the clock (tests move it)
   * @return this builder
   */
  public UncloudBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * @param currency the currency of every balance, default CHF
   * @return this builder
   */
  @Override
  public UncloudBuilder currency(Currency currency) {
    this.currency = Objects.requireNonNull(currency, "currency");
    return this;
  }

  /**
   * @param zone the zone settlement quarters are counted in, default UTC
   * @return this builder
   */
  @Override
  public UncloudBuilder zone(ZoneId zone) {
    this.zone = Objects.requireNonNull(zone, "zone");
    return this;
  }

  /**
   * Registers an admin whose password the embedding program holds.
   *
   * @param name the admin's name
   * @param password the password
   * @return this builder
   */
  @Override
  public UncloudBuilder admin(String name, Secret password) {
    adminPasswords.put(requireAdminName(name), Objects.requireNonNull(password, "password"));
    return this;
  }

  /**
   * Registers an admin by a stored salted hash.
   *
   * @param name the admin's name
   * @param hash the password hash
   * @return this builder
   */
  @Override
  public UncloudBuilder admin(String name, PasswordHash hash) {
    adminHashes.put(requireAdminName(name), Objects.requireNonNull(hash, "hash"));
    return this;
  }

  /**
   * Lets admins that are not registered here log in by binding to the account directory as that
   * user, if they are members of a group. Without a group no directory user is an admin.
   *
   * @param group the directory group whose members are admins (its name or DN, as the directory
   *     provider documents), or {@code null} for no directory admins
   * @return this builder
   */
  @Override
  public UncloudBuilder directoryAdmins(String group) {
    this.directoryAdminGroup = group == null ? null : Names.requireText(group, "directory admin group", 1024);
    return this;
  }

  /**
   * Names admins who may read every account's balance and start decision without owning a service
   * (a help desk, a monitoring job). Other admins read only if they own at least one service, and ask
   * for start decisions only of the services they own.
   *
   * @param names admin names (registered here or directory admins)
   * @return this builder
   */
  @Override
  public UncloudBuilder readers(String... names) {
    for (String name : names) {
      readers.add(requireAdminName(name));
    }
    return this;
  }

  /**
   * Limits how far below zero charges may take one account (the smaller of this and the charging
   * service's {@link ServiceDefinition#creditLimit()} applies). Without it the account is unlimited,
   * unless {@link #defaultCreditLimit} is set.
   *
   * @param account the account, in the directory's spelling
   * @param amount how far below zero, e.g. {@code "20.00"}; {@code "0"} allows no debt
   * @return this builder
   * @throws InvalidRequestException ({@code invalid_argument}) unless the amount is a plain decimal at or above zero
   */
  @Override
  public UncloudBuilder creditLimit(String account, String amount) {
    creditLimits.account(Username.of(account), CreditLimits.parse(amount, "account " + account));
    return this;
  }

  /**
   * @param amount how far below zero charges may take an account that has no limit of its own
   * @return this builder
   * @throws InvalidRequestException ({@code invalid_argument}) unless the amount is a plain decimal at or above zero
   */
  @Override
  public UncloudBuilder defaultCreditLimit(String amount) {
    creditLimits.defaultLimit(CreditLimits.parse(amount, "the default"));
    return this;
  }

  /**
   * @param grant a quota grant to run by {@code uncloud quota grant} or the gateway's schedule
   * @return this builder
   * @throws InvalidRequestException ({@code invalid_argument}) if a grant of that name is registered, or
   *     its amount or cap is not in the ledger currency
   */
  @Override
  public UncloudBuilder quotaGrant(QuotaGrant grant) {
    if (quotaGrants.putIfAbsent(grant.name(), grant) != null) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "quota grant " + grant.name() + " is registered twice");
    }
    return this;
  }

  /**
   * @param interval how often {@link UncloudCore#quotaSchedule()} runs the quota grants for the current
   *     period ({@code uncloud.quota.schedule}); {@code null} (the default): never, only by the command
   * @return this builder
   */
  @Override
  public UncloudBuilder quotaSchedule(QuotaInterval interval) {
    this.quotaSchedule = interval;
    return this;
  }

  /**
   * @param service a service to register
   * @return this builder
   */
  @Override
  public UncloudBuilder service(ServiceDefinition service) {
    if (services.putIfAbsent(service.name(), service) != null) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "service " + service.name() + " is registered twice");
    }
    return this;
  }

  /**
   * @param ttl how long an admin session stays valid, default one hour
   * @return this builder
   */
  @Override
  public UncloudBuilder sessionTtl(Duration ttl) {
    this.sessionTtl = requirePositive(ttl, "session ttl");
    return this;
  }

  /**
   * @param ttl how long a lock flag read from the directory is trusted before it is read again,
   *     default one minute (bounds how long a flag changed by another process can be missed)
   * @return this builder
   */
  @Override
  public UncloudBuilder lockFlagTtl(Duration ttl) {
    this.lockFlagTtl = requirePositive(ttl, "lock flag ttl");
    return this;
  }

  /**
   * @param interval how often {@link UncloudCore#startLockReconciler()} reconciles the lock flags after
   *     its first run at start (default ten minutes); zero reconciles at start only
   * @return this builder
   */
  @Override
  public UncloudBuilder lockReconcileInterval(Duration interval) {
    if (interval == null || interval.isNegative()) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "the lock reconcile interval must be zero or "
          + "positive");
    }
    this.lockReconcileInterval = interval;
    return this;
  }

  /**
   * Reads the credit settings from configuration and discovers providers for slots left empty
   * when {@link #build()} runs.
   *
   * @param config the configuration
   * @return this builder
   * @throws ConfigurationException naming every problem at once
   */
  public UncloudBuilder configure(ProviderConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    new CreditConfiguration(config).applyTo(this);
    ch.uncloud.core.internal.EventConfiguration events = new ch.uncloud.core.internal.EventConfiguration(config);
    if (!events.problems().isEmpty()) {
      ProviderConfig.Validator validator = config.validator();
      events.problems().forEach(validator::problem);
      validator.validate();
    }
    this.eventSettings = events.settings();
    this.webhooks.addAll(events.webhooks());
    return this;
  }

  /**
   * @return the instance
   * @throws ConfigurationException if the ledger or directory is missing, or the services do not
   *     fit together
   */
  public UncloudCore build() {
    List<AutoCloseable> discovered = new ArrayList<>();
    try {
      if (config != null) {
        ProviderDiscovery discovery = new ProviderDiscovery(config, Thread.currentThread().getContextClassLoader());
        ledger = ledger != null ? ledger : track(discovered, discovery.ledger());
        directory = directory != null ? directory : track(discovered, discovery.directory());
        paymentRecords = paymentRecords != null ? paymentRecords
            : track(discovered, discovery.paymentRecords().orElse(null));
        payments = payments != null ? payments : track(discovered, discovery.payments(paymentRecords).orElse(null));
        if (snapshotBackend == null) {
          boolean booksWired = snapshotBooks != null;
          discovery.snapshots(booksWired).ifPresent(found -> {
            snapshotBackend = track(discovered, found.backend());
            snapshotBooks = booksWired ? snapshotBooks : track(discovered, found.books().orElseThrow());
            snapshotLimit = found.limit();
          });
        }
        servers = servers != null ? servers : track(discovered, discovery.servers().orElse(null));
        shopStore = shopStore != null ? shopStore : track(discovered, discovery.shopStore().orElse(null));
        for (ch.uncloud.spi.EventSinkProvider provider : java.util.ServiceLoader.load(ch.uncloud.spi.EventSinkProvider.class,
            Thread.currentThread().getContextClassLoader())) {
          // the directory is resolved above; sinks that address the person (e-mail notices) read it
          for (ch.uncloud.api.events.EventSink sink : provider.create(config, directory)) {
            eventSinks.add(sink);
            if (sink instanceof AutoCloseable closeable) {
              discovered.add(closeable);
            }
          }
        }
      }
      for (ch.uncloud.core.internal.EventConfiguration.Webhook w : webhooks) {
        eventSinks.add(new WebhookSink(w.name(), w.url(), w.types(), w.secret(), w.timeout(), clock));
      }
      webhooks.clear();
      if (ledger == null || directory == null) {
        throw new ConfigurationException("an Uncloud needs a ledger and an account directory: wire them with "
            + "UncloudCore.builder().ledger(...).directory(...), or use UncloudCore.fromConfig(...) with providers such as "
            + "ch.uncloud:uncloud-jdbc and ch.uncloud:uncloud-ldap on the class path");
      }
      if (snapshotBackend != null) {
        if (vmInventory == null && snapshotBackend.inventory().isEmpty()) {
          throw new ConfigurationException("the snapshot backend " + snapshotBackend.getClass().getSimpleName()
              + " comes without a VM inventory: wire one with UncloudCore.builder().vmInventory(...), or configure"
              + " the backend's own (uncloud.ceph.inventory for ceph)");
        }
        snapshotBooks = snapshotBooks != null ? snapshotBooks : new MemorySnapshotBooks();
        snapshotLimit = snapshotLimit.withMaxPerVm(maxSnapshotsPerVm != null ? maxSnapshotsPerVm : snapshotLimit.maxPerVm())
            .withRotate(rotateSnapshots != null ? rotateSnapshots : snapshotLimit.rotate());
      }
      if (catalog != null && !catalog.currency().equals(currency)) {
        throw new ConfigurationException("the catalog prices in " + catalog.currency() + " but balances are in "
            + currency + "; make uncloud.currency and the catalog's currency the same");
      }
      checkAccessFilters();
      checkQuotaGroups();
      if (adminHashes.isEmpty() && adminPasswords.isEmpty() && directoryAdminGroup == null) {
        LOG.warn("no admin is configured: nobody can book charges");
      }
      return new UncloudCore(this);
    } catch (RuntimeException e) {
      UncloudCore.closeQuietly(discovered.toArray(AutoCloseable[]::new));
      throw e;
    }
  }

  /** Refuses access rules the directory can never match (e.g. {@code >=} on an attribute without ordering). */
  private void checkAccessFilters() {
    List<String> problems = new ArrayList<>();
    for (ServiceDefinition service : services.values()) {
      for (String problem : directory.accessFilterProblems(service.accessFilter())) {
        problems.add("service " + service.name() + " (uncloud.service." + service.name() + ".access-filter): " + problem);
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException("the services' access filters do not fit the directory (" + problems.size()
          + (problems.size() == 1 ? " problem" : " problems") + "):\n  - " + String.join("\n  - ", problems));
    }
  }

  /**
   * Refuses grants whose groups the directory cannot list (a directory without group listing, an LDAP
   * directory without {@code uncloud.ldap.group-base} for a group named by cn), so a misconfigured
   * grant fails at start, not at its first run.
   */
  private void checkQuotaGroups() {
    List<String> problems = new ArrayList<>();
    for (QuotaGrant grant : quotaGrants.values()) {
      try {
        directory.members(grant.group());
      } catch (ConfigurationException e) {
        problems.add("quota grant " + grant.name() + " (uncloud.quota." + grant.name() + ".group=" + grant.group()
            + "): " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException("the quota grants' groups cannot be listed by the directory:\n  - "
          + String.join("\n  - ", problems));
    }
  }

  private static <T extends AutoCloseable> T track(List<AutoCloseable> list, T created) {
    if (created != null) {
      list.add(created);
    }
    return created;
  }

  private static String requireAdminName(String name) {
    return Names.requireText(name, "admin name", 256);
  }

  private static Duration requirePositive(Duration d, String what) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, what + " must be positive");
    }
    return d;
  }
}
