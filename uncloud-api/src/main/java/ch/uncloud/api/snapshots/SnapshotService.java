package ch.uncloud.api.snapshots;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.ConflictException;
import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.Username;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * VM snapshots as users take them: all disks of a VM under one name, all or nothing, billed by the
 * GB-second ({@value SnapshotUsage#PRODUCT}) from creation to deletion. Obtained from
 * {@link ch.uncloud.api.Uncloud#snapshots()}.
 *
 * <p>An account sees only its own VMs and snapshots: another account's VM or snapshot answers
 * exactly like one that does not exist. Names follow {@link SnapshotName}; a VM may keep a
 * configured maximum of snapshots, after which a new one either fails or replaces the oldest
 * unprotected one (rotation).
 *
 * <p>Thread-safe. Calls that change one VM's snapshots never interleave, so the maximum always
 * holds; calls on different VMs run in parallel. Once the {@code Uncloud} it came from is closed,
 * every call fails with an {@link IllegalStateException}.
 *
 * <p>Errors: {@link NotFoundException} ({@code unknown_vm}: no such VM for the account;
 * {@code unknown_snapshot}), {@link InvalidRequestException} ({@code invalid_argument}: a bad name),
 * {@link ConflictException} ({@code snapshot_name_taken}, {@code snapshot_limit_reached}),
 * {@link SnapshotHasClonesException}, {@link ConfigurationException} ({@code storage_missing}: a
 * pool or image of the VM is missing), {@link ProviderUnavailableException} (the storage is
 * unreachable or failing; retryable).
 */
public interface SnapshotService {
  /**
   * Snapshots every disk of a VM the account owns, under one name. If any disk fails, the snapshots
   * already taken are removed and nothing is recorded or billed. If the VM already has the maximum
   * number of snapshots, the oldest unprotected one is deleted once the new one exists when
   * rotation is on; otherwise the call fails.
   *
   * @param account the VM's owner
   * @param vmId the VM
   * @param name the snapshot's name (see {@link SnapshotName} for the rules)
   * @return the recorded snapshot, billed from its creation time
   * @throws NotFoundException ({@code unknown_vm}) if the account has no such VM
   * @throws InvalidRequestException ({@code invalid_argument}) if the name breaks the rules
   * @throws ConflictException ({@code snapshot_name_taken}) if the VM already has a snapshot of that
   *     name, or ({@code snapshot_limit_reached}) if it is at its maximum and none can be rotated out
   */
  Snapshot create(Username account, UUID vmId, String name);

  /**
   * Like {@link #create(Username, UUID, String)}, retryable: a second call with the same key for the
   * same VM returns the snapshot the first one took, as long as it exists, and takes nothing new.
   * Once that snapshot was deleted the key is spent: a later call with it is refused rather than
   * answered with a snapshot that no longer exists, and takes nothing (take a new one with a new key).
   *
   * @param account the VM's owner
   * @param vmId the VM
   * @param name the snapshot's name
   * @param key the caller's idempotency key, or {@code null} for none
   * @return the snapshot, and whether it was taken by an earlier call with the key
   * @throws ConflictException ({@code idempotency_conflict}) if the key was used for another name
   *     on this VM, or took a snapshot that was deleted since; and as
   *     {@link #create(Username, UUID, String)}
   */
  TakenSnapshot create(Username account, UUID vmId, String name, IdempotencyKey key);

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
   * @return the snapshots, oldest first (empty for another account's VM)
   */
  List<Snapshot> list(Username account, Optional<UUID> vmId);

  /**
   * Deletes a snapshot on every disk (unprotecting it first if needed) and ends its billing.
   *
   * @param account the owner
   * @param snapshotId the snapshot
   * @throws NotFoundException ({@code unknown_snapshot}) if the account has no such snapshot
   * @throws SnapshotHasClonesException while clones depend on it (they are listed; nothing changes)
   */
  void delete(Username account, String snapshotId);

  /**
   * Protects a snapshot on every disk (needed before cloning it), or lifts the protection. All or
   * nothing, and idempotent.
   *
   * @param account the owner
   * @param snapshotId the snapshot
   * @param protect true to protect it against deletion, false to lift that
   * @throws NotFoundException ({@code unknown_snapshot}) if the account has no such snapshot
   * @throws SnapshotHasClonesException when unprotecting while clones depend on it
   */
  void setProtected(Username account, String snapshotId, boolean protect);

  /**
   * Compares the recorded (billed) snapshots with the storage for every VM in the inventory,
   * without changing either. Nothing is repaired automatically: an operator decides.
   *
   * @return the differences found
   */
  SnapshotReconciliation reconcile();
}
