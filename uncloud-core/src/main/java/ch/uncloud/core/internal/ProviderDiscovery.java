package ch.uncloud.core.internal;


import ch.uncloud.api.Uncloud;
import ch.uncloud.spi.AccountDirectory;
import ch.uncloud.spi.AccountDirectoryProvider;
import ch.uncloud.spi.Ledger;
import ch.uncloud.spi.LedgerProvider;
import ch.uncloud.spi.PaymentGateway;
import ch.uncloud.spi.PaymentGatewayProvider;
import ch.uncloud.spi.ProviderConfig;
import ch.uncloud.spi.ProviderResolver;
import ch.uncloud.spi.ServerOrdering;
import ch.uncloud.spi.ServerOrderingProvider;
import ch.uncloud.spi.ShopStore;
import ch.uncloud.spi.ShopStoreProvider;
import ch.uncloud.spi.SnapshotStore;
import ch.uncloud.spi.SnapshotStoreProvider;
import java.util.Optional;

/**
 * Fills the slots of an {@link Uncloud} from {@link java.util.ServiceLoader} providers. The ledger and
 * the directory are required: exactly one provider, or the one named. The optional capabilities
 * (payments, snapshots, servers, shop store) are used only when their key names a provider.
 */
public final class ProviderDiscovery {
  public static final String LEDGER_KEY = "uncloud.ledger";
  public static final String DIRECTORY_KEY = "uncloud.directory";
  public static final String PAYMENTS_KEY = "uncloud.payments";
  public static final String SNAPSHOTS_KEY = "uncloud.snapshots";
  public static final String SERVERS_KEY = "uncloud.servers";
  public static final String SHOP_STORE_KEY = "uncloud.shop-store";

  private final ProviderConfig config;
  private final ClassLoader classLoader;

  public ProviderDiscovery(ProviderConfig config, ClassLoader classLoader) {
    this.config = config;
    this.classLoader = classLoader;
  }

  public Ledger ledger() {
    return new ProviderResolver<>(LedgerProvider.class, LEDGER_KEY, "ch.uncloud:uncloud-jdbc",
        "UncloudCore.builder().ledger(...)").resolve(config, classLoader).create(config);
  }

  public AccountDirectory directory() {
    return new ProviderResolver<>(AccountDirectoryProvider.class, DIRECTORY_KEY, "ch.uncloud:uncloud-ldap",
        "UncloudCore.builder().directory(...)").resolve(config, classLoader).create(config);
  }

  public Optional<PaymentGateway> payments() {
    return new ProviderResolver<>(PaymentGatewayProvider.class, PAYMENTS_KEY, "ch.uncloud:uncloud-stripe",
        "UncloudCore.builder().payments(...)").selected(config, classLoader).map(p -> p.create(config));
  }

  public Optional<SnapshotStore> snapshots() {
    return new ProviderResolver<>(SnapshotStoreProvider.class, SNAPSHOTS_KEY, "ch.uncloud:uncloud-ceph",
        "UncloudCore.builder().snapshots(...)").selected(config, classLoader).map(p -> p.create(config));
  }

  public Optional<ServerOrdering> servers() {
    return new ProviderResolver<>(ServerOrderingProvider.class, SERVERS_KEY, "ch.uncloud:uncloud-ovh",
        "UncloudCore.builder().servers(...)").selected(config, classLoader).map(p -> p.create(config));
  }

  public Optional<ShopStore> shopStore() {
    return new ProviderResolver<>(ShopStoreProvider.class, SHOP_STORE_KEY, "ch.uncloud:uncloud-jdbc",
        "UncloudCore.builder().shopStore(...)").selected(config, classLoader).map(p -> p.create(config));
  }
}
