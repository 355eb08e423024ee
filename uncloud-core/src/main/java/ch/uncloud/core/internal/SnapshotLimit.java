package ch.uncloud.core.internal;

import ch.uncloud.api.ConflictException;
import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.snapshots.SnapshotRecord;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * How many snapshots one VM may keep, and what a new snapshot at that maximum does: fail, or
 * replace (rotate out) the VM's oldest unprotected snapshot. The snapshot service asks
 * {@link #toRotateOut} before taking a snapshot and deletes what it names only once the new one
 * exists. Immutable and thread-safe.
 *
 * @param maxPerVm the most snapshots one VM may have, 0 for no limit
 * @param rotate whether a new snapshot at the maximum replaces the oldest unprotected one instead of failing
 */
public record SnapshotLimit(int maxPerVm, boolean rotate) {
  /** No maximum (and so nothing to rotate). */
  public static final SnapshotLimit NONE = new SnapshotLimit(0, false);

  /**
   * @throws InvalidRequestException ({@code invalid_argument}) if the maximum is negative
   *
   * @param maxPerVm the most snapshots one VM may have, 0 for no limit
   * @param rotate whether a new snapshot at the maximum replaces the oldest unprotected one instead of failing
   */
  public SnapshotLimit {
    if (maxPerVm < 0) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "the snapshot maximum per VM must not be negative");
    }
  }

  /**
   * @param max the most snapshots one VM may have, 0 for no limit
   * @return a copy with that maximum
   * @throws InvalidRequestException ({@code invalid_argument}) if the maximum is negative
   */
  public SnapshotLimit withMaxPerVm(int max) {
    return new SnapshotLimit(max, rotate);
  }

  /**
   * @param rotateOldest whether a new snapshot at the maximum replaces the oldest unprotected one
   * @return a copy with that choice
   */
  public SnapshotLimit withRotate(boolean rotateOldest) {
    return new SnapshotLimit(maxPerVm, rotateOldest);
  }

  /**
   * Decides whether a VM may get one more snapshot.
   *
   * @param vmId the VM, for the error message
   * @param existing the VM's snapshots, oldest first
   * @return the snapshot to delete once the new one is taken, or empty if the VM is below the maximum
   * @throws ConflictException ({@code snapshot_limit_reached}) if the VM is at the maximum and rotation is off or every
   *     existing snapshot is protected
   */
  public Optional<SnapshotRecord> toRotateOut(UUID vmId, List<SnapshotRecord> existing) {
    Objects.requireNonNull(existing, "existing");
    if (maxPerVm == 0 || existing.size() < maxPerVm) {
      return Optional.empty();
    }
    Optional<SnapshotRecord> oldestUnprotected = existing.stream().filter(r -> !r.isProtected()).findFirst();
    if (!rotate || oldestUnprotected.isEmpty()) {
      throw new ConflictException(ErrorCodes.SNAPSHOT_LIMIT_REACHED, "VM " + vmId + " already has " + existing.size()
          + " snapshots, the most allowed" + (rotate ? ", and all are protected" : "") + "; delete one first");
    }
    return oldestUnprotected;
  }
}
