package ch.uncloud.testkit;

import ch.uncloud.api.ConflictException;
import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Username;
import ch.uncloud.api.shop.UsageRecord;
import ch.uncloud.api.snapshots.SnapshotRecord;
import ch.uncloud.api.snapshots.SnapshotUsage;
import ch.uncloud.spi.SnapshotBillingListener;
import ch.uncloud.spi.SnapshotBooks;
import ch.uncloud.spi.SnapshotRecords;
import ch.uncloud.spi.UsageSource;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * {@link SnapshotBooks} in memory, for tests: the snapshot records (one name per VM, as a durable
 * store enforces it) and the billed usage intervals, read by the billing run as a
 * {@link UsageSource} (sizes in GB of 2<sup>30</sup> bytes). Inspect what was billed with
 * {@link #usages()}; script a failing store with {@link #failTaken}. Not registered for discovery:
 * {@code uncloud.snapshot-records=memory} is the core's own in-memory store. Thread-safe.
 */
public final class InMemorySnapshotBooks implements SnapshotBooks {
  private static final BigDecimal BYTES_PER_GB = BigDecimal.valueOf(1L << 30);

  private final Records records = new Records();
  private final Usage usage = new Usage();
  private final Faults takenFaults = new Faults();
  private volatile boolean closed;

  private InMemorySnapshotBooks() {}

  /** @return empty books */
  public static InMemorySnapshotBooks create() {
    return new InMemorySnapshotBooks();
  }

  @Override
  public SnapshotRecords records() {
    return records;
  }

  @Override
  public SnapshotBillingListener billing() {
    return usage;
  }

  @Override
  public UsageSource usage() {
    return usage;
  }

  /**
   * {@inheritDoc} Fails first, recording and billing nothing, while a fault scripted with
   * {@link #failTaken} lasts.
   */
  @Override
  public void taken(SnapshotRecord record) {
    takenFaults.maybeFail("record snapshot " + record.id());
    SnapshotBooks.super.taken(record);
  }

  /**
   * Scripts a fault: the next calls of {@link #taken} fail as unavailable, as a database that is
   * down would.
   *
   * @param calls how many calls fail
   */
  public void failTaken(int calls) {
    takenFaults.failNext(calls);
  }

  /** @return every billed interval, open and closed, oldest snapshot first */
  public List<SnapshotUsage> usages() {
    return usage.all();
  }

  /**
   * @param account an account
   * @return that account's intervals, oldest snapshot first
   */
  public List<SnapshotUsage> usages(Username account) {
    return usages().stream().filter(u -> u.account().equals(account)).toList();
  }

  /** @return the intervals of snapshots that still exist */
  public List<SnapshotUsage> open() {
    return usages().stream().filter(SnapshotUsage::isOpen).toList();
  }

  /** @return whether {@link #close()} was called */
  public boolean isClosed() {
    return closed;
  }

  /** Marks the books closed; they keep working, for inspection. */
  @Override
  public void close() {
    closed = true;
  }

  /** The records, by id in insertion order. */
  private static final class Records implements SnapshotRecords {
    private final Map<String, SnapshotRecord> byId = new LinkedHashMap<>();

    @Override
    public synchronized void add(SnapshotRecord record) {
      boolean taken = byId.values().stream()
          .anyMatch(r -> r.vmId().equals(record.vmId()) && r.name().equals(record.name()));
      if (taken || byId.containsKey(record.id())) {
        throw new ConflictException(ErrorCodes.SNAPSHOT_NAME_TAKEN, "VM " + record.vmId()
            + " already has a snapshot named '" + record.name() + "'; choose another name");
      }
      byId.put(record.id(), record);
    }

    @Override
    public synchronized Optional<SnapshotRecord> find(String id) {
      return Optional.ofNullable(byId.get(id));
    }

    @Override
    public List<SnapshotRecord> list(Username account, Optional<UUID> vmId) {
      return select(r -> r.account().equals(account) && vmId.map(r.vmId()::equals).orElse(true));
    }

    @Override
    public List<SnapshotRecord> listByVm(UUID vmId) {
      return select(r -> r.vmId().equals(vmId));
    }

    @Override
    public List<SnapshotRecord> listAll() {
      return select(r -> true);
    }

    @Override
    public synchronized void setProtected(String id, boolean isProtected) {
      byId.computeIfPresent(id, (k, r) -> r.withProtected(isProtected));
    }

    @Override
    public synchronized boolean remove(String id) {
      return byId.remove(id) != null;
    }

    private synchronized List<SnapshotRecord> select(Predicate<SnapshotRecord> filter) {
      // a stable sort: insertion order breaks ties between snapshots of the same instant
      return byId.values().stream().filter(filter).sorted(Comparator.comparing(SnapshotRecord::createdAt)).toList();
    }
  }

  /** The usage intervals, by snapshot id. */
  private static final class Usage implements SnapshotBillingListener, UsageSource {
    private final Map<String, SnapshotUsage> bySnapshot = new LinkedHashMap<>();

    @Override
    public synchronized void started(SnapshotUsage started) {
      if (!started.isOpen()) {
        throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "a started snapshot usage must be open");
      }
      bySnapshot.put(started.snapshotId(), started);
    }

    @Override
    public synchronized void ended(SnapshotUsage ended) {
      if (ended.isOpen()) {
        throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "an ended snapshot usage must have an end");
      }
      SnapshotUsage started = bySnapshot.get(ended.snapshotId());
      bySnapshot.put(ended.snapshotId(), started == null ? ended : started.endedAt(ended.endedAt()));
    }

    synchronized List<SnapshotUsage> all() {
      List<SnapshotUsage> all = new ArrayList<>(bySnapshot.values());
      all.sort(Comparator.comparing(SnapshotUsage::startedAt));
      return List.copyOf(all);
    }

    @Override
    public List<UsageRecord> usage(Instant from, Instant to) {
      return all().stream()
          .filter(u -> u.startedAt().isBefore(to) && (u.endedAt() == null || u.endedAt().isAfter(from)))
          .map(u -> new UsageRecord(u.snapshotId(), u.account(), SnapshotUsage.PRODUCT,
              BigDecimal.valueOf(u.sizeBytes()).divide(BYTES_PER_GB), u.startedAt(), u.endedAt()))
          .toList();
    }
  }
}
