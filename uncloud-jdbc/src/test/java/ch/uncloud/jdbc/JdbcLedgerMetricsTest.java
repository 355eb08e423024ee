package ch.uncloud.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

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
