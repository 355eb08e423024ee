package ch.uncloud.api.snapshots;

import ch.uncloud.api.Username;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A point-in-time snapshot of all disks of a VM, billed while it exists. */
public interface Snapshot {
  /** @return the snapshot's id */
  String id();

  /** @return the owner of the VM */
  Username account();

  /** @return the VM whose disks were snapshotted */
  UUID vmId();

  /** @return the snapshot's name, the same on every disk */
  String name();

  /** @return the snapshotted disks, in the VM's disk order */
  List<SnapshotDisk> disks();

  /** @return the provisioned size of all snapshotted disks together, in bytes */
  long sizeBytes();

  /** @return when it was taken */
  Instant createdAt();

  /** @return whether it is protected against deletion (and may have clones) */
  boolean isProtected();
}
