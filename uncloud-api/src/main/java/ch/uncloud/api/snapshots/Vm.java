package ch.uncloud.api.snapshots;

import ch.uncloud.api.Username;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A VM a person has because of a shop order (a VM or a hosting order), as {@link VmService} lists
 * it. Immutable and thread-safe.
 *
 * @param id the VM's UUID: snapshots are requested with it
 * @param owner the account that ordered it
 * @param orderId the order it runs under (the latest one, if the order was changed)
 * @param productCode the ordered product, e.g. {@code ipv6-vm}
 * @param disks its disks in order; empty while it is not provisioned yet
 */
public record Vm(UUID id, Username owner, String orderId, String productCode, List<VmDisk> disks) {
  /**
   * Copies the disk list.
   *
   * @param id the VM's UUID
   * @param owner the account that ordered it
   * @param orderId the order it runs under
   * @param productCode the ordered product
   * @param disks its disks in order; empty while it is not provisioned yet
   * @throws NullPointerException if a component is null
   */
  public Vm {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(orderId, "orderId");
    Objects.requireNonNull(productCode, "productCode");
    disks = List.copyOf(disks);
  }

  /** @return whether provisioning has registered its disks, so it can be snapshotted */
  public boolean provisioned() {
    return !disks.isEmpty();
  }
}
