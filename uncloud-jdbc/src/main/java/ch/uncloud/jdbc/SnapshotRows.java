package ch.uncloud.jdbc;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Username;
import ch.uncloud.api.snapshots.SnapshotUsage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/** Conversions between the snapshot tables' columns and the values they hold. */
final class SnapshotRows {
  static final String USAGE_COLUMNS =
      "snapshot_id, account, vm_id, snapshot_name, size_bytes, started_at_ns, ended_at_ns";
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private SnapshotRows() {}

  /**
   * @param instant a time to store
   * @return nanoseconds since the epoch
   * @throws InvalidRequestException ({@code invalid_argument}) outside the years 1678 to 2261
   */
  static long nanos(Instant instant) {
    try {
      return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
    } catch (ArithmeticException e) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "time " + instant + " is outside the range the snapshot records keep "
          + "(years 1678 to 2261)", e);
    }
  }

  /** @return nanoseconds since the epoch, saturated at the range a query bound can have */
  static long bound(Instant instant) {
    if (instant.getEpochSecond() >= Long.MAX_VALUE / NANOS_PER_SECOND) {
      return Long.MAX_VALUE;
    }
    if (instant.getEpochSecond() <= Long.MIN_VALUE / NANOS_PER_SECOND) {
      return Long.MIN_VALUE;
    }
    return instant.getEpochSecond() * NANOS_PER_SECOND + instant.getNano();
  }

  static Instant instant(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
  }

  /** Reads a row of {@link #USAGE_COLUMNS}. */
  static SnapshotUsage usage(ResultSet rs) throws SQLException {
    long ended = rs.getLong(7);
    Instant endedAt = rs.wasNull() ? null : instant(ended);
    return new SnapshotUsage(rs.getString(1), Username.of(rs.getString(2)), UUID.fromString(rs.getString(3)),
        rs.getString(4), rs.getLong(5), instant(rs.getLong(6)), endedAt);
  }
}
