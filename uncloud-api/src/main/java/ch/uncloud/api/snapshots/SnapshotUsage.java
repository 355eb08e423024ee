package ch.uncloud.api.snapshots;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Username;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One billed interval of a VM snapshot: from its creation to its deletion (or still open). The
 * {@value #PRODUCT} product is priced per GB and second over such intervals, see
 * {@link SnapshotPricing}.
 *
 * @param snapshotId the snapshot
 * @param account who pays
 * @param vmId the VM
 * @param snapshotName the snapshot's name
 * @param sizeBytes the snapshot's provisioned size in bytes (all disks)
 * @param startedAt when billing started (the snapshot was taken)
 * @param endedAt when billing ended (the snapshot was deleted), or {@code null} while it exists
 */
public record SnapshotUsage(String snapshotId, Username account, UUID vmId, String snapshotName, long sizeBytes,
    Instant startedAt, Instant endedAt) {
  /** The product name snapshots are billed under. */
  public static final String PRODUCT = "vm-snapshot";

  /**
   * @throws InvalidRequestException ({@code invalid_argument}) if the size is negative or the interval ends before it starts
   *
   * @param snapshotId the snapshot
   * @param account who pays
   * @param vmId the VM
   * @param snapshotName the snapshot's name
   * @param sizeBytes the snapshot's provisioned size in bytes (all disks)
   * @param startedAt when billing started (the snapshot was taken)
   * @param endedAt when billing ended (the snapshot was deleted), or {@code null} while it exists
   */
  public SnapshotUsage {
    Objects.requireNonNull(snapshotId, "snapshotId");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(vmId, "vmId");
    Objects.requireNonNull(snapshotName, "snapshotName");
    Objects.requireNonNull(startedAt, "startedAt");
    if (sizeBytes < 0) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "snapshot size must not be negative");
    }
    if (endedAt != null && endedAt.isBefore(startedAt)) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "snapshot usage ends at " + endedAt + ", before it starts at " + startedAt);
    }
  }

  /**
   * @param snapshot a snapshot just taken
   * @return its open usage interval, starting at its creation time
   */
  public static SnapshotUsage started(Snapshot snapshot) {
    return new SnapshotUsage(snapshot.id(), snapshot.account(), snapshot.vmId(), snapshot.name(),
        snapshot.sizeBytes(), snapshot.createdAt(), null);
  }

  /** @return whether the snapshot still exists (billing has not ended) */
  public boolean isOpen() {
    return endedAt == null;
  }

  /**
   * @param end when billing ended
   * @return this interval, closed at {@code end}
   */
  public SnapshotUsage endedAt(Instant end) {
    return new SnapshotUsage(snapshotId, account, vmId, snapshotName, sizeBytes, startedAt, end);
  }
}
