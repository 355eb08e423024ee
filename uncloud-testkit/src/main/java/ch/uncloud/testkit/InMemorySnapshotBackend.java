package ch.uncloud.testkit;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.ConflictException;
import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.Username;
import ch.uncloud.api.snapshots.SnapshotDisk;
import ch.uncloud.api.snapshots.SnapshotHasClonesException;
import ch.uncloud.api.snapshots.VirtualMachine;
import ch.uncloud.api.snapshots.VmDisk;
import ch.uncloud.spi.SnapshotBackend;
import ch.uncloud.spi.VmInventory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A {@link SnapshotBackend} over simulated disks, for tests. Like the Ceph backend it takes,
 * protects and removes a named snapshot on every disk of a VM all or nothing, refuses a name a disk
 * already has, and lets clones of a protected snapshot block its removal. Like every backend it has
 * no rule of its own: ownership, names, limits, rotation, records and billing are the core's snapshot
 * service's, so wire it into {@code UncloudCore.builder().snapshotBackend(...)} to test them.
 *
 * <p>Register VMs with {@link #registerVm}; they are listed by the backend's {@link #inventory()}.
 * Script faults with {@link #failSnapshotsOnDisk}; change the "cluster" behind the service's back
 * with {@link #createOnDisk}, {@link #removeFromDisk}, {@link #cloneSnapshot} and
 * {@link #removeClone}, and look at it with {@link #snapshotsOnDisk}. Thread-safe: every call runs
 * under one lock.
 */
public final class InMemorySnapshotBackend implements SnapshotBackend {
  /** The pool name the simulated disks live in. */
  public static final String POOL = "rbd";
  /** The cluster name the simulated disks live in. */
  public static final String CLUSTER = "memory";

  private final InMemoryVmInventory inventory = new InMemoryVmInventory();
  private final Map<VmDisk, Disk> disks = new LinkedHashMap<>();
  private final Map<String, DiskSnapshot> clones = new LinkedHashMap<>();
  private boolean closed;
  private int cloneCounter;

  private InMemorySnapshotBackend() {}

  /** @return a backend without disks or VMs */
  public static InMemorySnapshotBackend create() {
    return new InMemorySnapshotBackend();
  }

  /**
   * Registers a VM in the backend's inventory with one new simulated disk per size, named
   * {@code vm-<uuid>-disk-<n>} in pool {@value #POOL} of cluster {@value #CLUSTER}.
   *
   * @param owner the owner
   * @param vmId the VM
   * @param diskSizes each disk's size in bytes (at least one)
   * @return the registered VM
   */
  public synchronized VirtualMachine registerVm(Username owner, UUID vmId, long... diskSizes) {
    if (diskSizes.length == 0) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "a VM needs at least one disk");
    }
    List<VmDisk> its = new ArrayList<>();
    for (int i = 0; i < diskSizes.length; i++) {
      VmDisk disk = new VmDisk(CLUSTER, POOL, "vm-" + vmId + "-disk-" + i);
      disks.put(disk, new Disk(diskSizes[i]));
      its.add(disk);
    }
    VirtualMachine vm = new VirtualMachine(vmId, Objects.requireNonNull(owner, "owner"), its);
    inventory.put(vm);
    return vm;
  }

  /**
   * Scripts a fault: every snapshot of this disk fails as unavailable until {@link #repairDisk}.
   *
   * @param vmId the VM
   * @param disk the disk's index
   */
  public synchronized void failSnapshotsOnDisk(UUID vmId, int disk) {
    disk(vmId, disk).broken = true;
  }

  /**
   * @param vmId the VM
   * @param disk the disk's index whose scripted fault ends
   */
  public synchronized void repairDisk(UUID vmId, int disk) {
    disk(vmId, disk).broken = false;
  }

  /**
   * @param vmId the VM
   * @param disk the disk's index
   * @return the snapshot names on that simulated disk, in creation order
   */
  public synchronized List<String> snapshotsOnDisk(UUID vmId, int disk) {
    return List.copyOf(disk(vmId, disk).snapshots.keySet());
  }

  /**
   * Creates a snapshot on a disk behind the service's back (no record, no billing).
   *
   * @param vmId the VM
   * @param disk the disk's index
   * @param name the snapshot name
   */
  public synchronized void createOnDisk(UUID vmId, int disk, String name) {
    Disk d = disk(vmId, disk);
    d.snapshots.put(name, new DiskSnapshot(d.size));
  }

  /**
   * Removes a snapshot from a disk behind the service's back (its record stays).
   *
   * @param vmId the VM
   * @param disk the disk's index
   * @param name the snapshot name
   */
  public synchronized void removeFromDisk(UUID vmId, int disk, String name) {
    disk(vmId, disk).snapshots.remove(name);
  }

  /**
   * Clones a protected snapshot of a disk, as a hosting tool would.
   *
   * @param vmId the VM
   * @param disk the disk's index
   * @param name the snapshot name
   * @return the clone, as {@code pool/image}
   * @throws IllegalStateException if the snapshot does not exist or is not protected
   */
  public synchronized String cloneSnapshot(UUID vmId, int disk, String name) {
    DiskSnapshot snapshot = disk(vmId, disk).snapshots.get(name);
    if (snapshot == null || !snapshot.isProtected) {
      throw new IllegalStateException("only an existing, protected snapshot can be cloned");
    }
    String clone = POOL + "/clone-" + (++cloneCounter);
    snapshot.clones.add(clone);
    clones.put(clone, snapshot);
    return clone;
  }

  /** @param clone a clone made by {@link #cloneSnapshot}, as {@code pool/image}; removed */
  public synchronized void removeClone(String clone) {
    DiskSnapshot parent = clones.remove(clone);
    if (parent == null) {
      throw new IllegalStateException("no clone " + clone);
    }
    parent.clones.remove(clone);
  }

  /** @return whether {@link #close()} was called */
  public synchronized boolean isClosed() {
    return closed;
  }

  /**
   * {@inheritDoc}
   *
   * @return the inventory {@link #registerVm} fills, the same object on every call
   */
  @Override
  public Optional<VmInventory> inventory() {
    return Optional.of(inventory);
  }

  @Override
  public synchronized List<SnapshotDisk> take(VirtualMachine vm, String name) {
    open();
    List<SnapshotDisk> taken = new ArrayList<>();
    try {
      for (VmDisk vmDisk : vm.disks()) {
        Disk disk = disks.get(vmDisk);
        if (disk == null) {
          throw new ConfigurationException(ErrorCodes.STORAGE_MISSING, "image " + vmDisk.imageSpec() + " (a disk of VM "
              + vm.id() + ") does not exist on cluster '" + vmDisk.cluster() + "'; register the VM with registerVm");
        }
        if (disk.broken) {
          throw new ProviderUnavailableException("snapshot of disk " + vmDisk + " failed (scripted fault); repairDisk"
              + " ends the fault");
        }
        if (disk.snapshots.containsKey(name)) {
          throw new ConflictException(ErrorCodes.SNAPSHOT_NAME_TAKEN, "disk " + vmDisk + " already has a snapshot named '"
              + name + "' that no record knows; choose another name, or run reconcile and remove it");
        }
        disk.snapshots.put(name, new DiskSnapshot(disk.size));
        taken.add(new SnapshotDisk(vmDisk.cluster(), vmDisk.pool(), vmDisk.image(), disk.size));
      }
    } catch (RuntimeException e) {
      for (SnapshotDisk done : taken) {
        disks.get(key(done)).snapshots.remove(name);
      }
      throw e;
    }
    return taken;
  }

  @Override
  public synchronized void remove(List<SnapshotDisk> snapshotDisks, String name) {
    open();
    requireNoClones(snapshotDisks, name);
    for (SnapshotDisk d : snapshotDisks) {
      Disk disk = disks.get(key(d));
      if (disk != null) {
        disk.snapshots.remove(name);
      }
    }
  }

  @Override
  public synchronized void protect(List<SnapshotDisk> snapshotDisks, String name, boolean protect) {
    open();
    List<DiskSnapshot> found = new ArrayList<>();
    for (SnapshotDisk d : snapshotDisks) {
      Disk disk = disks.get(key(d));
      DiskSnapshot snapshot = disk == null ? null : disk.snapshots.get(name);
      if (snapshot == null) {
        throw new ConfigurationException(ErrorCodes.STORAGE_MISSING, "snapshot " + d.imageSpec() + "@" + name
            + " is missing on cluster '" + d.cluster() + "' although it is recorded; run reconcile");
      }
      found.add(snapshot);
    }
    if (!protect) {
      requireNoClones(snapshotDisks, name);
    }
    found.forEach(s -> s.isProtected = protect);
  }

  @Override
  public synchronized List<String> clones(List<SnapshotDisk> snapshotDisks, String name) {
    open();
    TreeSet<String> dependent = new TreeSet<>();
    for (SnapshotDisk d : snapshotDisks) {
      Disk disk = disks.get(key(d));
      DiskSnapshot snapshot = disk == null ? null : disk.snapshots.get(name);
      if (snapshot != null) {
        dependent.addAll(snapshot.clones);
      }
    }
    return List.copyOf(dependent);
  }

  @Override
  public synchronized Map<String, Long> snapshotsOn(VmDisk vmDisk) {
    open();
    Disk disk = disks.get(vmDisk);
    Map<String, Long> names = new LinkedHashMap<>();
    if (disk != null) {
      disk.snapshots.forEach((name, s) -> names.put(name, s.sizeBytes));
    }
    return names;
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  private void requireNoClones(List<SnapshotDisk> snapshotDisks, String name) {
    List<String> dependent = clones(snapshotDisks, name);
    if (!dependent.isEmpty()) {
      throw new SnapshotHasClonesException("snapshot '" + name + "' has clone(s) " + dependent
          + "; flatten or remove them first", dependent);
    }
  }

  private Disk disk(UUID vmId, int index) {
    VirtualMachine vm = inventory.find(vmId).orElseThrow(() -> new IllegalArgumentException("no VM " + vmId));
    if (index < 0 || index >= vm.disks().size()) {
      throw new IllegalArgumentException("no disk " + index + " on VM " + vmId);
    }
    return disks.get(vm.disks().get(index));
  }

  private static VmDisk key(SnapshotDisk disk) {
    return new VmDisk(disk.cluster(), disk.pool(), disk.image());
  }

  private void open() {
    if (closed) {
      throw new IllegalStateException("the in-memory snapshot backend is closed");
    }
  }

  private static final class Disk {
    final long size;
    final Map<String, DiskSnapshot> snapshots = new LinkedHashMap<>();
    boolean broken;

    Disk(long size) {
      this.size = size;
    }
  }

  private static final class DiskSnapshot {
    final long sizeBytes;
    final TreeSet<String> clones = new TreeSet<>();
    boolean isProtected;

    DiskSnapshot(long sizeBytes) {
      this.sizeBytes = sizeBytes;
    }
  }
}
