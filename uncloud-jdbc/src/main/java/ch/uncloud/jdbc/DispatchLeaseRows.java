package ch.uncloud.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The event dispatcher's lease (schema version 11): one row, {@code event_dispatch_lease}, naming the
 * dispatcher that delivers and until when, so that of several processes on one database only one
 * delivers at a time. Its holder renews it; once it expired, another dispatcher takes it over.
 */
final class DispatchLeaseRows {
  /** The schema version that adds the table. */
  static final int VERSION = 11;
  private static final String NAME = "dispatcher";

  private DispatchLeaseRows() {}

  static List<Migration> migrations(Dialect dialect) {
    String big = dialect instanceof PostgresDialect ? "BIGINT" : "INTEGER";
    return List.of(new Migration(VERSION, "the event dispatcher's lease: one dispatcher per database delivers",
        List.of("CREATE TABLE event_dispatch_lease (\n"
            + "  name TEXT PRIMARY KEY,\n"
            + "  holder TEXT NOT NULL,\n"
            + "  expires_at_ns " + big + " NOT NULL)")));
  }

  /**
   * Takes the lease if it is free or expired at {@code nowNanos}, or renews it for its holder, in one
   * statement (so two takers cannot both win).
   *
   * @return whether {@code holder} holds it until {@code untilNanos}
   */
  static boolean take(Connection c, String holder, long nowNanos, long untilNanos) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO event_dispatch_lease (name, holder, expires_at_ns) "
        + "VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, "
        + "expires_at_ns = excluded.expires_at_ns "
        + "WHERE event_dispatch_lease.holder = excluded.holder OR event_dispatch_lease.expires_at_ns <= ?")) {
      ps.setString(1, NAME);
      ps.setString(2, holder);
      ps.setLong(3, untilNanos);
      ps.setLong(4, nowNanos);
      return ps.executeUpdate() == 1;
    }
  }

  static void release(Connection c, String holder) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM event_dispatch_lease WHERE name = ? AND holder = ?")) {
      ps.setString(1, NAME);
      ps.setString(2, holder);
      ps.executeUpdate();
    }
  }
}
