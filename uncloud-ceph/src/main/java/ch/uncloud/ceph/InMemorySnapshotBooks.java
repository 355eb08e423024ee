package ch.uncloud.ceph;

import ch.uncloud.api.snapshots.SnapshotUsageRecorder;
import ch.uncloud.spi.SnapshotBooks;

/**
 * The default {@link SnapshotBooks}: {@link InMemorySnapshotRecords} and a
 * {@link SnapshotUsageRecorder}, both lost on restart (use {@code uncloud.snapshot-records=jdbc}
 * from {@code ch.uncloud:uncloud-jdbc} to keep them). Thread-safe.
 */
public final class InMemorySnapshotBooks implements SnapshotBooks {
  private final InMemorySnapshotRecords records = new InMemorySnapshotRecords();
  private final SnapshotUsageRecorder usage = new SnapshotUsageRecorder();

  /** Creates empty books. */
  public InMemorySnapshotBooks() {
    // nothing recorded yet
  }

  @Override
  public InMemorySnapshotRecords records() {
    return records;
  }

  @Override
  public SnapshotUsageRecorder billing() {
    return usage;
  }

  @Override
  public SnapshotUsageRecorder usage() {
    return usage;
  }

  /** Nothing to release. */
  @Override
  public void close() {
    // memory only
  }
}
