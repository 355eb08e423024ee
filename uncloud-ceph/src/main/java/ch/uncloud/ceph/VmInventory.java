package ch.uncloud.ceph;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where the snapshot store learns which VMs exist, who owns them and which RBD images are their
 * disks. Hosting software implements it over its own database; {@link PropertiesVmInventory}
 * (a file) and {@link InMemoryVmInventory} ship with uncloud. Implementations are thread-safe.
 */
public interface VmInventory {
  /**
   * @param vmId a VM's id
   * @return the VM, if it exists
   */
  Optional<VirtualMachine> find(UUID vmId);

  /** @return every VM, for {@link RbdSnapshotStore#reconcile()} */
  List<VirtualMachine> all();
}
