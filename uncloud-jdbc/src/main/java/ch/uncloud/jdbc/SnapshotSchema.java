package ch.uncloud.jdbc;

import java.util.List;

/**
 * The snapshot books' tables (records, their disks, billed usage intervals), a schema step of their
 * own after the shop's, in the same database and under the same {@code uncloud_schema_version}.
 *
 * <p>A record's name is unique per VM (records are deleted with their snapshot, so every row is a
 * live snapshot); its disks are rows of a child table in disk order, deleted with it. A usage
 * interval is one row per snapshot whose end is set when the snapshot is deleted and never lies
 * before its start. Instants are nanoseconds since the epoch, VM ids canonical UUID strings, sizes
 * bytes; {@code seq} keeps insertion order among equal times.
 */
final class SnapshotSchema {
  /** The schema version that adds the snapshot tables. */
  static final int VERSION = 3;
  private static final String DESCRIPTION = "snapshot records, their disks and billed usage intervals";

  private SnapshotSchema() {}

  /**
   * @param dialect the store's dialect
   * @return the snapshot tables' migrations for that store
   */
  static List<Migration> migrations(Dialect dialect) {
    boolean postgres = dialect instanceof PostgresDialect;
    String seq = postgres ? "seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY" : "seq INTEGER PRIMARY KEY";
    String big = postgres ? "BIGINT" : "INTEGER";
    String flag = postgres ? "BOOLEAN NOT NULL" : "INTEGER NOT NULL CHECK (protected IN (0, 1))";
    return List.of(new Migration(VERSION, DESCRIPTION, List.of(
        "CREATE TABLE snapshot_record (\n"
            + "  " + seq + ",\n"
            + "  id TEXT NOT NULL UNIQUE,\n"
            + "  account TEXT NOT NULL,\n"
            + "  vm_id TEXT NOT NULL CHECK (length(vm_id) = 36),\n"
            + "  name TEXT NOT NULL,\n"
            + "  created_at_ns " + big + " NOT NULL,\n"
            + "  protected " + flag + ",\n"
            + "  UNIQUE (vm_id, name))",
        "CREATE INDEX snapshot_record_by_account ON snapshot_record (account, created_at_ns, seq)",
        "CREATE INDEX snapshot_record_by_vm ON snapshot_record (vm_id, created_at_ns, seq)",
        "CREATE INDEX snapshot_record_by_time ON snapshot_record (created_at_ns, seq)",
        "CREATE TABLE snapshot_disk (\n"
            + "  snapshot_id TEXT NOT NULL REFERENCES snapshot_record (id) ON DELETE CASCADE,\n"
            + "  position INTEGER NOT NULL CHECK (position >= 0),\n"
            + "  cluster TEXT NOT NULL,\n"
            + "  pool TEXT NOT NULL,\n"
            + "  image TEXT NOT NULL,\n"
            + "  size_bytes " + big + " NOT NULL CHECK (size_bytes >= 0),\n"
            + "  PRIMARY KEY (snapshot_id, position))",
        "CREATE TABLE snapshot_usage (\n"
            + "  " + seq + ",\n"
            + "  snapshot_id TEXT NOT NULL UNIQUE,\n"
            + "  account TEXT NOT NULL,\n"
            + "  vm_id TEXT NOT NULL CHECK (length(vm_id) = 36),\n"
            + "  snapshot_name TEXT NOT NULL,\n"
            + "  size_bytes " + big + " NOT NULL CHECK (size_bytes >= 0),\n"
            + "  started_at_ns " + big + " NOT NULL,\n"
            + "  ended_at_ns " + big + ",\n"
            + "  CHECK (ended_at_ns IS NULL OR ended_at_ns >= started_at_ns))",
        "CREATE INDEX snapshot_usage_by_start ON snapshot_usage (started_at_ns, seq)",
        "CREATE INDEX snapshot_usage_by_account ON snapshot_usage (account, started_at_ns, seq)")));
  }
}
