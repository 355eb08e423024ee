package ch.uncloud.spi;

import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.Username;
import ch.uncloud.api.snapshots.Snapshot;
import ch.uncloud.api.snapshots.SnapshotReconciliation;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * VM snapshots: all disks of a VM under one name, all or nothing, billed from creation to deletion
 * through a {@link ch.uncloud.spi.SnapshotBillingListener}. Implementations are thread-safe; calls
 * that change one VM's snapshots never interleave.
 *
 * <p>Errors: {@link ch.uncloud.api.NotFoundException} ({@code unknown_vm}) (no such VM for the account),
 * {@link ch.uncloud.api.NotFoundException} ({@code unknown_snapshot}), {@link ch.uncloud.api.InvalidRequestException} ({@code invalid_argument})
 * (bad name), {@link ch.uncloud.api.ConflictException} ({@code snapshot_name_taken}),
 * {@link ch.uncloud.api.ConflictException} ({@code snapshot_limit_reached}),
 * {@link ch.uncloud.api.snapshots.SnapshotHasClonesException},
 * {@link ch.uncloud.api.ConfigurationException} ({@code storage_missing}) (pool or image missing),
 * {@link ch.uncloud.api.ProviderUnavailableException} (cluster unreachable or failing; retryable).
 */
public interface SnapshotStore extends AutoCloseable {

  /**
   * Snapshots every disk of a VM the account owns, under one name. If any disk fails, the
   * snapshots already taken are removed and nothing is recorded or billed. If the VM already has
   * the maximum number of snapshots, the oldest unprotected one is deleted first when rotation is
   * on; otherwise the call fails.
   *
   * @param account the VM's owner
   * @param vmId the VM
   * @param name the snapshot's name (see {@link ch.uncloud.api.snapshots.SnapshotName} for the rules)
   * @return the recorded snapshot
   */
  Snapshot create(Username account, UUID vmId, String name);

  /**
   * @param account the owner
   * @param snapshotId a snapshot's id
   * @return the snapshot
   * @throws NotFoundException ({@code unknown_snapshot}) if the account has no such snapshot
   */
  Snapshot get(Username account, String snapshotId);

  /**
   * @param account the owner
   * @param vmId only this VM's snapshots, or all of the account's
   * @return the snapshots, oldest first
   */
  List<Snapshot> list(Username account, Optional<UUID> vmId);

  /**
   * Deletes a snapshot on every disk (unprotecting it first if needed) and ends its billing.
   *
   * @param account the owner
   * @param snapshotId the snapshot
   * @throws ch.uncloud.api.snapshots.SnapshotHasClonesException while clones depend on it (they are listed)
   */
  void delete(Username account, String snapshotId);

  /**
   * Protects a snapshot on every disk (needed before cloning it), or lifts the protection.
   * Idempotent.
   *
   * @param account the owner
   * @param snapshotId the snapshot
   * @param protect true to protect it against deletion, false to lift that
   * @throws ch.uncloud.api.snapshots.SnapshotHasClonesException when unprotecting while clones depend on it
   */
  void setProtected(Username account, String snapshotId, boolean protect);

  /**
   * Compares the records with the cluster for every VM in the inventory, without changing either.
   *
   * @return the differences found
   */
  SnapshotReconciliation reconcile();

  /**
   * Where the billing run reads this store's snapshot usage (GB-seconds) from. An {@code Uncloud}
   * with a snapshot store bills it as the {@code vm-snapshot} product unless another usage source
   * was wired.
   *
   * @return the usage source; {@link UsageSource#NONE} if the store keeps no usage
   */
  default UsageSource usage() {
    return UsageSource.NONE;
  }

  /** Releases the cluster connection. Idempotent. */
  @Override
  void close();
}
