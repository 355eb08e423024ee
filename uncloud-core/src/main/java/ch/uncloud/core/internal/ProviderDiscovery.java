package ch.uncloud.core.internal;


import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.Uncloud;
import ch.uncloud.spi.AccountDirectory;
import ch.uncloud.spi.AccountDirectoryProvider;
import ch.uncloud.spi.Ledger;
import ch.uncloud.spi.LedgerProvider;
import ch.uncloud.spi.PaymentGateway;
import ch.uncloud.spi.PaymentGatewayProvider;
import ch.uncloud.spi.PaymentRecords;
import ch.uncloud.spi.PaymentRecordsProvider;
import ch.uncloud.spi.Provider;
import ch.uncloud.spi.ProviderConfig;
import ch.uncloud.spi.ServerOrdering;
import ch.uncloud.spi.ServerOrderingProvider;
import ch.uncloud.spi.ShopStore;
import ch.uncloud.spi.ShopStoreProvider;
import ch.uncloud.spi.SnapshotBackend;
import ch.uncloud.spi.SnapshotBackendProvider;
import ch.uncloud.spi.SnapshotBooks;
import ch.uncloud.spi.SnapshotRecordsProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Fills the slots of an {@link Uncloud} from {@link java.util.ServiceLoader} providers. The ledger and
 * the directory are required: exactly one provider, or the one named. The optional capabilities
 * (payments, snapshots, servers, shop store) are used only when their key names a provider.
 *
 * <p>A snapshot backend ({@value #SNAPSHOTS_KEY}) comes with the core's snapshot settings: where
 * records and billed usage are kept ({@value #SNAPSHOT_RECORDS_KEY}, which must be written out:
 * {@code jdbc} for production, {@code memory} for demos and tests) and the per-VM limit, read from
 * the backend's own namespace ({@code uncloud.NAME.max-snapshots-per-vm}, {@code uncloud.NAME.rotate};
 * for {@code ceph} the keys {@code uncloud.ceph.max-snapshots-per-vm} and {@code uncloud.ceph.rotate}).
 */
public final class ProviderDiscovery {
  public static final String LEDGER_KEY = "uncloud.ledger";
  public static final String DIRECTORY_KEY = "uncloud.directory";
  public static final String PAYMENTS_KEY = "uncloud.payments";
  public static final String SNAPSHOTS_KEY = "uncloud.snapshots";
  public static final String SERVERS_KEY = "uncloud.servers";
  public static final String SHOP_STORE_KEY = "uncloud.shop-store";
  public static final String SNAPSHOT_RECORDS_KEY = SnapshotRecordsProvider.KEY;
  public static final String PAYMENT_RECORDS_KEY = PaymentRecordsProvider.KEY;

  private final ProviderConfig config;
  private final ClassLoader classLoader;

  public ProviderDiscovery(ProviderConfig config, ClassLoader classLoader) {
    this.config = config;
    this.classLoader = classLoader;
  }

  /**
   * Checks which providers the configuration selects and their keys, without creating any, so every
   * problem can be reported at once: a required provider that is missing or ambiguous, an unknown
   * name, and each selected provider's own {@link ch.uncloud.spi.Provider#configurationProblems}.
   *
   * @return every problem found; empty if none
   */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    check(problems, () -> Optional.of(ledgerResolver().resolve(config, classLoader)));
    check(problems, () -> Optional.of(directoryResolver().resolve(config, classLoader)));
    check(problems, () -> paymentsResolver().selected(config, classLoader));
    check(problems, () -> serversResolver().selected(config, classLoader));
    check(problems, () -> shopStoreResolver().selected(config, classLoader));
    check(problems, () -> snapshotsResolver().selected(config, classLoader));
    check(problems, () -> snapshotRecordsResolver().selected(config, classLoader));
    check(problems, () -> paymentRecordsResolver().selected(config, classLoader));
    return problems;
  }

  private void check(List<String> problems, Supplier<Optional<? extends Provider<?>>> resolution) {
    try {
      resolution.get().ifPresent(provider -> problems.addAll(provider.configurationProblems(config)));
    } catch (ConfigurationException e) {
      problems.add(e.getMessage());
    }
  }

  private static ProviderResolver<LedgerProvider> ledgerResolver() {
    return new ProviderResolver<>(LedgerProvider.class, LEDGER_KEY, "ch.uncloud:uncloud-jdbc",
        "UncloudCore.builder().ledger(...)");
  }

  private static ProviderResolver<AccountDirectoryProvider> directoryResolver() {
    return new ProviderResolver<>(AccountDirectoryProvider.class, DIRECTORY_KEY, "ch.uncloud:uncloud-ldap",
        "UncloudCore.builder().directory(...)");
  }

  private static ProviderResolver<PaymentGatewayProvider> paymentsResolver() {
    return new ProviderResolver<>(PaymentGatewayProvider.class, PAYMENTS_KEY, "ch.uncloud:uncloud-stripe",
        "UncloudCore.builder().payments(...)");
  }

  private static ProviderResolver<SnapshotBackendProvider> snapshotsResolver() {
    return new ProviderResolver<>(SnapshotBackendProvider.class, SNAPSHOTS_KEY, "ch.uncloud:uncloud-ceph",
        "UncloudCore.builder().snapshotBackend(...)");
  }

  private static ProviderResolver<SnapshotRecordsProvider> snapshotRecordsResolver() {
    return new ProviderResolver<>(SnapshotRecordsProvider.class, SNAPSHOT_RECORDS_KEY, "ch.uncloud:uncloud-jdbc",
        "UncloudCore.builder().snapshotBooks(...)");
  }

  private static ProviderResolver<PaymentRecordsProvider> paymentRecordsResolver() {
    return new ProviderResolver<>(PaymentRecordsProvider.class, PAYMENT_RECORDS_KEY, "ch.uncloud:uncloud-jdbc",
        "UncloudCore.builder().paymentRecords(...)");
  }

  private static ProviderResolver<ServerOrderingProvider> serversResolver() {
    return new ProviderResolver<>(ServerOrderingProvider.class, SERVERS_KEY, "ch.uncloud:uncloud-ovh",
        "UncloudCore.builder().servers(...)");
  }

  private static ProviderResolver<ShopStoreProvider> shopStoreResolver() {
    return new ProviderResolver<>(ShopStoreProvider.class, SHOP_STORE_KEY, "ch.uncloud:uncloud-jdbc",
        "UncloudCore.builder().shopStore(...)");
  }

  public Ledger ledger() {
    return ledgerResolver().resolve(config, classLoader).create(config);
  }

  public AccountDirectory directory() {
    return directoryResolver().resolve(config, classLoader).create(config);
  }

  /**
   * @param records the payment records to keep customer ids in, or {@code null} for the gateway's own
   * @return the gateway named by {@value #PAYMENTS_KEY}, or empty when the key is unset
   */
  public Optional<PaymentGateway> payments(PaymentRecords records) {
    return paymentsResolver().selected(config, classLoader)
        .map(p -> records == null ? p.create(config) : p.create(config, records));
  }

  /**
   * @return the payment records named by {@value #PAYMENT_RECORDS_KEY}, or empty when the key is unset
   */
  public Optional<PaymentRecords> paymentRecords() {
    return paymentRecordsResolver().selected(config, classLoader).map(p -> p.create(config));
  }

  /**
   * Creates the snapshot backend named by {@value #SNAPSHOTS_KEY} with the core's settings for it.
   * Every problem with those settings is reported at once, before the books are opened and the
   * backend connects; if the backend fails to start, the books are closed again.
   *
   * @param booksWired whether the books were wired programmatically (then none are opened here and
   *     {@value #SNAPSHOT_RECORDS_KEY} may stay unset)
   * @return the backend, the books (unless wired) and the limit; empty if no backend is selected
   * @throws ch.uncloud.api.ConfigurationException for an unknown backend or records name, a missing
   *     {@value #SNAPSHOT_RECORDS_KEY}, bad limit keys, or the backend's own configuration problems
   */
  public Optional<Snapshots> snapshots(boolean booksWired) {
    Optional<SnapshotBackendProvider> provider = snapshotsResolver().selected(config, classLoader);
    if (provider.isEmpty()) {
      return Optional.empty();
    }
    String name = provider.get().name();
    String maxKey = "uncloud." + name + ".max-snapshots-per-vm";
    String rotateKey = "uncloud." + name + ".rotate";
    ProviderConfig.Validator validator = config.validator()
        .check(maxKey, m -> m.matches("0|[1-9][0-9]{0,5}") ? null : "give a whole number, 0 for no limit")
        .check(rotateKey, r -> r.equals("true") || r.equals("false") ? null : "give true or false");
    if (!booksWired && config.get(SNAPSHOT_RECORDS_KEY).filter(v -> !v.equals("none")).isEmpty()) {
      validator.problem("missing " + SNAPSHOT_RECORDS_KEY + " (or environment variable "
          + ProviderConfig.environmentName(SNAPSHOT_RECORDS_KEY) + "): " + SNAPSHOTS_KEY + "=" + name
          + " needs to know where snapshot records and their billed usage are kept. Set " + SNAPSHOT_RECORDS_KEY
          + "=jdbc (durable, in the ledger's database; needs ch.uncloud:uncloud-jdbc) or " + SNAPSHOT_RECORDS_KEY
          + "=memory (lost on restart: demo and tests only)");
    }
    validator.validate();
    SnapshotLimit limit = new SnapshotLimit(Integer.parseInt(config.get(maxKey, "0")),
        Boolean.parseBoolean(config.get(rotateKey, "false")));
    SnapshotBooks books = booksWired ? null : snapshotRecordsProvider().orElseThrow().create(config);
    try {
      return Optional.of(new Snapshots(provider.get().create(config), Optional.ofNullable(books), limit));
    } catch (RuntimeException e) {
      if (books != null) {
        try {
          books.close();
        } catch (RuntimeException closing) {
          e.addSuppressed(closing);
        }
      }
      throw e;
    }
  }

  /**
   * @return the snapshot records provider named by {@value #SNAPSHOT_RECORDS_KEY}, or empty when the
   *     key is unset
   * @throws ch.uncloud.api.ConfigurationException if the named provider is not on the class path
   */
  public Optional<SnapshotRecordsProvider> snapshotRecordsProvider() {
    return snapshotRecordsResolver().selected(config, classLoader);
  }

  public Optional<ServerOrdering> servers() {
    return serversResolver().selected(config, classLoader).map(p -> p.create(config));
  }

  public Optional<ShopStore> shopStore() {
    return shopStoreResolver().selected(config, classLoader).map(p -> p.create(config));
  }

  /**
   * A discovered snapshot backend with the core's settings for it.
   *
   * @param backend the backend, owned by the caller
   * @param books the books opened for it, owned by the caller; empty if they were wired
   * @param limit the per-VM limit from the backend's keys
   */
  public record Snapshots(SnapshotBackend backend, Optional<SnapshotBooks> books, SnapshotLimit limit) {}
}
