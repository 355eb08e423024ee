package ch.uncloud.ceph;

import ch.uncloud.spi.ProviderConfig;
import ch.uncloud.spi.SnapshotBooks;
import ch.uncloud.spi.SnapshotRecordsProvider;

/**
 * The snapshot records named {@code memory} ({@code uncloud.snapshot-records=memory}, also what a
 * snapshot store uses when the key is unset): {@link InMemorySnapshotBooks}, lost on restart.
 */
public final class InMemorySnapshotRecordsProvider implements SnapshotRecordsProvider {
  /** Creates the provider (called by {@link java.util.ServiceLoader}). */
  public InMemorySnapshotRecordsProvider() {
    // stateless
  }

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public SnapshotBooks create(ProviderConfig config) {
    return new InMemorySnapshotBooks();
  }
}
