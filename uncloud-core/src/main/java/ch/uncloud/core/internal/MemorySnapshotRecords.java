package ch.uncloud.core.internal;

import ch.uncloud.api.ConflictException;
import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.Username;
import ch.uncloud.api.snapshots.SnapshotRecord;
import ch.uncloud.spi.SnapshotRecords;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * {@link SnapshotRecords} kept in memory, so lost on restart: the records of
 * {@code uncloud.snapshot-records=memory} (demo and tests only; production names a durable store).
 * Thread-safe.
 */
public final class MemorySnapshotRecords implements SnapshotRecords {
  private final Map<String, SnapshotRecord> records = new LinkedHashMap<>();

  /** Creates an empty record store. */
  public MemorySnapshotRecords() {
    // no records yet
  }

  @Override
  public synchronized void add(SnapshotRecord record) {
    boolean taken = records.values().stream()
        .anyMatch(r -> r.vmId().equals(record.vmId()) && r.name().equals(record.name()));
    if (taken || records.containsKey(record.id())) {
      throw new ConflictException(ErrorCodes.SNAPSHOT_NAME_TAKEN, "VM " + record.vmId() + " already has a snapshot named '"
          + record.name() + "'; choose another name");
    }
    records.put(record.id(), record);
  }

  @Override
  public synchronized Optional<SnapshotRecord> find(String id) {
    return Optional.ofNullable(records.get(id));
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
    records.computeIfPresent(id, (k, r) -> r.withProtected(isProtected));
  }

  @Override
  public synchronized boolean remove(String id) {
    return records.remove(id) != null;
  }

  private synchronized List<SnapshotRecord> select(Predicate<SnapshotRecord> filter) {
    // a stable sort: insertion order breaks ties between snapshots taken in the same instant
    return records.values().stream().filter(filter)
        .sorted(Comparator.comparing(SnapshotRecord::createdAt)).toList();
  }
}
