package ch.uncloud.api.snapshots;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.Username;
import java.util.List;
import java.util.UUID;

/**
 * Which VMs a person has: every active order of a VM product (a product with an
 * {@value #DISK_PARAMETER} parameter, such as {@code ipv6-vm} or {@code django-hosting}) is one VM,
 * with a UUID that stays the same when the order is changed, and with the disks provisioning
 * registered in the VM inventory. Obtained from {@link ch.uncloud.api.Uncloud#vms()}; take
 * snapshots of a VM with {@link SnapshotService} and its {@link Vm#id()}.
 *
 * <p>An account sees only its own VMs: another account's VM answers exactly like one that does not
 * exist. A VM whose order has ended is no longer listed, and the core retires it from the inventory.
 *
 * <p>Thread-safe.
 */
public interface VmService {
  /** The order parameter that makes a product a VM: the size of the OS disk it is provisioned with, in GB. */
  String DISK_PARAMETER = "os_disk_gb";

  /**
   * @param account the person
   * @return their VMs, in the order they were ordered
   * @throws ConfigurationException if no shop store is configured
   */
  List<Vm> list(Username account);

  /**
   * @param account the person
   * @param vmId a VM's UUID
   * @return the VM
   * @throws NotFoundException ({@code unknown_vm}) if the account has no such active VM
   * @throws ConfigurationException if no shop store is configured
   */
  Vm get(Username account, UUID vmId);
}
