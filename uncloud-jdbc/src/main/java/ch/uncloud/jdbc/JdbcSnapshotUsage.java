package ch.uncloud.jdbc;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.shop.UsageRecord;
import ch.uncloud.api.snapshots.SnapshotUsage;
import ch.uncloud.spi.SnapshotBillingListener;
import ch.uncloud.spi.UsageSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Durable snapshot usage intervals in the table {@code snapshot_usage} of the ledger's database:
 * the {@link SnapshotBillingListener} the snapshot service reports to, and the {@link UsageSource} the
 * billing run reads. It answers exactly as the in-memory books ({@code uncloud.snapshot-records=memory})
 * given the same calls:
 * {@link #started} stores an open interval (replacing one of the same snapshot), {@link #ended}
 * closes it keeping the recorded start (or stores the closed interval if none was started), and
 * {@link #usage} returns the intervals overlapping a period, oldest first, sized in GB of 2^30
 * bytes.
 *
 * <p>Obtained from {@link JdbcSnapshotBooks#usage()}, which owns the connections. Thread-safe.
 * Store failures are {@link ch.uncloud.api.ProviderUnavailableException}s.
 */
public final class JdbcSnapshotUsage implements SnapshotBillingListener, UsageSource {
  private static final BigDecimal BYTES_PER_GB = BigDecimal.valueOf(1L << 30);
  private static final String SELECT = "SELECT " + SnapshotRows.USAGE_COLUMNS + " FROM snapshot_usage ";
  private static final String ORDER = " ORDER BY started_at_ns, seq";

  private final StoreAccess access;

  JdbcSnapshotUsage(StoreAccess access) {
    this.access = access;
  }

  /**
   * {@inheritDoc}
   *
   * @throws InvalidRequestException ({@code invalid_argument}) if the interval is closed, or starts outside the years 1678 to 2261
   */
  @Override
  public void started(SnapshotUsage usage) {
    if (!usage.isOpen()) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "a started snapshot usage must be open");
    }
    SnapshotRows.nanos(usage.startedAt());
    access.write("record the start of a snapshot's billing", c -> start(c, usage));
  }

  /**
   * {@inheritDoc}
   *
   * @throws InvalidRequestException ({@code invalid_argument}) if the interval is open, or ends before the recorded start
   */
  @Override
  public void ended(SnapshotUsage usage) {
    if (usage.isOpen()) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "an ended snapshot usage must have an end");
    }
    SnapshotRows.nanos(usage.endedAt());
    SnapshotRows.nanos(usage.startedAt());
    access.write("record the end of a snapshot's billing", c -> end(c, usage));
  }

  /** Stores an open interval in the caller's transaction, replacing one of the same snapshot. */
  static int start(Connection c, SnapshotUsage usage) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO snapshot_usage (" + SnapshotRows.USAGE_COLUMNS
        + ") VALUES (?, ?, ?, ?, ?, ?, NULL) ON CONFLICT (snapshot_id) DO UPDATE SET account = excluded.account, "
        + "vm_id = excluded.vm_id, snapshot_name = excluded.snapshot_name, size_bytes = excluded.size_bytes, "
        + "started_at_ns = excluded.started_at_ns, ended_at_ns = NULL")) {
      bind(ps, usage, SnapshotRows.nanos(usage.startedAt()));
      return ps.executeUpdate();
    }
  }

  /**
   * Closes an interval in the caller's transaction, keeping the recorded start, or stores it closed.
   *
   * @throws InvalidRequestException ({@code invalid_argument}) if it ends before the recorded start
   */
  static int end(Connection c, SnapshotUsage usage) throws SQLException {
    Optional<SnapshotUsage> started = byId(c, usage.snapshotId());
    if (started.isPresent()) {
      started.get().endedAt(usage.endedAt()); // refuses an end before the recorded start
      try (PreparedStatement ps = c.prepareStatement("UPDATE snapshot_usage SET ended_at_ns = ? WHERE snapshot_id = ?")) {
        ps.setLong(1, SnapshotRows.nanos(usage.endedAt()));
        ps.setString(2, usage.snapshotId());
        return ps.executeUpdate();
      }
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO snapshot_usage (" + SnapshotRows.USAGE_COLUMNS
        + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      bind(ps, usage, SnapshotRows.nanos(usage.startedAt()));
      ps.setLong(7, SnapshotRows.nanos(usage.endedAt()));
      return ps.executeUpdate();
    }
  }

  /**
   * @param from start of a period
   * @param to end of the period (exclusive)
   * @return every interval that started before {@code to} and had not ended by {@code from}, oldest
   *     first, as {@code vm-snapshot} usage records
   */
  @Override
  public List<UsageRecord> usage(Instant from, Instant to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    return access.read("read snapshot usage", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          SELECT + "WHERE started_at_ns < ? AND (ended_at_ns IS NULL OR ended_at_ns > ?)" + ORDER)) {
        ps.setLong(1, SnapshotRows.bound(to));
        ps.setLong(2, SnapshotRows.bound(from));
        return usages(ps);
      }
    }).stream()
        .map(u -> new UsageRecord(u.snapshotId(), u.account(), SnapshotUsage.PRODUCT,
            BigDecimal.valueOf(u.sizeBytes()).divide(BYTES_PER_GB), u.startedAt(), u.endedAt()))
        .toList();
  }

  /** @return every interval, open and closed, oldest snapshot first */
  public List<SnapshotUsage> usages() {
    return access.read("read snapshot usage", c -> {
      try (PreparedStatement ps = c.prepareStatement(SELECT + ORDER)) {
        return usages(ps);
      }
    });
  }

  @Override
  public String toString() {
    return "JdbcSnapshotUsage[" + access.dialect().displayName() + "]";
  }

  private static void bind(PreparedStatement ps, SnapshotUsage usage, long startedAt) throws SQLException {
    ps.setString(1, usage.snapshotId());
    ps.setString(2, usage.account().value());
    ps.setString(3, usage.vmId().toString());
    ps.setString(4, usage.snapshotName());
    ps.setLong(5, usage.sizeBytes());
    ps.setLong(6, startedAt);
  }

  /** @return whether an interval (open or closed) of that snapshot is stored, read in the caller's transaction */
  static boolean exists(Connection c, String snapshotId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM snapshot_usage WHERE snapshot_id = ?")) {
      ps.setString(1, snapshotId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static Optional<SnapshotUsage> byId(Connection c, String snapshotId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SELECT + "WHERE snapshot_id = ?")) {
      ps.setString(1, snapshotId);
      return usages(ps).stream().findFirst();
    }
  }

  private static List<SnapshotUsage> usages(PreparedStatement ps) throws SQLException {
    List<SnapshotUsage> result = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        result.add(SnapshotRows.usage(rs));
      }
    }
    return result;
  }
}
