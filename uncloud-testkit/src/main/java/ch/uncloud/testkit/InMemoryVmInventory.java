package ch.uncloud.testkit;

import ch.uncloud.api.snapshots.VirtualMachine;
import ch.uncloud.spi.VmInventory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A {@link VmInventory} held in memory, filled by the test (or by
 * {@link InMemorySnapshotBackend#registerVm}). Lists VMs in the order they were first put.
 * Thread-safe.
 */
public final class InMemoryVmInventory implements VmInventory {
  private final Map<UUID, VirtualMachine> vms = new LinkedHashMap<>();

  /** Creates an empty inventory. */
  public InMemoryVmInventory() {
    // no VMs yet
  }

  /** @param vm a VM to add, or to replace the one with its id */
  public synchronized void put(VirtualMachine vm) {
    vms.put(Objects.requireNonNull(vm, "vm").id(), vm);
  }

  /** @param vmId a VM to forget (its disks and snapshots stay where they are) */
  public synchronized void remove(UUID vmId) {
    vms.remove(vmId);
  }

  @Override
  public synchronized Optional<VirtualMachine> find(UUID vmId) {
    return Optional.ofNullable(vms.get(vmId));
  }

  @Override
  public synchronized List<VirtualMachine> all() {
    return List.copyOf(vms.values());
  }
}
