package ch.uncloud.api.snapshots;


import ch.uncloud.api.Username;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A recorded VM snapshot: the plain value behind {@link Snapshot}, as the snapshot books keep it.
 *
 * @param id the snapshot's id
 * @param account the VM's owner
 * @param vmId the VM
 * @param name the snapshot's name, the same on every disk (checked with {@link SnapshotName})
 * @param disks the snapshotted disks, in the VM's disk order
 * @param createdAt when it was taken
 * @param isProtected whether it is protected
 */
public record SnapshotRecord(String id, Username account, UUID vmId, String name, List<SnapshotDisk> disks,
    Instant createdAt, boolean isProtected) implements Snapshot {

  /**
   * @throws NullPointerException if a field is null @throws InvalidRequestException ({@code invalid_argument}) if the name is not a valid {@link SnapshotName}
   *
   * @param id the snapshot's id
   * @param account the VM's owner
   * @param vmId the VM
   * @param name the snapshot's name, the same on every disk (checked with {@link SnapshotName})
   * @param disks the snapshotted disks, in the VM's disk order
   * @param createdAt when it was taken
   * @param isProtected whether it is protected
   */
  public SnapshotRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(vmId, "vmId");
    SnapshotName.of(name);
    disks = List.copyOf(disks);
    Objects.requireNonNull(createdAt, "createdAt");
  }

  @Override
  public long sizeBytes() {
    return disks.stream().mapToLong(SnapshotDisk::sizeBytes).sum();
  }

  /**
   * @param protect the new protection flag
   * @return a copy with that flag
   */
  public SnapshotRecord withProtected(boolean protect) {
    return new SnapshotRecord(id, account, vmId, name, disks, createdAt, protect);
  }
}
