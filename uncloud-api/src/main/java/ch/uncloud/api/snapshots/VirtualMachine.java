package ch.uncloud.api.snapshots;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Username;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A VM as the VM inventory describes it to the snapshot service: its owner and its disks, in
 * order. Immutable and thread-safe.
 *
 * @param id the VM's id
 * @param owner the account that owns it (and pays for its snapshots)
 * @param disks its disks, at least one, no disk twice
 */
public record VirtualMachine(UUID id, Username owner, List<VmDisk> disks) {
  /**
   * Copies the disk list.
   *
   * @param id the VM's id
   * @param owner the account that owns it (and pays for its snapshots)
   * @param disks its disks, at least one, no disk twice
   * @throws NullPointerException if the id, the owner or the disk list is null
   * @throws InvalidRequestException ({@code invalid_argument}) if there is no disk or a disk is listed twice
   */
  public VirtualMachine {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(owner, "owner");
    disks = List.copyOf(disks);
    if (disks.isEmpty()) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "VM " + id + " has no disk; a VM needs at least one");
    }
    if (new HashSet<>(disks).size() != disks.size()) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "VM " + id + " lists a disk twice; list each disk once");
    }
  }
}
