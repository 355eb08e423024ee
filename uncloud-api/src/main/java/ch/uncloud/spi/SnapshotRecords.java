package ch.uncloud.spi;

import ch.uncloud.api.ConflictException;
import ch.uncloud.api.Username;
import ch.uncloud.api.snapshots.SnapshotRecord;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where the core's snapshot service keeps its snapshot records (the billing-relevant truth of which
 * snapshots exist), as part of its {@link SnapshotBooks}: in memory ({@code memory}) or durable
 * ({@code jdbc}). Implementations are thread-safe; the service serialises changes per VM.
 */
public interface SnapshotRecords {
  /**
   * @param record a new record
   * @throws ConflictException ({@code snapshot_name_taken}) if its VM already has a record of that name
   */
  void add(SnapshotRecord record);

  /**
   * @param id a snapshot id
   * @return its record
   */
  Optional<SnapshotRecord> find(String id);

  /**
   * @param account an owner
   * @param vmId only this VM's records, or all of the account's
   * @return the records, oldest first
   */
  List<SnapshotRecord> list(Username account, Optional<UUID> vmId);

  /**
   * @param vmId a VM
   * @return its records whoever owns them, oldest first
   */
  List<SnapshotRecord> listByVm(UUID vmId);

  /** @return every record, oldest first */
  List<SnapshotRecord> listAll();

  /**
   * @param id a snapshot id
   * @param isProtected the new flag
   */
  void setProtected(String id, boolean isProtected);

  /**
   * @param id a snapshot id
   * @return whether a record was removed
   */
  boolean remove(String id);
}
