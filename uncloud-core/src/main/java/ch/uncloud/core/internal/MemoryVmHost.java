package ch.uncloud.core.internal;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.ConflictException;
import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.snapshots.SnapshotDisk;
import ch.uncloud.api.snapshots.VirtualMachine;
import ch.uncloud.api.snapshots.VmDisk;
import ch.uncloud.spi.SnapshotBackend;
import ch.uncloud.spi.VmInventory;
import ch.uncloud.spi.VmProvisioning;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Simulated VMs for demos: provisioning registers a VM with one simulated OS disk of the ordered
 * size, and snapshots are taken on those disks. Nothing is stored; no clones. The rules are the
 * core's, as with every backend. Thread-safe: every call runs under one lock.
 */
public final class MemoryVmHost implements SnapshotBackend, VmProvisioning, VmInventory {
  /** The cluster the simulated disks live in. */
  public static final String CLUSTER = "memory";
  private static final String POOL = "rbd";

  private final Map<UUID, VirtualMachine> vms = new LinkedHashMap<>();
  private final Map<VmDisk, Long> diskSizes = new LinkedHashMap<>();
  private final Map<VmDisk, Map<String, Long>> snapshots = new LinkedHashMap<>();

  @Override
  public synchronized VirtualMachine provision(Request request) {
    VirtualMachine existing = vms.get(request.vmId());
    if (existing != null) {
      return existing;
    }
    VmDisk disk = new VmDisk(CLUSTER, POOL, "vm-" + request.vmId() + "-disk-0");
    diskSizes.put(disk, request.osDiskBytes());
    snapshots.put(disk, new LinkedHashMap<>());
    VirtualMachine vm = new VirtualMachine(request.vmId(), request.owner(), List.of(disk));
    vms.put(vm.id(), vm);
    return vm;
  }

  @Override
  public synchronized void retire(UUID vmId) {
    vms.remove(vmId); // the simulated disks stay, like images an operator keeps
  }

  @Override
  public synchronized Optional<VirtualMachine> find(UUID vmId) {
    return Optional.ofNullable(vms.get(vmId));
  }

  @Override
  public synchronized List<VirtualMachine> all() {
    return List.copyOf(vms.values());
  }

  @Override
  public synchronized List<SnapshotDisk> take(VirtualMachine vm, String name) {
    List<SnapshotDisk> taken = new ArrayList<>();
    for (VmDisk disk : vm.disks()) {
      Map<String, Long> onDisk = snapshots.get(disk);
      if (onDisk == null) {
        throw new ConfigurationException(ErrorCodes.STORAGE_MISSING, "the simulated disk " + disk + " does not exist");
      }
      if (onDisk.containsKey(name)) {
        throw new ConflictException(ErrorCodes.SNAPSHOT_NAME_TAKEN, "disk " + disk + " already has a snapshot named '"
            + name + "'; choose another name");
      }
    }
    for (VmDisk disk : vm.disks()) {
      long size = diskSizes.get(disk);
      snapshots.get(disk).put(name, size);
      taken.add(new SnapshotDisk(disk.cluster(), disk.pool(), disk.image(), size));
    }
    return taken;
  }

  @Override
  public synchronized void remove(List<SnapshotDisk> disks, String name) {
    for (SnapshotDisk disk : disks) {
      Map<String, Long> onDisk = snapshots.get(new VmDisk(disk.cluster(), disk.pool(), disk.image()));
      if (onDisk != null) {
        onDisk.remove(name);
      }
    }
  }

  @Override
  public void protect(List<SnapshotDisk> disks, String name, boolean protect) {
    // simulated disks keep no protection flag (and no clones): the core's records hold it
  }

  @Override
  public List<String> clones(List<SnapshotDisk> disks, String name) {
    return List.of();
  }

  @Override
  public synchronized Map<String, Long> snapshotsOn(VmDisk disk) {
    return Map.copyOf(snapshots.getOrDefault(disk, Map.of()));
  }

  @Override
  public Optional<VmInventory> inventory() {
    return Optional.of(this);
  }

  @Override
  public void close() {
    // nothing to release
  }
}
