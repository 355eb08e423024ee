package ch.uncloud.ceph;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.ConflictException;
import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.UncloudException;
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
import ch.uncloud.api.snapshots.SnapshotUsageRecorder;
import ch.uncloud.spi.SnapshotBillingListener;
import ch.uncloud.spi.SnapshotBooks;
import ch.uncloud.spi.SnapshotRecords;
import ch.uncloud.spi.SnapshotStore;
import ch.uncloud.spi.UsageSource;
import com.ceph.rbd.RbdException;
import com.ceph.rbd.jna.RbdSnapInfo;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * VM snapshots as Ceph RBD snapshots, through rados-java: a snapshot of a VM is one RBD snapshot of
 * the same name on each of its disks (images named by a {@link VmInventory}).
 *
 * <p>One librados connection per configured cluster, opened by {@link Builder#build()}, shared by all
 * threads and closed by {@link #close()}. Calls that change one VM's snapshots hold that VM's lock,
 * so they never interleave and the per-VM maximum always holds; calls on different VMs run in
 * parallel. Records live in a {@link SnapshotRecords} store; billing is reported to a
 * {@link SnapshotBillingListener}; both may be one set of {@link SnapshotBooks} (in memory by
 * default, durable with {@code uncloud.snapshot-records=jdbc}), which records a snapshot and starts
 * its billing, or removes it and ends its billing, as one change.
 *
 * <p>Thread-safe.
 */
public final class RbdSnapshotStore implements SnapshotStore {
  private static final Logger LOG = LoggerFactory.getLogger(RbdSnapshotStore.class);

  private final Map<String, ClusterConnection> clusters;
  private final VmInventory inventory;
  private final SnapshotBooks books;
  private final SnapshotRecords records;
  private final UsageSource usage;
  private final boolean ownsBooks;
  private final GuestFreezeHook freezeHook;
  private final Clock clock;
  private final SnapshotLimit limit;
  private final Map<UUID, ReentrantLock> vmLocks = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private RbdSnapshotStore(Builder b, Map<String, ClusterConnection> clusters) {
    this.clusters = clusters;
    this.inventory = b.inventory;
    this.ownsBooks = b.books != null && b.records == b.books.records() && b.billing == b.books.billing();
    this.books = ownsBooks ? b.books : new SeparateBooks(b.records, b.billing);
    this.records = books.records();
    this.usage = ownsBooks ? b.books.usage()
        : b.billing instanceof UsageSource source ? source : UsageSource.NONE;
    this.freezeHook = b.freezeHook;
    this.clock = b.clock;
    this.limit = b.limit;
  }

  /** @return a builder; at least a cluster and an inventory must be given */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * @return the usage the billing run reads: the books' (see {@link Builder#books}), else the billing
   *     listener if it is a {@link UsageSource} (the default {@link SnapshotUsageRecorder} is), else none
   */
  @Override
  public UsageSource usage() {
    return usage;
  }

  /** @return the billing listener snapshots are reported to */
  public SnapshotBillingListener billing() {
    return books.billing();
  }

  @Override
  public Snapshot create(Username account, UUID vmId, String name) {
    ensureOpen();
    Objects.requireNonNull(account, "account");
    SnapshotName.of(name);
    VirtualMachine vm = ownedVm(account, vmId);
    vm.disks().forEach(d -> connection(d.cluster()));
    ReentrantLock lock = lockOf(vmId);
    lock.lock();
    try {
      List<SnapshotRecord> existing = records.listByVm(vmId);
      if (existing.stream().anyMatch(r -> r.name().equals(name))) {
        throw new ConflictException(ErrorCodes.SNAPSHOT_NAME_TAKEN, "VM " + vmId + " already has a snapshot named '" + name
            + "'; choose another name or delete that snapshot first");
      }
      Optional<SnapshotRecord> rotatedOut = limit.toRotateOut(vmId, existing);
      List<SnapshotDisk> taken = snapshotAllDisks(vm, name);
      SnapshotRecord record = new SnapshotRecord(UUID.randomUUID().toString(), account, vmId, name, taken,
          clock.instant(), false);
      try {
        books.taken(record); // records it and starts its billing, or neither
      } catch (RuntimeException e) {
        removeQuietly(taken, name, e);
        throw e;
      }
      LOG.info("snapshot '{}' ({}) of VM {} taken on {} disk(s), {} bytes", name, record.id(), vmId, taken.size(),
          record.sizeBytes());
      if (rotatedOut.isPresent()) {
        rotateOut(rotatedOut.get(), record);
      }
      return record;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Snapshot get(Username account, String snapshotId) {
    ensureOpen();
    return owned(account, snapshotId);
  }

  @Override
  public List<Snapshot> list(Username account, Optional<UUID> vmId) {
    ensureOpen();
    return List.copyOf(records.list(account, vmId));
  }

  @Override
  public void delete(Username account, String snapshotId) {
    ensureOpen();
    SnapshotRecord record = owned(account, snapshotId);
    ReentrantLock lock = lockOf(record.vmId());
    lock.lock();
    try {
      deleteLocked(owned(account, snapshotId));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void setProtected(Username account, String snapshotId, boolean protect) {
    ensureOpen();
    SnapshotRecord first = owned(account, snapshotId);
    ReentrantLock lock = lockOf(first.vmId());
    lock.lock();
    try {
      SnapshotRecord record = owned(account, snapshotId);
      if (!protect) {
        requireNoClones(record);
      }
      List<SnapshotDisk> changed = new ArrayList<>();
      try {
        for (SnapshotDisk disk : record.disks()) {
          if (protectDisk(disk, record.name(), protect)) {
            changed.add(disk);
          }
        }
      } catch (RuntimeException e) {
        for (SnapshotDisk disk : changed) {
          try {
            protectDisk(disk, record.name(), !protect);
          } catch (RuntimeException undo) {
            e.addSuppressed(undo);
          }
        }
        throw e;
      }
      records.setProtected(record.id(), protect);
      LOG.info("snapshot '{}' ({}) of VM {} {}", record.name(), record.id(), record.vmId(),
          protect ? "protected" : "unprotected");
    } finally {
      lock.unlock();
    }
  }

  @Override
  public SnapshotReconciliation reconcile() {
    ensureOpen();
    Map<String, Optional<Map<String, Long>>> onCluster = new HashMap<>();
    List<Discrepancy> found = new ArrayList<>();
    for (SnapshotRecord record : records.listAll()) {
      for (SnapshotDisk disk : record.disks()) {
        Optional<Map<String, Long>> names = onCluster.computeIfAbsent(key(disk.cluster(), disk.pool(), disk.image()),
            k -> snapshotsOn(disk.cluster(), disk.pool(), disk.image()));
        if (names.isEmpty() || !names.get().containsKey(record.name())) {
          found.add(new Discrepancy(Kind.MISSING_ON_CLUSTER, record.vmId(), record.name(), disk, record.id()));
        }
      }
    }
    for (VirtualMachine vm : inventory.all()) {
      Set<String> recorded = records.listByVm(vm.id()).stream().map(SnapshotRecord::name).collect(Collectors.toSet());
      for (VmDisk disk : vm.disks()) {
        Optional<Map<String, Long>> names = onCluster.computeIfAbsent(key(disk.cluster(), disk.pool(), disk.image()),
            k -> snapshotsOn(disk.cluster(), disk.pool(), disk.image()));
        for (Map.Entry<String, Long> e : names.orElse(Map.of()).entrySet()) {
          if (!recorded.contains(e.getKey())) {
            found.add(new Discrepancy(Kind.UNRECORDED, vm.id(), e.getKey(),
                new SnapshotDisk(disk.cluster(), disk.pool(), disk.image(), e.getValue()), null));
          }
        }
      }
    }
    if (!found.isEmpty()) {
      LOG.warn("snapshot reconcile found {} discrepancies: {}", found.size(), found);
    }
    return new SnapshotReconciliation(found);
  }

  /**
   * Closes every cluster connection, after running operations finish, and the books given with
   * {@link Builder#books}. Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    for (ClusterConnection c : clusters.values()) {
      c.close();
    }
    if (ownsBooks) {
      books.close();
    }
  }

  // ---------------------------------------------------------------- create, delete, rotate

  private List<SnapshotDisk> snapshotAllDisks(VirtualMachine vm, String name) {
    try {
      freezeHook.freeze(vm);
    } catch (UncloudException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ProviderUnavailableException("freezing the file systems of VM " + vm.id() + " failed ("
          + e.getMessage() + "); no snapshot was taken, retry later", e);
    }
    List<SnapshotDisk> taken = new ArrayList<>();
    RuntimeException failure = null;
    try {
      for (VmDisk disk : vm.disks()) {
        taken.add(snapshotDisk(vm, disk, name));
      }
    } catch (RuntimeException e) {
      failure = e;
    }
    try {
      freezeHook.thaw(vm);
    } catch (RuntimeException e) {
      LOG.error("thawing the file systems of VM {} failed; the guest may still be frozen", vm.id(), e);
      RuntimeException thawFailure = new ProviderUnavailableException("thawing the file systems of VM " + vm.id()
          + " failed (" + e.getMessage() + "); the snapshot was undone, check the guest agent", e);
      if (failure == null) {
        failure = thawFailure;
      } else {
        failure.addSuppressed(thawFailure);
      }
    }
    if (failure != null) {
      removeQuietly(taken, name, failure);
      throw failure;
    }
    return taken;
  }

  private SnapshotDisk snapshotDisk(VirtualMachine vm, VmDisk disk, String name) {
    ClusterConnection c = connection(disk.cluster());
    try {
      long size = c.withImage(disk.pool(), disk.image(), image -> {
        long bytes = image.stat().size;
        image.snapCreate(name);
        return bytes;
      }).orElseThrow(() -> new ConfigurationException(ErrorCodes.STORAGE_MISSING, "image " + disk.imageSpec() + " (a disk of VM " + vm.id()
          + ") does not exist on Ceph cluster '" + disk.cluster() + "'; fix the VM inventory"));
      return new SnapshotDisk(disk.cluster(), disk.pool(), disk.image(), size);
    } catch (RbdException e) {
      if (CephErrors.errno(e) == CephErrors.EEXIST) {
        throw new ConflictException(ErrorCodes.SNAPSHOT_NAME_TAKEN, "disk " + disk + " already has a snapshot named '" + name
            + "' that no record knows; choose another name, or run reconcile and remove it", e);
      }
      throw CephErrors.failed(disk.cluster(), "snapshot " + disk.imageSpec() + "@" + name, e);
    }
  }

  private void removeQuietly(List<SnapshotDisk> taken, String name, RuntimeException failure) {
    for (SnapshotDisk disk : taken) {
      try {
        removeDiskSnapshot(disk, name);
      } catch (RuntimeException e) {
        LOG.error("could not undo snapshot {}@{} on cluster '{}' after a failed create; run reconcile",
            disk.imageSpec(), name, disk.cluster(), e);
        failure.addSuppressed(e);
      }
    }
  }

  private void rotateOut(SnapshotRecord victim, SnapshotRecord created) {
    try {
      deleteLocked(victim);
      LOG.info("rotated out snapshot '{}' ({}) of VM {}", victim.name(), victim.id(), victim.vmId());
    } catch (RuntimeException e) {
      // keep the maximum: undo the new snapshot rather than exceed it
      removeQuietly(created.disks(), created.name(), e);
      try {
        books.deleted(created, created.createdAt());
      } catch (RuntimeException undo) {
        LOG.error("could not remove the record of undone snapshot '{}' ({}); run reconcile", created.name(),
            created.id(), undo);
        e.addSuppressed(undo);
      }
      throw e;
    }
  }

  private void deleteLocked(SnapshotRecord record) {
    requireNoClones(record);
    for (SnapshotDisk disk : record.disks()) {
      removeDiskSnapshot(disk, record.name());
    }
    books.deleted(record, clock.instant()); // removes the record and ends its billing
    LOG.info("snapshot '{}' ({}) of VM {} deleted", record.name(), record.id(), record.vmId());
  }

  private void requireNoClones(SnapshotRecord record) {
    TreeSet<String> clones = new TreeSet<>();
    for (SnapshotDisk disk : record.disks()) {
      clones.addAll(childrenOf(disk, record.name()));
    }
    if (!clones.isEmpty()) {
      throw new SnapshotHasClonesException("snapshot '" + record.name() + "' of VM " + record.vmId() + " has "
          + clones.size() + " clone(s) depending on it: " + String.join(", ", clones)
          + "; flatten (rbd flatten) or remove them first", List.copyOf(clones));
    }
  }

  // ---------------------------------------------------------------- one disk

  /** @return whether a snapshot was removed (false if the image or the snapshot is already gone) */
  private boolean removeDiskSnapshot(SnapshotDisk disk, String name) {
    String what = "remove snapshot " + disk.imageSpec() + "@" + name;
    try {
      return connection(disk.cluster()).withImage(disk.pool(), disk.image(), image -> {
        try {
          if (image.snapIsProtected(name)) {
            image.snapUnprotect(name);
          }
        } catch (RbdException e) {
          if (CephErrors.errno(e) == CephErrors.ENOENT) {
            return false;
          }
          if (CephErrors.errno(e) == CephErrors.EBUSY) {
            List<String> clones = image.listChildren(name);
            throw new SnapshotHasClonesException("snapshot " + disk.imageSpec() + "@" + name + " has clone(s) "
                + clones + "; flatten or remove them first", clones, e);
          }
          throw e;
        }
        image.snapRemove(name);
        return true;
      }).orElse(false);
    } catch (ConfigurationException e) {
      if (!ErrorCodes.STORAGE_MISSING.equals(e.errorCode())) {
        throw e;
      }
      return false; // the pool is gone, and with it the snapshot
    } catch (RbdException e) {
      if (CephErrors.errno(e) == CephErrors.ENOENT) {
        return false;
      }
      throw CephErrors.failed(disk.cluster(), what, e);
    }
  }

  private List<String> childrenOf(SnapshotDisk disk, String name) {
    try {
      return connection(disk.cluster()).withImage(disk.pool(), disk.image(), image -> {
        try {
          return image.listChildren(name);
        } catch (RbdException e) {
          if (CephErrors.errno(e) == CephErrors.ENOENT) {
            return List.<String>of();
          }
          throw e;
        }
      }).orElse(List.of());
    } catch (ConfigurationException e) {
      if (!ErrorCodes.STORAGE_MISSING.equals(e.errorCode())) {
        throw e;
      }
      return List.of();
    } catch (RbdException e) {
      throw CephErrors.failed(disk.cluster(), "list clones of " + disk.imageSpec() + "@" + name, e);
    }
  }

  /** @return whether the flag changed */
  private boolean protectDisk(SnapshotDisk disk, String name, boolean protect) {
    try {
      return connection(disk.cluster()).withImage(disk.pool(), disk.image(), image -> {
        if (image.snapIsProtected(name) == protect) {
          return false;
        }
        if (protect) {
          image.snapProtect(name);
        } else {
          try {
            image.snapUnprotect(name);
          } catch (RbdException e) {
            if (CephErrors.errno(e) == CephErrors.EBUSY) {
              List<String> clones = image.listChildren(name);
              throw new SnapshotHasClonesException("snapshot " + disk.imageSpec() + "@" + name + " has clone(s) "
                  + clones + "; flatten or remove them first", clones, e);
            }
            throw e;
          }
        }
        return true;
      }).orElseThrow(() -> missingOnDisk(disk, name));
    } catch (RbdException e) {
      if (CephErrors.errno(e) == CephErrors.ENOENT) {
        throw missingOnDisk(disk, name);
      }
      throw CephErrors.failed(disk.cluster(), (protect ? "protect " : "unprotect ") + disk.imageSpec() + "@" + name, e);
    }
  }

  private static ConfigurationException missingOnDisk(SnapshotDisk disk, String name) {
    return new ConfigurationException(ErrorCodes.STORAGE_MISSING, "snapshot " + disk.imageSpec() + "@" + name + " is missing on Ceph cluster '"
        + disk.cluster() + "' although it is recorded; run reconcile");
  }

  private Optional<Map<String, Long>> snapshotsOn(String cluster, String pool, String image) {
    try {
      return connection(cluster).withImage(pool, image, opened -> {
        Map<String, Long> names = new LinkedHashMap<>();
        for (RbdSnapInfo info : opened.snapList()) {
          names.put(info.name, info.size);
        }
        return names;
      });
    } catch (ConfigurationException e) {
      if (!ErrorCodes.STORAGE_MISSING.equals(e.errorCode())) {
        throw e;
      }
      return Optional.empty();
    } catch (RbdException e) {
      throw CephErrors.failed(cluster, "list snapshots of " + pool + "/" + image, e);
    }
  }

  // ---------------------------------------------------------------- helpers

  private ClusterConnection connection(String cluster) {
    ClusterConnection c = clusters.get(cluster);
    if (c == null) {
      throw new ConfigurationException("a VM disk names Ceph cluster '" + cluster + "', which is not configured;"
          + " configured: " + clusters.keySet() + " (add uncloud.ceph.cluster." + cluster + ".conf or fix the inventory)");
    }
    return c;
  }

  private VirtualMachine ownedVm(Username account, UUID vmId) {
    Optional<VirtualMachine> vm = vmId == null ? Optional.empty() : inventory.find(vmId);
    if (vm.isEmpty() || !vm.get().owner().equals(account)) {
      throw new NotFoundException(ErrorCodes.UNKNOWN_VM, "account " + account + " has no VM " + vmId + "; check the VM id");
    }
    return vm.get();
  }

  private SnapshotRecord owned(Username account, String snapshotId) {
    Optional<SnapshotRecord> record = snapshotId == null ? Optional.empty() : records.find(snapshotId);
    if (record.isEmpty() || !record.get().account().equals(account)) {
      throw new NotFoundException(ErrorCodes.UNKNOWN_SNAPSHOT, "account " + account + " has no snapshot " + snapshotId
          + "; list the snapshots to find its id");
    }
    return record.get();
  }

  private ReentrantLock lockOf(UUID vmId) {
    return vmLocks.computeIfAbsent(vmId, k -> new ReentrantLock());
  }

  private static String key(String cluster, String pool, String image) {
    return cluster + ":" + pool + "/" + image;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the snapshot store is closed");
    }
  }

  /** Records and billing wired separately: changed one after the other, never closed by the store. */
  private record SeparateBooks(SnapshotRecords records, SnapshotBillingListener billing) implements SnapshotBooks {
    @Override
    public UsageSource usage() {
      return billing instanceof UsageSource source ? source : UsageSource.NONE;
    }

    @Override
    public void close() {
      // the caller owns them
    }
  }

  /** Builds an {@link RbdSnapshotStore}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, CephCluster> clusters = new LinkedHashMap<>();
    private VmInventory inventory;
    private SnapshotRecords records = new InMemorySnapshotRecords();
    private SnapshotBillingListener billing = new SnapshotUsageRecorder();
    private SnapshotBooks books;
    private GuestFreezeHook freezeHook = GuestFreezeHook.NONE;
    private Clock clock = Clock.systemUTC();
    private SnapshotLimit limit = SnapshotLimit.NONE;

    private Builder() {}

    /** @param cluster a cluster disks may live on (its name must be unique) @return this builder */
    public Builder cluster(CephCluster cluster) {
      if (clusters.putIfAbsent(cluster.name(), cluster) != null) {
        throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "Ceph cluster '" + cluster.name() + "' is configured twice");
      }
      return this;
    }

    /** @param inventory which VMs exist and which images are their disks @return this builder */
    public Builder inventory(VmInventory inventory) {
      this.inventory = Objects.requireNonNull(inventory, "inventory");
      return this;
    }

    /** @param records where snapshots are recorded (default: in memory) @return this builder */
    public Builder records(SnapshotRecords records) {
      this.records = Objects.requireNonNull(records, "records");
      return this;
    }

    /** @param billing told when snapshots start and stop costing (default: a {@link SnapshotUsageRecorder}) @return this builder */
    public Builder billing(SnapshotBillingListener billing) {
      this.billing = Objects.requireNonNull(billing, "billing");
      return this;
    }

    /**
     * Keeps records and billed usage in one set of books (e.g. {@code JdbcSnapshotBooks} from
     * uncloud-jdbc, so both survive restarts and change together): sets {@link #records},
     * {@link #billing} and the store's {@link RbdSnapshotStore#usage()} from it. The store owns the
     * books from {@link #build()} on and closes them with itself. Replacing the records or the
     * billing afterwards wires them separately again, and the books are not closed by the store.
     *
     * @param books the books
     * @return this builder
     */
    public Builder books(SnapshotBooks books) {
      this.books = Objects.requireNonNull(books, "books");
      this.records = books.records();
      this.billing = books.billing();
      return this;
    }

    /** @param hook runs around every snapshot (default: none) @return this builder */
    public Builder freezeHook(GuestFreezeHook hook) {
      this.freezeHook = Objects.requireNonNull(hook, "hook");
      return this;
    }

    /** @param clock for creation and deletion times (default: system UTC) @return this builder */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** @param max the most snapshots per VM, 0 for no limit (default) @return this builder */
    public Builder maxSnapshotsPerVm(int max) {
      this.limit = limit.withMaxPerVm(max);
      return this;
    }

    /** @param rotate delete the oldest unprotected snapshot when a VM is at its maximum @return this builder */
    public Builder rotate(boolean rotate) {
      this.limit = limit.withRotate(rotate);
      return this;
    }

    /**
     * Connects to every cluster.
     *
     * @return the store, owning the connections
     * @throws ConfigurationException if no cluster or inventory was given, or a cluster is misconfigured
     * @throws ch.uncloud.api.ProviderUnavailableException if a cluster does not answer in time
     */
    public RbdSnapshotStore build() {
      if (clusters.isEmpty()) {
        throw new ConfigurationException("no Ceph cluster configured for the snapshot store; set uncloud.ceph.conf");
      }
      if (inventory == null) {
        throw new ConfigurationException("no VM inventory configured for the snapshot store; set uncloud.ceph.inventory");
      }
      Map<String, ClusterConnection> connected = new LinkedHashMap<>();
      try {
        for (CephCluster c : clusters.values()) {
          connected.put(c.name(), ClusterConnection.connect(c));
        }
      } catch (RuntimeException e) {
        connected.values().forEach(ClusterConnection::close);
        throw e;
      }
      return new RbdSnapshotStore(this, Map.copyOf(connected));
    }
  }
}
