package ch.uncloud.api;

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

/** Fills the slots of an {@link Uncloud} from {@link java.util.ServiceLoader} providers. */
final class ProviderDiscovery {
  static final String LEDGER_KEY = "uncloud.ledger";
  static final String DIRECTORY_KEY = "uncloud.directory";
  static final String PAYMENTS_KEY = "uncloud.payments";
  static final String SNAPSHOTS_KEY = "uncloud.snapshots";
  static final String SERVERS_KEY = "uncloud.servers";
  static final String SHOP_STORE_KEY = "uncloud.shop-store";

  private final ProviderConfig config;
  private final ClassLoader classLoader;

  ProviderDiscovery(ProviderConfig config, ClassLoader classLoader) {
    this.config = config;
    this.classLoader = classLoader;
  }

  Ledger ledger() {
    return new ProviderResolver<>(LedgerProvider.class, LEDGER_KEY, "ch.uncloud:uncloud-jdbc",
        "Uncloud.builder().ledger(...)").resolve(config, classLoader).create(config);
  }

  AccountDirectory directory() {
    return new ProviderResolver<>(AccountDirectoryProvider.class, DIRECTORY_KEY, "ch.uncloud:uncloud-ldap",
        "Uncloud.builder().directory(...)").resolve(config, classLoader).create(config);
  }

  Optional<PaymentGateway> payments() {
    return new ProviderResolver<>(PaymentGatewayProvider.class, PAYMENTS_KEY, "ch.uncloud:uncloud-stripe",
        "Uncloud.builder().payments(...)").find(config, classLoader).map(p -> p.create(config));
  }

  Optional<SnapshotStore> snapshots() {
    return new ProviderResolver<>(SnapshotStoreProvider.class, SNAPSHOTS_KEY, "ch.uncloud:uncloud-ceph",
        "Uncloud.builder().snapshots(...)").find(config, classLoader).map(p -> p.create(config));
  }

  Optional<ServerOrdering> servers() {
    return new ProviderResolver<>(ServerOrderingProvider.class, SERVERS_KEY, "ch.uncloud:uncloud-ovh",
        "Uncloud.builder().servers(...)").find(config, classLoader).map(p -> p.create(config));
  }

  Optional<ShopStore> shopStore() {
    return new ProviderResolver<>(ShopStoreProvider.class, SHOP_STORE_KEY, "ch.uncloud:uncloud-jdbc",
        "Uncloud.builder().shopStore(...)").find(config, classLoader).map(p -> p.create(config));
  }
}
