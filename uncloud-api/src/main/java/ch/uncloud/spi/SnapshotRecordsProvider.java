package ch.uncloud.spi;

import java.util.Optional;

/**
 * Creates the {@link SnapshotBooks} a snapshot store keeps its records and usage in; discovered with
 * {@link java.util.ServiceLoader}, listed in
 * {@code META-INF/services/ch.uncloud.spi.SnapshotRecordsProvider} and chosen with the key
 * {@value #KEY} ({@code memory} when unset; {@code jdbc} from {@code ch.uncloud:uncloud-jdbc}).
 */
public interface SnapshotRecordsProvider extends Provider<SnapshotBooks> {
  /** The key that names the provider, e.g. {@code uncloud.snapshot-records=jdbc}. */
  String KEY = "uncloud.snapshot-records";

  /**
   * @param config the configuration holding {@value #KEY}
   * @param classLoader where to look for providers
   * @return the named provider, or empty when the key is unset (the store's in-memory default)
   * @throws ch.uncloud.api.ConfigurationException if the named provider is not on the class path
   */
  static Optional<SnapshotRecordsProvider> selected(ProviderConfig config, ClassLoader classLoader) {
    return new ProviderResolver<>(SnapshotRecordsProvider.class, KEY, "ch.uncloud:uncloud-jdbc",
        "the snapshot store's builder, books(...)").selected(config, classLoader);
  }
}
