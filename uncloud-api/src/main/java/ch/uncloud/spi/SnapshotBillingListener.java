package ch.uncloud.spi;

import ch.uncloud.api.snapshots.SnapshotUsage;

/**
 * Told when a snapshot starts and stops costing money. The snapshot service calls {@link #started}
 * after a snapshot was taken and recorded, and {@link #ended} after it was deleted (by the user or by
 * rotation). Implementations must be thread-safe and should not throw: a failing {@code started}
 * undoes the snapshot; a failing {@code ended} is reported to the caller after the deletion.
 */
public interface SnapshotBillingListener {
  /** A listener that ignores everything. */
  SnapshotBillingListener NONE = new SnapshotBillingListener() {
    @Override
    public void started(SnapshotUsage usage) {
      // nothing is billed
    }

    @Override
    public void ended(SnapshotUsage usage) {
      // nothing is billed
    }
  };

  /** @param usage the open interval of a new snapshot */
  void started(SnapshotUsage usage);

  /** @param usage the closed interval of a deleted snapshot */
  void ended(SnapshotUsage usage);
}
