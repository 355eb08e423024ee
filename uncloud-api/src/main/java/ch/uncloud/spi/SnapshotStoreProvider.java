package ch.uncloud.spi;

/**
 * Creates {@link SnapshotStore}s; discovered with {@link java.util.ServiceLoader} and listed in
 * {@code META-INF/services/ch.uncloud.spi.SnapshotStoreProvider}.
 */
public interface SnapshotStoreProvider extends Provider<SnapshotStore> {
}
