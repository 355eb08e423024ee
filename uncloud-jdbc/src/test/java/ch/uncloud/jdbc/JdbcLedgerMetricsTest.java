package ch.uncloud.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The JDBC ledger's meters")
class JdbcLedgerMetricsTest {
  @TempDir
  Path dir;

  @Test
  @DisplayName("record every group commit's size and duration, tagged with the store")
  void recordsCommits() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (JdbcLedger ledger = JdbcLedger.sqlite(dir.resolve("ledger.db"))) {
      ledger.recordMetricsTo(registry);
      ledger.post(Entries.deposit("alice", "10.00"));
      ledger.postAll(List.of(Entries.charge("alice", "1.00", null), Entries.charge("alice", "2.00", null),
          Entries.charge("bob", "3.00", null)));
    }
    DistributionSummary batches = registry.get(JdbcMeters.BATCH_SIZE).tag("store", "sqlite").summary();
    assertThat(batches.totalAmount()).isEqualTo(4.0);
    assertThat(batches.count()).isBetween(1L, 4L);
    assertThat(batches.max()).isGreaterThanOrEqualTo(1.0);
    assertThat(registry.get(JdbcMeters.COMMIT_LATENCY).tag("store", "sqlite").timer().count()).isEqualTo(batches.count());
  }

  @Test
  @DisplayName("publish HikariCP's meters of the writer's and the reader's pool on SQLite, and drop them when the ledger closes")
  void poolMetersOnSqlite() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (JdbcLedger ledger = JdbcLedger.sqlite(dir.resolve("ledger.db"))) {
      ledger.recordMetricsTo(registry);
      ledger.post(Entries.deposit("alice", "10.00"));
      assertPoolMeters(registry, 1);
    }
    assertThat(registry.find("hikaricp.connections").gauges()).isEmpty();
  }

  @Test
  @DisplayName("publish HikariCP's meters of the writer's and the reader's pool on PostgreSQL")
  void poolMetersOnPostgres() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    PostgresTestSchema schema = PostgresTestSchema.fresh();
    try (JdbcLedger ledger = JdbcLedger.builder().url(schema.url()).user(schema.user()).writers(3).build()) {
      ledger.recordMetricsTo(registry);
      ledger.post(Entries.deposit("alice", "10.00"));
      assertPoolMeters(registry, 3);
    }
    assertThat(registry.find("hikaricp.connections").gauges()).isEmpty();
  }

  @Test
  @DisplayName("refuse a second registry rather than bind a pool twice")
  void poolsBoundOnce() {
    try (JdbcLedger ledger = JdbcLedger.sqlite(dir.resolve("ledger.db"))) {
      ledger.recordMetricsTo(new SimpleMeterRegistry());
      SimpleMeterRegistry second = new SimpleMeterRegistry();
      assertThatThrownBy(() -> ledger.recordMetricsTo(second)).isInstanceOf(IllegalStateException.class);
      assertThat(second.getMeters()).isEmpty();
    }
  }

  /** The meters HikariCP's Micrometer tracker registers, for both of the ledger's pools. */
  private static void assertPoolMeters(SimpleMeterRegistry registry, int writers) {
    for (String pool : new String[] {"uncloud-ledger-writer", "uncloud-ledger-reader"}) {
      assertThat(registry.get("hikaricp.connections").tag("pool", pool).gauge().value()).as(pool).isGreaterThanOrEqualTo(1);
      assertThat(registry.get("hikaricp.connections.max").tag("pool", pool).gauge().value()).as(pool).isGreaterThanOrEqualTo(1);
      for (String gauge : new String[] {"hikaricp.connections.active", "hikaricp.connections.idle",
          "hikaricp.connections.pending", "hikaricp.connections.min"}) {
        assertThat(registry.find(gauge).tag("pool", pool).gauge()).as(gauge + " of " + pool).isNotNull();
      }
      assertThat(registry.find("hikaricp.connections.acquire").tag("pool", pool).timer()).as(pool).isNotNull();
      assertThat(registry.find("hikaricp.connections.timeout").tag("pool", pool).counter()).as(pool).isNotNull();
    }
    assertThat(registry.get("hikaricp.connections.max").tag("pool", "uncloud-ledger-writer").gauge().value())
        .isEqualTo(writers);
  }

  @Test
  @DisplayName("publish the outbox's backlog by state, zero while nothing waits")
  void outboxBacklog() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (JdbcLedger ledger = JdbcLedger.sqlite(dir.resolve("ledger.db"))) {
      ledger.recordMetricsTo(registry);
      assertThat(registry.get(JdbcMeters.OUTBOX_BACKLOG).tag("state", "pending").gauge().value()).isZero();
      assertThat(registry.get(JdbcMeters.OUTBOX_BACKLOG).tag("state", "parked").gauge().value()).isZero();
    }
  }
}
