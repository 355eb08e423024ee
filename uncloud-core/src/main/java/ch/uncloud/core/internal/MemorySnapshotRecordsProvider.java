package ch.uncloud.core.internal;

import ch.uncloud.spi.ProviderConfig;
import ch.uncloud.spi.SnapshotBooks;
import ch.uncloud.spi.SnapshotRecordsProvider;

/**
 * The snapshot records named {@code memory} ({@code uncloud.snapshot-records=memory}):
 * {@link MemorySnapshotBooks}, lost on restart, so for demos and tests only. It must be written out:
 * with the key unset, a configured snapshot backend is refused.
 */
public final class MemorySnapshotRecordsProvider implements SnapshotRecordsProvider {
  /** Creates the provider (called by {@link java.util.ServiceLoader}). */
  public MemorySnapshotRecordsProvider() {
    // stateless
  }

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public SnapshotBooks create(ProviderConfig config) {
    return new MemorySnapshotBooks();
  }
}
