package ch.uncloud.jdbc;

import ch.uncloud.api.ConflictException;
import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Username;
import ch.uncloud.api.snapshots.SnapshotDisk;
import ch.uncloud.api.snapshots.SnapshotRecord;
import ch.uncloud.spi.SnapshotRecords;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Durable {@link SnapshotRecords} in the tables {@code snapshot_record} and {@code snapshot_disk}
 * of the ledger's database. A record and its disks are written in one transaction; the database
 * refuses a second record of a name on the same VM, so the check holds across processes too.
 * Lists are read with one indexed query (by account, by VM, or by time), oldest first, records
 * taken in the same instant in the order they were added.
 *
 * <p>Obtained from {@link JdbcSnapshotBooks#records()}, which owns the connections. Thread-safe.
 * Store failures are {@link ch.uncloud.api.ProviderUnavailableException}s.
 */
public final class JdbcSnapshotRecords implements SnapshotRecords {
  private static final String SELECT = "SELECT r.id, r.account, r.vm_id, r.name, r.created_at_ns, r.protected, "
      + "d.cluster, d.pool, d.image, d.size_bytes FROM snapshot_record r "
      + "LEFT JOIN snapshot_disk d ON d.snapshot_id = r.id ";
  private static final String ORDER = " ORDER BY r.created_at_ns, r.seq, d.position";

  private final StoreAccess access;

  JdbcSnapshotRecords(StoreAccess access) {
    this.access = access;
  }

  /**
   * {@inheritDoc}
   *
   * @throws ConflictException ({@code snapshot_name_taken}) if its VM already has a record of that name, or its id is
   *     already recorded
   * @throws InvalidRequestException ({@code invalid_argument}) if its creation time is outside the years 1678 to 2261
   */
  @Override
  public void add(SnapshotRecord record) {
    Objects.requireNonNull(record, "record");
    SnapshotRows.nanos(record.createdAt());
    String refusal = access.write("record a snapshot", c -> insert(c, record));
    if (refusal != null) {
      throw new ConflictException(ErrorCodes.SNAPSHOT_NAME_TAKEN, refusal);
    }
  }

  @Override
  public Optional<SnapshotRecord> find(String id) {
    Objects.requireNonNull(id, "id");
    return read("find a snapshot record", "WHERE r.id = ?", id).stream().findFirst();
  }

  @Override
  public List<SnapshotRecord> list(Username account, Optional<UUID> vmId) {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(vmId, "vmId");
    if (vmId.isPresent()) {
      return read("list a VM's snapshot records", "WHERE r.account = ? AND r.vm_id = ?", account.value(),
          vmId.get().toString());
    }
    return read("list an account's snapshot records", "WHERE r.account = ?", account.value());
  }

  @Override
  public List<SnapshotRecord> listByVm(UUID vmId) {
    Objects.requireNonNull(vmId, "vmId");
    return read("list a VM's snapshot records", "WHERE r.vm_id = ?", vmId.toString());
  }

  @Override
  public List<SnapshotRecord> listAll() {
    return read("list the snapshot records", "", new String[0]);
  }

  @Override
  public void setProtected(String id, boolean isProtected) {
    Objects.requireNonNull(id, "id");
    access.write("change a snapshot's protection", c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE snapshot_record SET protected = ? WHERE id = ?")) {
        ps.setBoolean(1, isProtected);
        ps.setString(2, id);
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public boolean remove(String id) {
    Objects.requireNonNull(id, "id");
    return access.write("remove a snapshot record", c -> delete(c, id));
  }

  @Override
  public String toString() {
    return "JdbcSnapshotRecords[" + access.dialect().displayName() + "]";
  }

  /**
   * Inserts a record and its disks in the caller's transaction.
   *
   * @return null, or why the record was refused (its name or id is taken); then nothing was written
   */
  static String insert(Connection c, SnapshotRecord record) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO snapshot_record "
        + "(id, account, vm_id, name, created_at_ns, protected) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
      ps.setString(1, record.id());
      ps.setString(2, record.account().value());
      ps.setString(3, record.vmId().toString());
      ps.setString(4, record.name());
      ps.setLong(5, SnapshotRows.nanos(record.createdAt()));
      ps.setBoolean(6, record.isProtected());
      if (ps.executeUpdate() == 0) {
        return refusal(c, record);
      }
    }
    if (!record.disks().isEmpty()) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO snapshot_disk "
          + "(snapshot_id, position, cluster, pool, image, size_bytes) VALUES (?, ?, ?, ?, ?, ?)")) {
        for (int i = 0; i < record.disks().size(); i++) {
          SnapshotDisk disk = record.disks().get(i);
          ps.setString(1, record.id());
          ps.setInt(2, i);
          ps.setString(3, disk.cluster());
          ps.setString(4, disk.pool());
          ps.setString(5, disk.image());
          ps.setLong(6, disk.sizeBytes());
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
    return null;
  }

  /** Deletes a record and its disks in the caller's transaction; answers whether there was one. */
  static boolean delete(Connection c, String id) throws SQLException {
    try (PreparedStatement disks = c.prepareStatement("DELETE FROM snapshot_disk WHERE snapshot_id = ?");
        PreparedStatement record = c.prepareStatement("DELETE FROM snapshot_record WHERE id = ?")) {
      disks.setString(1, id);
      disks.executeUpdate();
      record.setString(1, id);
      return record.executeUpdate() == 1;
    }
  }

  private static String refusal(Connection c, SnapshotRecord record) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM snapshot_record WHERE vm_id = ? AND name = ?")) {
      ps.setString(1, record.vmId().toString());
      ps.setString(2, record.name());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return "VM " + record.vmId() + " already has a snapshot named '" + record.name() + "' (" + rs.getString(1)
              + "); choose another name";
        }
      }
    }
    return "snapshot id " + record.id() + " is already recorded; record the snapshot under a new id";
  }

  /** @return the query that reads records and their disks, restricted by {@code where} */
  static String query(String where) {
    return SELECT + where + ORDER;
  }

  private List<SnapshotRecord> read(String what, String where, String... parameters) {
    return access.read(what, c -> {
      try (PreparedStatement ps = c.prepareStatement(query(where))) {
        for (int i = 0; i < parameters.length; i++) {
          ps.setString(i + 1, parameters[i]);
        }
        try (ResultSet rs = ps.executeQuery()) {
          return records(rs);
        }
      }
    });
  }

  /** Folds the joined rows (one per disk, a record without disks gives one row of nulls) into records. */
  private static List<SnapshotRecord> records(ResultSet rs) throws SQLException {
    Map<String, Folded> byId = new LinkedHashMap<>();
    while (rs.next()) {
      Folded folded = byId.get(rs.getString(1));
      if (folded == null) {
        folded = new Folded(rs.getString(1), Username.of(rs.getString(2)), UUID.fromString(rs.getString(3)),
            rs.getString(4), SnapshotRows.instant(rs.getLong(5)), rs.getBoolean(6), new ArrayList<>());
        byId.put(folded.id(), folded);
      }
      String cluster = rs.getString(7);
      if (cluster != null) {
        folded.disks().add(new SnapshotDisk(cluster, rs.getString(8), rs.getString(9), rs.getLong(10)));
      }
    }
    return byId.values().stream().map(Folded::record).toList();
  }

  private record Folded(String id, Username account, UUID vmId, String name, Instant createdAt, boolean isProtected,
      List<SnapshotDisk> disks) {
    SnapshotRecord record() {
      return new SnapshotRecord(id, account, vmId, name, disks, createdAt, isProtected);
    }
  }
}
