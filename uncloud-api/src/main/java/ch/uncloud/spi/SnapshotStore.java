package ch.uncloud.spi;

import ch.uncloud.api.Snapshot;
import ch.uncloud.api.Username;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * VM snapshots: all disks of a VM under one name, all or nothing. Implementations are thread-safe.
 */
public interface SnapshotStore extends AutoCloseable {

  /**
   * Snapshots every disk of a VM the account owns.
   *
   * @param account the VM's owner
   * @param vmId the VM
   * @param name the snapshot's name
   * @return the recorded snapshot
   */
  Snapshot create(Username account, UUID vmId, String name);

  /**
   * @param account the owner
   * @param vmId only this VM's snapshots, or all of the account's
   * @return the snapshots, oldest first
   */
  List<Snapshot> list(Username account, Optional<UUID> vmId);

  /**
   * Deletes a snapshot on every disk and ends its billing.
   *
   * @param account the owner
   * @param snapshotId the snapshot
   */
  void delete(Username account, String snapshotId);

  /**
   * @param account the owner
   * @param snapshotId the snapshot
   * @param protect true to protect it against deletion, false to lift that
   */
  void setProtected(Username account, String snapshotId, boolean protect);

  /** Releases the cluster connection. Idempotent. */
  @Override
  void close();
}
