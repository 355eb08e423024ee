package ch.uncloud.core.internal;

import ch.uncloud.spi.SnapshotBooks;

/**
 * {@link SnapshotBooks} in memory: {@link MemorySnapshotRecords} and a
 * {@link SnapshotUsageRecorder}, both lost on restart. What {@code uncloud.snapshot-records=memory}
 * gives (demo and tests), and the default of a snapshot backend wired programmatically without
 * books. Production keeps them durable with {@code uncloud.snapshot-records=jdbc}. Thread-safe.
 */
public final class MemorySnapshotBooks implements SnapshotBooks {
  private final MemorySnapshotRecords records = new MemorySnapshotRecords();
  private final SnapshotUsageRecorder usage = new SnapshotUsageRecorder();

  /** Creates empty books. */
  public MemorySnapshotBooks() {
    // nothing recorded yet
  }

  @Override
  public MemorySnapshotRecords records() {
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
