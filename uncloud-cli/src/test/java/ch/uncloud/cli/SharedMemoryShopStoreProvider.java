package ch.uncloud.cli;

import ch.uncloud.spi.ProviderConfig;
import ch.uncloud.spi.ShopStore;
import ch.uncloud.spi.ShopStoreProvider;
import ch.uncloud.testkit.InMemoryShopStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A shop store for command-line tests, selected with {@code uncloud.shop-store=shared-memory}: one
 * {@link InMemoryShopStore} per {@code uncloud.shared-memory.id}, kept across the commands a test
 * runs in this JVM (each command opens and closes its own {@link ch.uncloud.api.Uncloud}), the way a
 * database keeps them across real processes.
 */
public final class SharedMemoryShopStoreProvider implements ShopStoreProvider {
  private static final Map<String, InMemoryShopStore> STORES = new ConcurrentHashMap<>();

  @Override
  public String name() {
    return "shared-memory";
  }

  @Override
  public ShopStore create(ProviderConfig config) {
    return STORES.computeIfAbsent(config.require("uncloud.shared-memory.id"), id -> InMemoryShopStore.create());
  }
}
