package ch.uncloud.ceph;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link VmInventory} held in memory, filled by the application. Thread-safe. */
public final class InMemoryVmInventory implements VmInventory {
  private final Map<UUID, VirtualMachine> vms = new ConcurrentHashMap<>();

  /** Creates an empty inventory. */
  public InMemoryVmInventory() {
    // no VMs yet
  }

  /** @param vm a VM to add or replace */
  public void put(VirtualMachine vm) {
    vms.put(vm.id(), vm);
  }

  /** @param vmId a VM to forget */
  public void remove(UUID vmId) {
    vms.remove(vmId);
  }

  @Override
  public Optional<VirtualMachine> find(UUID vmId) {
    return Optional.ofNullable(vms.get(vmId));
  }

  @Override
  public List<VirtualMachine> all() {
    return List.copyOf(vms.values());
  }
}
