package ch.uncloud.core.internal;

import ch.uncloud.api.ConflictException;
import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.Username;
import ch.uncloud.api.snapshots.Snapshot;
import ch.uncloud.api.snapshots.SnapshotDisk;
import ch.uncloud.api.snapshots.SnapshotHasClonesException;
import ch.uncloud.api.snapshots.SnapshotName;
import ch.uncloud.api.snapshots.SnapshotReconciliation;
import ch.uncloud.api.snapshots.SnapshotReconciliation.Discrepancy;
import ch.uncloud.api.snapshots.SnapshotReconciliation.Kind;
import ch.uncloud.api.snapshots.SnapshotRecord;
import ch.uncloud.api.snapshots.SnapshotService;
import ch.uncloud.api.snapshots.TakenSnapshot;
import ch.uncloud.api.snapshots.VirtualMachine;
import ch.uncloud.api.snapshots.VmDisk;
import ch.uncloud.spi.SnapshotBackend;
import ch.uncloud.spi.SnapshotBooks;
import ch.uncloud.spi.SnapshotRecords;
import ch.uncloud.spi.VmInventory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshot rules, once for every backend: ownership through the {@link VmInventory} (another
 * account's VM or snapshot answers like a missing one), {@link SnapshotName}, the per-VM
 * {@link SnapshotLimit} with rotation, records and billing through the {@link SnapshotBooks} (a
 * snapshot is recorded and its billing started as one change, and removed and ended as one), and
 * reconciliation of the books with the backend. The {@link SnapshotBackend} only takes, protects,
 * lists and removes disk snapshots.
 *
 * <p>Calls that change one VM's snapshots hold that VM's lock, so they never interleave and the
 * maximum always holds; calls on different VMs run in parallel. Thread-safe. {@link #close()} closes
 * the backend and the books.
 */
public final class CoreSnapshotService implements SnapshotService, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CoreSnapshotService.class);

  private final SnapshotBackend backend;
  private final VmInventory inventory;
  private final SnapshotBooks books;
  private final SnapshotRecords records;
  private final SnapshotLimit limit;
  private final Clock clock;
  private final Map<UUID, ReentrantLock> vmLocks = new ConcurrentHashMap<>();
  private volatile boolean closed;
  private final Announcements announcements;

  /**
   * @param backend where the disk snapshots are taken
   * @param inventory which VMs exist, who owns them, which disks they have
   * @param books where snapshots are recorded and billed
   * @param limit how many snapshots a VM may keep, and whether the oldest is rotated out
   * @param clock for creation and deletion times
   */
  public CoreSnapshotService(SnapshotBackend backend, VmInventory inventory, SnapshotBooks books, SnapshotLimit limit,
      Clock clock, Announcements announcements) {
    this.announcements = Objects.requireNonNull(announcements, "announcements");
    this.backend = Objects.requireNonNull(backend, "backend");
    this.inventory = Objects.requireNonNull(inventory, "inventory");
    this.books = Objects.requireNonNull(books, "books");
    this.records = books.records();
    this.limit = Objects.requireNonNull(limit, "limit");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Snapshot create(Username account, UUID vmId, String name) {
    return create(account, vmId, name, null).snapshot();
  }

  @Override
  public TakenSnapshot create(Username account, UUID vmId, String name, IdempotencyKey key) {
    ensureOpen();
    Objects.requireNonNull(account, "account");
    SnapshotName.of(name);
    VirtualMachine vm = ownedVm(account, vmId);
    // a key names the snapshot's id, so a replay finds what the first call took without a key store
    String id = key == null ? UUID.randomUUID().toString() : UUID.nameUUIDFromBytes(("uncloud:snapshot:" + account
        + ":" + vmId + ":" + key.value()).getBytes(StandardCharsets.UTF_8)).toString();
    ReentrantLock lock = lockOf(vmId);
    lock.lock();
    try {
      Optional<SnapshotRecord> earlier = key == null ? Optional.empty() : records.find(id);
      if (earlier.isPresent()) {
        if (!earlier.get().name().equals(name)) {
          throw new ConflictException(ErrorCodes.IDEMPOTENCY_CONFLICT, "idempotency key " + key + " was already used "
              + "for snapshot '" + earlier.get().name() + "' of VM " + vmId + "; use a new key");
        }
        return new TakenSnapshot(earlier.get(), true);
      }
      if (key != null && books.wasTaken(id)) {
        // answering the deleted snapshot would claim a backup that is gone; a new one would reuse its id
        throw new ConflictException(ErrorCodes.IDEMPOTENCY_CONFLICT, "idempotency key " + key + " already took a "
            + "snapshot of VM " + vmId + " that has been deleted since; use a new key to take another snapshot");
      }
      return new TakenSnapshot(take(account, vm, name, id), false);
    } finally {
      lock.unlock();
    }
  }

  private Snapshot take(Username account, VirtualMachine vm, String name, String id) {
    UUID vmId = vm.id();
    List<SnapshotRecord> existing = records.listByVm(vmId);
    if (existing.stream().anyMatch(r -> r.name().equals(name))) {
      throw new ConflictException(ErrorCodes.SNAPSHOT_NAME_TAKEN, "VM " + vmId + " already has a snapshot named '"
          + name + "'; choose another name or delete that snapshot first");
    }
    Optional<SnapshotRecord> rotatedOut = limit.toRotateOut(vmId, existing);
    List<SnapshotDisk> taken = backend.take(vm, name);
    SnapshotRecord record = new SnapshotRecord(id, account, vmId, name, taken, clock.instant(), false);
    try {
      announcements.snapshotTaken(books, record); // records it, starts its billing and announces it, or none
    } catch (RuntimeException e) {
      if (!recordedQuietly(record)) { // recorded, only its events failed (books outside the outbox's database)
        removeQuietly(taken, name, e);
      }
      throw e;
    }
    LOG.info("snapshot '{}' ({}) of VM {} taken on {} disk(s), {} bytes", name, record.id(), vmId, taken.size(),
        record.sizeBytes());
    // rotate only once the new snapshot exists, so a failed snapshot never costs an old one
    if (rotatedOut.isPresent()) {
      rotateOut(rotatedOut.get(), record);
    }
    return record;
  }

  @Override
  public Snapshot get(Username account, String snapshotId) {
    ensureOpen();
    return owned(account, snapshotId);
  }

  @Override
  public List<Snapshot> list(Username account, Optional<UUID> vmId) {
    ensureOpen();
    return List.copyOf(records.list(Objects.requireNonNull(account, "account"), vmId));
  }

  @Override
  public void delete(Username account, String snapshotId) {
    ensureOpen();
    ReentrantLock lock = lockOf(owned(account, snapshotId).vmId());
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
    ReentrantLock lock = lockOf(owned(account, snapshotId).vmId());
    lock.lock();
    try {
      SnapshotRecord record = owned(account, snapshotId);
      if (!protect) {
        requireNoClones(record);
      }
      backend.protect(record.disks(), record.name(), protect);
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
    Map<VmDisk, Map<String, Long>> onDisks = new HashMap<>();
    List<Discrepancy> found = new ArrayList<>();
    for (SnapshotRecord record : records.listAll()) {
      for (SnapshotDisk disk : record.disks()) {
        VmDisk vmDisk = new VmDisk(disk.cluster(), disk.pool(), disk.image());
        if (!onDisks.computeIfAbsent(vmDisk, backend::snapshotsOn).containsKey(record.name())) {
          found.add(new Discrepancy(Kind.MISSING_ON_CLUSTER, record.vmId(), record.name(), disk, record.id()));
        }
      }
    }
    for (VirtualMachine vm : inventory.all()) {
      Set<String> recorded = records.listByVm(vm.id()).stream().map(SnapshotRecord::name).collect(Collectors.toSet());
      for (VmDisk disk : vm.disks()) {
        for (Map.Entry<String, Long> e : onDisks.computeIfAbsent(disk, backend::snapshotsOn).entrySet()) {
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

  /** @return the books snapshots are recorded and billed in (their usage feeds the billing run) */
  public SnapshotBooks books() {
    return books;
  }

  /** Closes the backend, then the books; later calls fail. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      backend.close();
    } finally {
      books.close();
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
        announcements.snapshotDeleted(books, created, created.createdAt());
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
    backend.remove(record.disks(), record.name());
    Instant deletedAt = clock.instant();
    announcements.snapshotDeleted(books, record, deletedAt); // removes the record, ends its billing, announces it
    LOG.info("snapshot '{}' ({}) of VM {} deleted", record.name(), record.id(), record.vmId());
  }

  private void requireNoClones(SnapshotRecord record) {
    List<String> clones = backend.clones(record.disks(), record.name());
    if (!clones.isEmpty()) {
      throw new SnapshotHasClonesException("snapshot '" + record.name() + "' of VM " + record.vmId() + " has "
          + clones.size() + " clone(s) depending on it: " + String.join(", ", clones)
          + "; flatten or remove them first", clones);
    }
  }

  /** Whether the snapshot is recorded; {@code false} when that cannot be read either. */
  private boolean recordedQuietly(SnapshotRecord record) {
    try {
      return records.find(record.id()).isPresent();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private void removeQuietly(List<SnapshotDisk> taken, String name, RuntimeException failure) {
    try {
      backend.remove(taken, name);
    } catch (RuntimeException e) {
      LOG.error("could not undo snapshot '{}' on {} after a failed create; run reconcile", name, taken, e);
      failure.addSuppressed(e);
    }
  }

  private VirtualMachine ownedVm(Username account, UUID vmId) {
    Optional<VirtualMachine> vm = vmId == null ? Optional.empty() : inventory.find(vmId);
    if (vm.isEmpty() || !vm.get().owner().equals(account)) {
      throw new NotFoundException(ErrorCodes.UNKNOWN_VM, "account " + account + " has no VM " + vmId
          + "; check the VM id");
    }
    return vm.get();
  }

  private SnapshotRecord owned(Username account, String snapshotId) {
    Objects.requireNonNull(account, "account");
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

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the snapshot service is closed; build a new Uncloud to take snapshots");
    }
  }
}
