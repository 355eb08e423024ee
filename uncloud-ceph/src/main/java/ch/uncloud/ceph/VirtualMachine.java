package ch.uncloud.ceph;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Username;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A VM as the snapshot store sees it: its owner and its disks, in order.
 *
 * @param id the VM's id
 * @param owner the account that owns it (and pays for its snapshots)
 * @param disks its disks, at least one, no image twice
 */
public record VirtualMachine(UUID id, Username owner, List<VmDisk> disks) {
  /** @throws InvalidRequestException ({@code invalid_argument}) if there is no disk or a disk is listed twice */
  public VirtualMachine {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(owner, "owner");
    disks = List.copyOf(disks);
    if (disks.isEmpty()) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "VM " + id + " has no disk; a VM needs at least one");
    }
    if (new HashSet<>(disks).size() != disks.size()) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "VM " + id + " lists a disk twice");
    }
  }
}
