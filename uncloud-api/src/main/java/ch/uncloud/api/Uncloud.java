package ch.uncloud.api;

import ch.uncloud.spi.AccountDirectory;
import ch.uncloud.spi.Ledger;
import ch.uncloud.spi.PaymentGateway;
import ch.uncloud.spi.ProviderConfig;
import ch.uncloud.spi.ServerOrdering;
import ch.uncloud.spi.ShopStore;
import ch.uncloud.spi.SnapshotStore;
import ch.uncloud.spi.UsageSource;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point: one object that holds the providers (ledger, account directory, and optionally
 * payments, snapshots and server ordering) and the services built on them.
 *
 * <p>Wire it by hand with {@link #builder()}, or let {@link #fromConfig(ProviderConfig)} discover
 * providers with {@link java.util.ServiceLoader}; programmatic wiring wins, discovery fills only
 * empty slots. Thread-safe. {@link #close()} closes every provider it holds.
 *
 * <pre>{@code
 * try (Uncloud uncloud = Uncloud.builder()
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
public final class Uncloud implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Uncloud.class);

  private final Ledger ledger;
  private final AccountDirectory directory;
  private final PaymentGateway payments;
  private final SnapshotStore snapshots;
  private final ServerOrdering servers;
  private final ShopStore shopStore;
  private final CreditService credit;
  private final Catalog catalog;
  private final OrderService orders;
  private final BillingService billing;
  private final CardTopUps topUps;
  private final Clock clock;
  private volatile boolean closed;

  private Uncloud(Builder b) {
    this.ledger = b.ledger;
    this.directory = b.directory;
    this.payments = b.payments;
    this.snapshots = b.snapshots;
    this.servers = b.servers;
    this.clock = b.clock;
    AdminRegistry admins = new AdminRegistry(b.adminHashes, b.adminPasswords, directory, b.directoryAdmins);
    this.credit = new CreditService(ledger, directory, clock, b.currency, b.zone, b.services, admins,
        b.sessionTtl, b.lockFlagTtl);
    this.shopStore = b.shopStore;
    this.catalog = b.catalog != null ? b.catalog : Catalog.bundled();
    Periods periods = new Periods(b.zone);
    this.orders = shopStore == null ? null
        : new OrderService(catalog, shopStore, directory, this::payments, clock, periods);
    this.billing = shopStore == null ? null
        : new BillingService(catalog, shopStore, usageOf(b), this::payments, credit, clock, periods, b.zone);
    this.topUps = new CardTopUps(credit, this::payments);
  }

  /**
   * @return a builder for programmatic wiring
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds an instance from configuration, discovering providers on the context class loader.
   * The configuration keys are listed in the README.
   *
   * @param config the configuration
   * @return a new instance
   * @throws ConfigurationException naming every problem at once
   */
  public static Uncloud fromConfig(ProviderConfig config) {
    return builder().configure(config).build();
  }

  /**
   * @return the lab credit service
   */
  public CreditService credit() {
    return credit;
  }

  /**
   * @return card top-ups of the credit balance (they need a payment gateway)
   */
  public CardTopUps topUps() {
    return topUps;
  }

  /**
   * @return the shop's product catalog (the bundled one unless another was configured)
   */
  public Catalog catalog() {
    return catalog;
  }

  /**
   * @return the shop's orders
   * @throws ConfigurationException if no shop store is configured
   */
  public OrderService orders() {
    return require(orders, "ShopStore", ProviderDiscovery.SHOP_STORE_KEY + "=jdbc", "ch.uncloud:uncloud-jdbc", "shopStore");
  }

  /**
   * @return the shop's monthly billing
   * @throws ConfigurationException if no shop store is configured
   */
  public BillingService billing() {
    return require(billing, "ShopStore", ProviderDiscovery.SHOP_STORE_KEY + "=jdbc", "ch.uncloud:uncloud-jdbc", "shopStore");
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

  /**
   * @return the clock every service uses
   */
  public Clock clock() {
    return clock;
  }

  /**
   * @return the payment gateway
   * @throws ConfigurationException if none is configured
   */
  public PaymentGateway payments() {
    return require(payments, "PaymentGateway", ProviderDiscovery.PAYMENTS_KEY + "=stripe", "ch.uncloud:uncloud-stripe", "payments");
  }

  /**
   * @return the snapshot store
   * @throws ConfigurationException if none is configured
   */
  public SnapshotStore snapshots() {
    return require(snapshots, "SnapshotStore", ProviderDiscovery.SNAPSHOTS_KEY + "=ceph", "ch.uncloud:uncloud-ceph", "snapshots");
  }

  /**
   * @return server ordering
   * @throws ConfigurationException if none is configured
   */
  public ServerOrdering servers() {
    return require(servers, "ServerOrdering", ProviderDiscovery.SERVERS_KEY + "=ovh", "ch.uncloud:uncloud-ovh", "servers");
  }

  /** Closes every provider this instance holds, in reverse order of dependency. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeQuietly(servers, snapshots, payments, shopStore, directory, ledger);
  }

  /** The wired usage source, else the snapshot store's own. */
  private static UsageSource usageOf(Builder b) {
    if (b.usage != null) {
      return b.usage;
    }
    return b.snapshots != null ? b.snapshots.usage() : UsageSource.NONE;
  }

  private static <T> T require(T service, String what, String selection, String artifact, String method) {
    if (service == null) {
      throw new ConfigurationException("no " + what + " is configured: set " + selection + " with " + artifact
          + " on the class path, or wire one with Uncloud.builder()." + method + "(...)");
    }
    return service;
  }

  private static void closeQuietly(AutoCloseable... closeables) {
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

  /**
   * Wires an {@link Uncloud}. Not thread-safe; build once, share the result.
   */
  public static final class Builder {
    private Ledger ledger;
    private AccountDirectory directory;
    private PaymentGateway payments;
    private SnapshotStore snapshots;
    private ServerOrdering servers;
    private ShopStore shopStore;
    private Catalog catalog;
    private UsageSource usage;
    private Clock clock = Clock.systemUTC();
    private Currency currency = Currency.getInstance("CHF");
    private ZoneId zone = ZoneId.of("UTC");
    private final Map<ServiceName, ServiceDefinition> services = new LinkedHashMap<>();
    private final Map<String, PasswordHash> adminHashes = new LinkedHashMap<>();
    private final Map<String, Secret> adminPasswords = new LinkedHashMap<>();
    private boolean directoryAdmins;
    private Duration sessionTtl = Duration.ofHours(1);
    private Duration lockFlagTtl = Duration.ofMinutes(1);
    private ProviderConfig config;

    private Builder() {}

    /**
     * @param ledger the ledger
     * @return this builder
     */
    public Builder ledger(Ledger ledger) {
      this.ledger = Objects.requireNonNull(ledger, "ledger");
      return this;
    }

    /**
     * @param directory the account directory
     * @return this builder
     */
    public Builder directory(AccountDirectory directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * @param payments the payment gateway
     * @return this builder
     */
    public Builder payments(PaymentGateway payments) {
      this.payments = Objects.requireNonNull(payments, "payments");
      return this;
    }

    /**
     * @param snapshots the snapshot store
     * @return this builder
     */
    public Builder snapshots(SnapshotStore snapshots) {
      this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
      return this;
    }

    /**
     * @param servers server ordering
     * @return this builder
     */
    public Builder servers(ServerOrdering servers) {
      this.servers = Objects.requireNonNull(servers, "servers");
      return this;
    }

    /**
     * @param shopStore where the shop keeps orders and bills
     * @return this builder
     */
    public Builder shopStore(ShopStore shopStore) {
      this.shopStore = Objects.requireNonNull(shopStore, "shopStore");
      return this;
    }

    /**
     * @param catalog the shop's products, default {@link Catalog#bundled()}
     * @return this builder
     */
    public Builder catalog(Catalog catalog) {
      this.catalog = Objects.requireNonNull(catalog, "catalog");
      return this;
    }

    /**
     * @param usage where metered usage comes from, default the snapshot store's own usage
     * @return this builder
     */
    public Builder usage(UsageSource usage) {
      this.usage = Objects.requireNonNull(usage, "usage");
      return this;
    }

    /**
     * @param clock the clock (tests move it)
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * @param currency the currency of every balance, default CHF
     * @return this builder
     */
    public Builder currency(Currency currency) {
      this.currency = Objects.requireNonNull(currency, "currency");
      return this;
    }

    /**
     * @param zone the zone settlement quarters are counted in, default UTC
     * @return this builder
     */
    public Builder zone(ZoneId zone) {
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
    public Builder admin(String name, Secret password) {
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
    public Builder admin(String name, PasswordHash hash) {
      adminHashes.put(requireAdminName(name), Objects.requireNonNull(hash, "hash"));
      return this;
    }

    /**
     * @param enabled whether admins that are not registered here authenticate against the account
     *     directory (a bind as that user)
     * @return this builder
     */
    public Builder directoryAdmins(boolean enabled) {
      this.directoryAdmins = enabled;
      return this;
    }

    /**
     * @param service a service to register
     * @return this builder
     */
    public Builder service(ServiceDefinition service) {
      if (services.putIfAbsent(service.name(), service) != null) {
        throw new InvalidArgumentException("service " + service.name() + " is registered twice");
      }
      return this;
    }

    /**
     * @param ttl how long an admin session stays valid, default one hour
     * @return this builder
     */
    public Builder sessionTtl(Duration ttl) {
      this.sessionTtl = requirePositive(ttl, "session ttl");
      return this;
    }

    /**
     * @param ttl how long a lock flag read from the directory is trusted before it is read again,
     *     default one minute (bounds how long a flag changed by another process can be missed)
     * @return this builder
     */
    public Builder lockFlagTtl(Duration ttl) {
      this.lockFlagTtl = requirePositive(ttl, "lock flag ttl");
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
    public Builder configure(ProviderConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      new CreditConfiguration(config).applyTo(this);
      return this;
    }

    /**
     * @return the instance
     * @throws ConfigurationException if the ledger or directory is missing, or the services do not
     *     fit together
     */
    public Uncloud build() {
      List<AutoCloseable> discovered = new ArrayList<>();
      try {
        if (config != null) {
          ProviderDiscovery discovery = new ProviderDiscovery(config, Thread.currentThread().getContextClassLoader());
          ledger = ledger != null ? ledger : track(discovered, discovery.ledger());
          directory = directory != null ? directory : track(discovered, discovery.directory());
          payments = payments != null ? payments : track(discovered, discovery.payments().orElse(null));
          snapshots = snapshots != null ? snapshots : track(discovered, discovery.snapshots().orElse(null));
          servers = servers != null ? servers : track(discovered, discovery.servers().orElse(null));
          shopStore = shopStore != null ? shopStore : track(discovered, discovery.shopStore().orElse(null));
        }
        if (ledger == null || directory == null) {
          throw new ConfigurationException("an Uncloud needs a ledger and an account directory: wire them with "
              + "Uncloud.builder().ledger(...).directory(...), or use Uncloud.fromConfig(...) with providers such as "
              + "ch.uncloud:uncloud-jdbc and ch.uncloud:uncloud-ldap on the class path");
        }
        if (catalog != null && !catalog.currency().equals(currency)) {
          throw new ConfigurationException("the catalog prices in " + catalog.currency() + " but balances are in "
              + currency + "; make uncloud.currency and the catalog's currency the same");
        }
        if (adminHashes.isEmpty() && adminPasswords.isEmpty() && !directoryAdmins) {
          LOG.warn("no admin is configured: nobody can book charges");
        }
        return new Uncloud(this);
      } catch (RuntimeException e) {
        closeQuietly(discovered.toArray(AutoCloseable[]::new));
        throw e;
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
        throw new InvalidArgumentException(what + " must be positive");
      }
      return d;
    }
  }
}
