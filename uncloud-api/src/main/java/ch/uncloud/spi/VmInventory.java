package ch.uncloud.spi;

import ch.uncloud.api.snapshots.VirtualMachine;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where the snapshot service learns which VMs exist, who owns them and which images are their
 * disks. Hosting software implements it over its own database; {@code ch.uncloud:uncloud-ceph}
 * ships one read from a properties file, and the testkit an in-memory one. Implementations are
 * thread-safe and may fail with a {@link ch.uncloud.api.ConfigurationException} if their source is
 * unreadable.
 */
public interface VmInventory {
  /**
   * @param vmId a VM's id
   * @return the VM, if it exists
   */
  Optional<VirtualMachine> find(UUID vmId);

  /** @return every VM, for reconciliation */
  List<VirtualMachine> all();
}
