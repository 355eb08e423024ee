package ch.uncloud.jdbc;

import ch.uncloud.api.ConfigurationException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema to the newest version this code knows, one recorded step at a time, and refuses
 * to touch a database whose schema is newer than that (an older uncloud must not write into a
 * layout it does not understand).
 */
final class SchemaMigrator {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

  private final Dialect dialect;

  SchemaMigrator(Dialect dialect) {
    this.dialect = dialect;
  }

  /** @return the newest schema version this code knows */
  int latestVersion() {
    List<Migration> migrations = migrations();
    return migrations.get(migrations.size() - 1).version();
  }

  /**
   * Applies every missing step, each in its own transaction under the migration lock.
   *
   * @param dataSource a data source whose connections begin write transactions
   * @return the schema version now in place
   * @throws ConfigurationException if the database's schema is newer than this code
   * @throws SQLException on a store failure
   */
  int migrate(DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      try {
        for (Migration migration : migrations()) {
          dialect.begin(connection);
          dialect.lockForMigration(connection);
          try (Statement st = connection.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS uncloud_schema_version ("
                + "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)");
          }
          int current = currentVersion(connection);
          if (current > latestVersion()) {
            dialect.rollbackQuietly(connection);
            throw new ConfigurationException(dialect.displayName() + " ledger schema is at version " + current
                + ", newer than version " + latestVersion() + " that this uncloud-jdbc understands; "
                + "upgrade uncloud before using this database");
          }
          if (isApplied(connection, migration.version())) {
            dialect.commit(connection);
            continue;
          }
          LOG.info("migrating {} ledger schema to version {}: {}", dialect.displayName(), migration.version(),
              migration.description());
          try (Statement st = connection.createStatement()) {
            for (String sql : migration.statements()) {
              st.execute(sql);
            }
          }
          try (PreparedStatement ps = connection.prepareStatement(
              "INSERT INTO uncloud_schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
            ps.setInt(1, migration.version());
            ps.setString(2, migration.description());
            ps.setString(3, Instant.now().toString());
            ps.executeUpdate();
          }
          dialect.commit(connection);
        }
        return Math.max(latestVersion(), 0);
      } catch (SQLException | RuntimeException e) {
        dialect.rollbackQuietly(connection);
        throw e;
      }
    }
  }

  /** The ledger's steps, then the shop's, the snapshot books', the unapplied payments', the holds', the quota pot's and the outbox's, in version order. */
  List<Migration> migrations() {
    List<Migration> all = new ArrayList<>(dialect.migrations());
    all.addAll(ShopSchema.migrations(dialect));
    all.addAll(SnapshotSchema.migrations(dialect));
    all.addAll(UnappliedPaymentRows.migrations(dialect));
    all.addAll(HoldRows.migrations(dialect));
    all.addAll(JdbcServerOrderJournal.migrations());
    all.addAll(JdbcPaymentRecords.migrations(dialect));
    all.addAll(QuotaPots.migrations());
    all.addAll(OutboxRows.migrations(dialect));
    all.addAll(DispatchLeaseRows.migrations(dialect));
    all.sort(Comparator.comparingInt(Migration::version));
    return all;
  }

  /** A step is skipped when it is recorded, so a store missing one step (only ever made by hand) gets it. */
  private static boolean isApplied(Connection connection, int version) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM uncloud_schema_version WHERE version = ?")) {
      ps.setInt(1, version);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static int currentVersion(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM uncloud_schema_version")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
