package ch.uncloud.spi;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.ConflictException;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.snapshots.SnapshotDisk;
import ch.uncloud.api.snapshots.SnapshotHasClonesException;
import ch.uncloud.api.snapshots.VirtualMachine;
import ch.uncloud.api.snapshots.VmDisk;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where VM snapshots physically live (Ceph RBD for provider {@code ceph}): takes, protects, lists
 * and removes one named snapshot on every disk of a VM, all or nothing. A thin backend: it knows
 * nothing of accounts, name rules, limits, rotation, records or billing; the core's snapshot
 * service ({@link ch.uncloud.api.snapshots.SnapshotService}) owns those, so every backend behaves
 * the same for them.
 *
 * <p>The service calls a backend while holding the VM's lock, so calls for one VM never
 * interleave; calls for different VMs may run in parallel. Implementations are thread-safe.
 *
 * <p>Errors: {@link ConfigurationException} ({@code storage_missing}: a pool, image or snapshot is
 * missing; {@code configuration}: the disk names an unconfigured cluster),
 * {@link ConflictException} ({@code snapshot_name_taken}: a disk already has a snapshot of that
 * name), {@link SnapshotHasClonesException}, {@link ProviderUnavailableException} (the storage is
 * unreachable or failing; retryable). After {@link #close()} every call fails with an
 * {@link IllegalStateException}.
 */
public interface SnapshotBackend extends AutoCloseable {
  /**
   * Takes a snapshot named {@code name} of every disk of the VM, all or nothing: if any disk fails,
   * the snapshots already taken are removed before the error is thrown. A backend may do more
   * around it (freeze the guest's file systems, for example).
   *
   * @param vm the VM, as the inventory lists it
   * @param name the snapshot's name, already checked against {@link ch.uncloud.api.snapshots.SnapshotName}
   * @return the snapshotted disks in the VM's disk order, each with its provisioned size
   * @throws ConflictException ({@code snapshot_name_taken}) if a disk already has a snapshot of that
   *     name (no snapshot is left behind)
   * @throws ConfigurationException ({@code storage_missing}) if a disk's pool or image does not exist
   */
  List<SnapshotDisk> take(VirtualMachine vm, String name);

  /**
   * Removes the snapshot from every disk, lifting its protection first where it is protected. A
   * disk (image or pool) that no longer has it is skipped, so removing twice is harmless. While
   * clones depend on the snapshot on any disk nothing is removed.
   *
   * @param disks the snapshotted disks
   * @param name the snapshot's name
   * @throws SnapshotHasClonesException while clones depend on it (they are listed)
   */
  void remove(List<SnapshotDisk> disks, String name);

  /**
   * Protects the snapshot on every disk (needed before cloning it), or lifts the protection; all or
   * nothing (disks already changed are changed back on failure), and idempotent.
   *
   * @param disks the snapshotted disks
   * @param name the snapshot's name
   * @param protect true to protect, false to lift the protection
   * @throws SnapshotHasClonesException when lifting the protection while clones depend on it
   * @throws ConfigurationException ({@code storage_missing}) if a disk lacks the snapshot
   */
  void protect(List<SnapshotDisk> disks, String name, boolean protect);

  /**
   * @param disks the snapshotted disks
   * @param name the snapshot's name
   * @return the clones that depend on the snapshot on any of the disks, as {@code pool/image},
   *     sorted; empty if there are none or the snapshot is gone
   */
  List<String> clones(List<SnapshotDisk> disks, String name);

  /**
   * Lists what is on one disk, for reconciliation.
   *
   * @param disk a disk
   * @return its snapshots by name with their provisioned sizes in bytes, oldest first; empty if the
   *     image or its pool does not exist
   */
  Map<String, Long> snapshotsOn(VmDisk disk);

  /**
   * The VM inventory configured together with this backend, if any (provider {@code ceph} reads
   * one from {@code uncloud.ceph.inventory}). The core uses it unless an inventory was wired
   * explicitly.
   *
   * @return the inventory, or empty (the default) if the backend has none
   */
  default Optional<VmInventory> inventory() {
    return Optional.empty();
  }

  /** Releases connections, after running operations finish. Idempotent. */
  @Override
  void close();
}
