package ch.uncloud.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.Username;
import ch.uncloud.api.snapshots.SnapshotDisk;
import ch.uncloud.api.snapshots.SnapshotRecord;
import ch.uncloud.api.snapshots.SnapshotUsage;
import ch.uncloud.core.internal.ProviderDiscovery;
import ch.uncloud.spi.ProviderConfig;
import ch.uncloud.spi.SnapshotBooks;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("JdbcSnapshotRecordsProvider")
class JdbcSnapshotRecordsProviderTest {
  private static final ClassLoader LOADER = JdbcSnapshotRecordsProviderTest.class.getClassLoader();

  @TempDir
  Path dir;

  @Test
  @DisplayName("uncloud.snapshot-records=jdbc selects it through the core's discovery; unset selects none (and a snapshot backend is then refused)")
  void selectedByKey() {
    ProviderConfig jdbc = ProviderConfig.of(Map.of("uncloud.snapshot-records", "jdbc")).withEnvironment(Map.of());
    ProviderConfig unset = ProviderConfig.of(Map.of()).withEnvironment(Map.of());

    assertThat(new ProviderDiscovery(jdbc, LOADER).snapshotRecordsProvider()).get().isInstanceOf(JdbcSnapshotRecordsProvider.class);
    assertThat(new ProviderDiscovery(unset, LOADER).snapshotRecordsProvider()).isEmpty();
  }

  @Test
  @DisplayName("an unknown name fails naming the key, what was found and the fix")
  void unknownName() {
    ProviderConfig config = ProviderConfig.of(Map.of("uncloud.snapshot-records", "etcd")).withEnvironment(Map.of());

    assertThatThrownBy(() -> new ProviderDiscovery(config, LOADER).snapshotRecordsProvider())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("uncloud.snapshot-records=etcd")
        .hasMessageContaining("jdbc (" + JdbcSnapshotRecordsProvider.class.getName() + ")");
  }

  @Test
  @DisplayName("opens the books in the ledger's database from the uncloud.jdbc keys, overridable by environment")
  void opensFromConfig() {
    ProviderConfig config = ProviderConfig.of(Map.of("uncloud.jdbc.url", "jdbc:sqlite:/nonexistent/x.db",
            "uncloud.jdbc.pool-size", "2"))
        .withEnvironment(Map.of("UNCLOUD_JDBC_URL", "jdbc:sqlite:" + dir.resolve("u.db")));
    Instant now = Instant.parse("2026-11-01T00:00:00Z");
    SnapshotRecord record = new SnapshotRecord("s1", Username.of("alice"), UUID.randomUUID(), "nightly",
        List.of(new SnapshotDisk("ceph", "rbd", "root", 1L << 30)), now, false);

    try (SnapshotBooks books = new JdbcSnapshotRecordsProvider().create(config)) {
      books.records().add(record);
      books.billing().started(SnapshotUsage.started(record));
      assertThat(books.usage()).isSameAs(books.billing());
    }
    try (JdbcSnapshotBooks books = JdbcSnapshotBooks.sqlite(dir.resolve("u.db"));
        JdbcLedger ledger = JdbcLedger.sqlite(dir.resolve("u.db"))) {
      assertThat(books.records().list(Username.of("alice"), Optional.empty())).containsExactly(record);
      assertThat(books.usage().usage(now, now.plusSeconds(1))).hasSize(1);
      assertThat(ledger.entries(Username.of("alice"))).isEmpty();
    }
  }

  @Test
  @DisplayName("a missing URL and every other bad key are reported at once without echoing a secret")
  void reportsAllProblems() {
    ProviderConfig config = ProviderConfig.of(Map.of("uncloud.jdbc.password", "hunter2",
        "uncloud.jdbc.pool-size", "zero")).withEnvironment(Map.of());

    assertThatThrownBy(() -> new JdbcSnapshotRecordsProvider().create(config))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("missing uncloud.jdbc.url")
        .hasMessageContaining("uncloud.jdbc.pool-size")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  @DisplayName("an unreachable database is unavailable, with the cause chained and no password in the message")
  void unreachable() {
    ProviderConfig config = ProviderConfig.of(Map.of(
        "uncloud.jdbc.url", "jdbc:postgresql://127.0.0.1:1/uncloud?password=hunter2",
        "uncloud.jdbc.connect-timeout-ms", "500")).withEnvironment(Map.of());

    assertThatThrownBy(() -> new JdbcSnapshotRecordsProvider().create(config))
        .isInstanceOf(ProviderUnavailableException.class)
        .hasMessageContaining("snapshot record store")
        .hasMessageNotContaining("hunter2")
        .hasCauseInstanceOf(Exception.class);
  }
}
