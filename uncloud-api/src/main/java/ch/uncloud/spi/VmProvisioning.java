package ch.uncloud.spi;

import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.Username;
import ch.uncloud.api.snapshots.VirtualMachine;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Creates the VMs the shop sells and retires them: the core calls it when an order of a VM product
 * is placed (and again when the order is replayed with its idempotency key) and once it has seen
 * the order end. An implementation creates the VM's disks (for Ceph the RBD images) and registers
 * the VM in the {@link VmInventory} the core reads; the demo's in-memory one simulates both.
 *
 * <p>Both calls are idempotent: provisioning a VM that exists returns it unchanged, retiring one
 * that is gone does nothing. Implementations are thread-safe. Errors:
 * {@link ProviderUnavailableException} when the infrastructure cannot be reached (retryable: the
 * order is kept, and placing it again with the same idempotency key provisions it).
 */
public interface VmProvisioning {
  /**
   * Creates (or finds) the VM of an order and registers it in the inventory.
   *
   * @param request what to provision
   * @return the VM as registered, with its disks
   */
  VirtualMachine provision(Request request);

  /**
   * Removes a VM from the inventory once its order has ended. What happens to its disks is the
   * provisioner's business (an operator may keep them for a while).
   *
   * @param vmId the VM
   */
  void retire(UUID vmId);

  /**
   * One VM to provision. Immutable.
   *
   * @param vmId the VM's UUID, stable for the life of the order (and of the orders replacing it)
   * @param owner the account that ordered it
   * @param orderId the order
   * @param productCode the ordered product
   * @param parameters the order's parameters, e.g. {@code cores}, {@code ram_gb}, {@code os_disk_gb}
   */
  record Request(UUID vmId, Username owner, String orderId, String productCode, Map<String, String> parameters) {
    /**
     * Copies the parameters.
     *
     * @param vmId the VM's UUID
     * @param owner the account that ordered it
     * @param orderId the order
     * @param productCode the ordered product
     * @param parameters the order's parameters
     * @throws NullPointerException if a component is null
     */
    public Request {
      Objects.requireNonNull(vmId, "vmId");
      Objects.requireNonNull(owner, "owner");
      Objects.requireNonNull(orderId, "orderId");
      Objects.requireNonNull(productCode, "productCode");
      parameters = Map.copyOf(parameters);
    }

    /**
     * @return the OS disk's size in bytes ({@code os_disk_gb} GiB), or 10 GiB if the order has none
     */
    public long osDiskBytes() {
      String gb = parameters.get(ch.uncloud.api.snapshots.VmService.DISK_PARAMETER);
      return (gb == null ? 10L : Long.parseLong(gb)) * 1024L * 1024L * 1024L;
    }
  }
}
