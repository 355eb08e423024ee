package ch.uncloud.testkit;

import ch.uncloud.api.ConflictException;
import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.Username;
import ch.uncloud.api.snapshots.Snapshot;
import ch.uncloud.api.snapshots.SnapshotDisk;
import ch.uncloud.api.snapshots.SnapshotHasClonesException;
import ch.uncloud.api.snapshots.SnapshotLimit;
import ch.uncloud.api.snapshots.SnapshotName;
import ch.uncloud.api.snapshots.SnapshotReconciliation;
import ch.uncloud.api.snapshots.SnapshotReconciliation.Discrepancy;
import ch.uncloud.api.snapshots.SnapshotReconciliation.Kind;
import ch.uncloud.api.snapshots.SnapshotRecord;
import ch.uncloud.api.snapshots.SnapshotUsage;
import ch.uncloud.api.snapshots.SnapshotUsageRecorder;
import ch.uncloud.spi.SnapshotBillingListener;
import ch.uncloud.spi.SnapshotStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/**
 * An in-memory {@link SnapshotStore} over simulated disks, for tests. It behaves like the Ceph
 * store (and passes the same {@link SnapshotStoreContract}): all-or-nothing snapshots over every
 * disk, protection, clones that block deletion, a per-VM maximum with optional rotation, billing
 * through a {@link SnapshotBillingListener}.
 *
 * <p>Register VMs with {@link #registerVm}; script faults with {@link #failSnapshotsOnDisk}; change
 * the "cluster" behind the store's back with {@link #createOnDisk}/{@link #removeFromDisk} and
 * {@link #cloneSnapshot}. Thread-safe: every call runs under one lock.
 */
public final class InMemorySnapshotStore implements SnapshotStore {
  /** The pool name the simulated disks live in. */
  public static final String POOL = "rbd";
  /** The cluster name the simulated disks live in. */
  public static final String CLUSTER = "memory";

  private final Clock clock;
  private final SnapshotBillingListener billing;
  private final SnapshotLimit limit;
  private final Map<UUID, Vm> vms = new LinkedHashMap<>();
  private final Map<String, SnapshotRecord> records = new LinkedHashMap<>();
  private final Map<String, Clone> clones = new LinkedHashMap<>();
  private boolean closed;
  private int cloneCounter;

  private InMemorySnapshotStore(Builder builder) {
    this.clock = builder.clock;
    this.billing = builder.billing;
    this.limit = builder.limit;
  }

  /** @return a store with the system clock, a {@link SnapshotUsageRecorder} and no per-VM maximum */
  public static InMemorySnapshotStore create() {
    return builder().build();
  }

  /** @return a builder with the defaults of {@link #create()} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Registers a VM with one simulated disk per size, named {@code vm-<uuid>-disk-<n>} in pool
   * {@value #POOL}.
   *
   * @param owner the owner
   * @param vmId the VM
   * @param diskSizes each disk's size in bytes (at least one)
   */
  public synchronized void registerVm(Username owner, UUID vmId, long... diskSizes) {
    if (diskSizes.length == 0) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "a VM needs at least one disk");
    }
    List<Disk> disks = new ArrayList<>();
    for (int i = 0; i < diskSizes.length; i++) {
      disks.add(new Disk("vm-" + vmId + "-disk-" + i, diskSizes[i]));
    }
    vms.put(vmId, new Vm(Objects.requireNonNull(owner, "owner"), disks));
  }

  /**
   * Scripts a fault: every snapshot of this disk fails until {@link #repairDisk}.
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
   * Creates a snapshot on a disk behind the store's back (no record, no billing).
   *
   * @param vmId the VM
   * @param disk the disk's index
   * @param name the snapshot name
   */
  public synchronized void createOnDisk(UUID vmId, int disk, String name) {
    disk(vmId, disk).snapshots.put(name, new DiskSnapshot());
  }

  /**
   * Removes a snapshot from a disk behind the store's back (the record stays).
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
    clones.put(clone, new Clone(snapshot));
    return clone;
  }

  /** @param clone a clone made by {@link #cloneSnapshot}, as {@code pool/image}; removed */
  public synchronized void removeClone(String clone) {
    Clone removed = clones.remove(clone);
    if (removed == null) {
      throw new IllegalStateException("no clone " + clone);
    }
    removed.parent.clones.remove(clone);
  }

  /** @return whether {@link #close()} was called */
  public synchronized boolean isClosed() {
    return closed;
  }

  /** @return the billing listener the store reports to */
  @Override
  public ch.uncloud.spi.UsageSource usage() {
    return billing instanceof ch.uncloud.spi.UsageSource source ? source : ch.uncloud.spi.UsageSource.NONE;
  }

  public SnapshotBillingListener billing() {
    return billing;
  }

  @Override
  public synchronized Snapshot create(Username account, UUID vmId, String name) {
    open();
    SnapshotName.of(name);
    Vm vm = ownedVm(account, vmId);
    if (recordsOf(vmId).stream().anyMatch(r -> r.name().equals(name))) {
      throw new ConflictException(ErrorCodes.SNAPSHOT_NAME_TAKEN, "VM " + vmId + " already has a snapshot named '" + name
          + "'; choose another name or delete that snapshot first");
    }
    Optional<SnapshotRecord> rotatedOut = limit.toRotateOut(vmId, recordsOf(vmId));
    List<SnapshotDisk> taken = new ArrayList<>();
    try {
      for (int i = 0; i < vm.disks.size(); i++) {
        Disk disk = vm.disks.get(i);
        if (disk.broken) {
          throw new ProviderUnavailableException("snapshot of disk " + i + " (" + POOL + "/" + disk.image
              + ") failed (scripted fault)");
        }
        if (disk.snapshots.containsKey(name)) {
          throw new ConflictException(ErrorCodes.SNAPSHOT_NAME_TAKEN, "disk " + POOL + "/" + disk.image + " already has a snapshot named '"
              + name + "' that no record knows; run reconcile or choose another name");
        }
        disk.snapshots.put(name, new DiskSnapshot());
        taken.add(new SnapshotDisk(CLUSTER, POOL, disk.image, disk.size));
      }
    } catch (RuntimeException e) {
      for (SnapshotDisk done : taken) {
        diskNamed(vm, done.image()).snapshots.remove(name);
      }
      throw e;
    }
    SnapshotRecord record = new SnapshotRecord(UUID.randomUUID().toString(), account, vmId, name, taken,
        clock.instant(), false);
    records.put(record.id(), record);
    try {
      billing.started(SnapshotUsage.started(record));
    } catch (RuntimeException e) {
      records.remove(record.id());
      vm.disks.forEach(d -> d.snapshots.remove(name));
      throw e;
    }
    // rotate only once the new snapshot exists, so a failed snapshot never costs an old one
    rotatedOut.ifPresent(this::deleteRecorded);
    return record;
  }

  @Override
  public synchronized Snapshot get(Username account, String snapshotId) {
    open();
    return owned(account, snapshotId);
  }

  @Override
  public synchronized List<Snapshot> list(Username account, Optional<UUID> vmId) {
    open();
    return records.values().stream()
        .filter(r -> r.account().equals(account) && vmId.map(r.vmId()::equals).orElse(true))
        .map(Snapshot.class::cast).toList();
  }

  @Override
  public synchronized void delete(Username account, String snapshotId) {
    open();
    deleteRecorded(owned(account, snapshotId));
  }

  @Override
  public synchronized void setProtected(Username account, String snapshotId, boolean protect) {
    open();
    SnapshotRecord record = owned(account, snapshotId);
    Vm vm = vms.get(record.vmId());
    if (!protect) {
      requireNoClones(record, vm);
    }
    for (SnapshotDisk d : record.disks()) {
      DiskSnapshot s = diskNamed(vm, d.image()).snapshots.get(record.name());
      if (s != null) {
        s.isProtected = protect;
      }
    }
    records.put(record.id(), record.withProtected(protect));
  }

  @Override
  public synchronized SnapshotReconciliation reconcile() {
    open();
    List<Discrepancy> found = new ArrayList<>();
    for (Map.Entry<UUID, Vm> e : vms.entrySet()) {
      List<SnapshotRecord> recorded = recordsOf(e.getKey());
      for (Disk disk : e.getValue().disks) {
        SnapshotDisk ref = new SnapshotDisk(CLUSTER, POOL, disk.image, disk.size);
        for (SnapshotRecord r : recorded) {
          if (!disk.snapshots.containsKey(r.name())) {
            found.add(new Discrepancy(Kind.MISSING_ON_CLUSTER, e.getKey(), r.name(), ref, r.id()));
          }
        }
        for (String name : disk.snapshots.keySet()) {
          if (recorded.stream().noneMatch(r -> r.name().equals(name))) {
            found.add(new Discrepancy(Kind.UNRECORDED, e.getKey(), name, ref, null));
          }
        }
      }
    }
    return new SnapshotReconciliation(found);
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  private void deleteRecorded(SnapshotRecord record) {
    Vm vm = vms.get(record.vmId());
    requireNoClones(record, vm);
    for (SnapshotDisk d : record.disks()) {
      diskNamed(vm, d.image()).snapshots.remove(record.name());
    }
    records.remove(record.id());
    billing.ended(SnapshotUsage.started(record).endedAt(clock.instant()));
  }

  private void requireNoClones(SnapshotRecord record, Vm vm) {
    TreeSet<String> dependent = new TreeSet<>();
    for (SnapshotDisk d : record.disks()) {
      DiskSnapshot s = diskNamed(vm, d.image()).snapshots.get(record.name());
      if (s != null) {
        dependent.addAll(s.clones);
      }
    }
    if (!dependent.isEmpty()) {
      throw new SnapshotHasClonesException("snapshot '" + record.name() + "' of VM " + record.vmId()
          + " has clones " + dependent + "; flatten or remove them first", List.copyOf(dependent));
    }
  }

  private List<SnapshotRecord> recordsOf(UUID vmId) {
    return records.values().stream().filter(r -> r.vmId().equals(vmId)).toList();
  }

  private SnapshotRecord owned(Username account, String snapshotId) {
    SnapshotRecord record = snapshotId == null ? null : records.get(snapshotId);
    if (record == null || !record.account().equals(account)) {
      throw new NotFoundException(ErrorCodes.UNKNOWN_SNAPSHOT, "account " + account + " has no snapshot " + snapshotId
          + "; list the snapshots to find its id");
    }
    return record;
  }

  private Vm ownedVm(Username account, UUID vmId) {
    Vm vm = vmId == null ? null : vms.get(vmId);
    if (vm == null || !vm.owner.equals(account)) {
      throw new NotFoundException(ErrorCodes.UNKNOWN_VM, "account " + account + " has no VM " + vmId);
    }
    return vm;
  }

  private Disk disk(UUID vmId, int index) {
    Vm vm = vms.get(vmId);
    if (vm == null || index < 0 || index >= vm.disks.size()) {
      throw new IllegalArgumentException("no disk " + index + " on VM " + vmId);
    }
    return vm.disks.get(index);
  }

  private static Disk diskNamed(Vm vm, String image) {
    return vm.disks.stream().filter(d -> d.image.equals(image)).findFirst().orElseThrow();
  }

  private void open() {
    if (closed) {
      throw new IllegalStateException("snapshot store is closed");
    }
  }

  private record Vm(Username owner, List<Disk> disks) {}

  private static final class Disk {
    final String image;
    final long size;
    final Map<String, DiskSnapshot> snapshots = new LinkedHashMap<>();
    boolean broken;

    Disk(String image, long size) {
      this.image = image;
      this.size = size;
    }
  }

  private static final class DiskSnapshot {
    boolean isProtected;
    final TreeSet<String> clones = new TreeSet<>();
  }

  private record Clone(DiskSnapshot parent) {}

  /** Builds an {@link InMemorySnapshotStore}. Not thread-safe. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private SnapshotBillingListener billing = new SnapshotUsageRecorder();
    private SnapshotLimit limit = SnapshotLimit.NONE;

    private Builder() {}

    /** @param clock the clock for creation and deletion times @return this builder */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** @param billing told when snapshots start and stop costing @return this builder */
    public Builder billing(SnapshotBillingListener billing) {
      this.billing = Objects.requireNonNull(billing, "billing");
      return this;
    }

    /** @param max the most snapshots per VM, 0 for no limit @return this builder */
    public Builder maxSnapshotsPerVm(int max) {
      this.limit = limit.withMaxPerVm(max);
      return this;
    }

    /** @param rotate whether to delete the oldest unprotected snapshot at the maximum @return this builder */
    public Builder rotate(boolean rotate) {
      this.limit = limit.withRotate(rotate);
      return this;
    }

    /** @return the store */
    public InMemorySnapshotStore build() {
      return new InMemorySnapshotStore(this);
    }
  }
}
