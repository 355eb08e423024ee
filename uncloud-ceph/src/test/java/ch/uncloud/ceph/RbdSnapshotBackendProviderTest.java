package ch.uncloud.ceph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.core.internal.MemorySnapshotBooks;
import ch.uncloud.core.internal.MemorySnapshotRecordsProvider;
import ch.uncloud.core.internal.ProviderDiscovery;
import ch.uncloud.jdbc.JdbcSnapshotBooks;
import ch.uncloud.spi.ProviderConfig;
import ch.uncloud.spi.SnapshotBackendProvider;
import ch.uncloud.spi.SnapshotBooks;
import ch.uncloud.spi.SnapshotRecordsProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discovery and configuration checks of provider {@code ceph}, alone and through the core's
 * discovery (no cluster needed: every failure comes before a connection).
 */
class RbdSnapshotBackendProviderTest {

  @Test
  @DisplayName("the provider is registered for ServiceLoader under the name 'ceph'")
  void discovered() {
    assertThat(ServiceLoader.load(SnapshotBackendProvider.class).stream().map(p -> p.get().name()))
        .containsExactly("ceph");
  }

  @Test
  @DisplayName("every missing or malformed key is reported in one error, before any connection")
  void reportsAllProblems() {
    ProviderConfig config = ProviderConfig.of(Map.of(
        "uncloud.ceph.connect-timeout", "soon",
        "uncloud.ceph.pool", "no/pool",
        "uncloud.ceph.keyring", "/nonexistent/keyring",
        "uncloud.ceph.cluster.backup.client-id", "admin")).withEnvironment(Map.of());

    assertThatThrownBy(() -> new RbdSnapshotBackendProvider().create(config)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("6 problems")
        .hasMessageContaining("missing uncloud.ceph.conf")
        .hasMessageContaining("missing uncloud.ceph.inventory")
        .hasMessageContaining("uncloud.ceph.connect-timeout")
        .hasMessageContaining("uncloud.ceph.pool")
        .hasMessageContaining("/nonexistent/keyring")
        .hasMessageContaining("missing uncloud.ceph.cluster.backup.conf");
  }

  @Test
  @DisplayName("the core checks uncloud.ceph.max-snapshots-per-vm and uncloud.ceph.rotate, reporting both before any connection")
  void limitKeysCheckedByTheCore(@TempDir Path dir) throws Exception {
    ProviderConfig config = cephConfig(dir, Map.of("uncloud.snapshot-records", "memory",
        "uncloud.ceph.max-snapshots-per-vm", "-1", "uncloud.ceph.rotate", "yes"));

    assertThatThrownBy(() -> CoreWiring.core().configure(config).build()).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("2 problems")
        .hasMessageContaining("uncloud.ceph.max-snapshots-per-vm: give a whole number, 0 for no limit")
        .hasMessageContaining("uncloud.ceph.rotate: give true or false");
  }

  @Test
  @DisplayName("uncloud.snapshot-records must be written out for ceph: unset is refused with the fix, 'memory' is in memory")
  void memoryBooksOnlyWhenWrittenOut(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> CoreWiring.core().configure(cephConfig(dir, Map.of())).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("missing uncloud.snapshot-records")
        .hasMessageContaining("uncloud.snapshot-records=jdbc (durable")
        .hasMessageContaining("uncloud.snapshot-records=memory (lost on restart: demo and tests only)");

    try (SnapshotBooks books = books(config(Map.of("uncloud.snapshot-records", "memory")))) {
      assertThat(books).isInstanceOf(MemorySnapshotBooks.class);
    }
    assertThat(new ProviderDiscovery(config(Map.of()), loader()).snapshotRecordsProvider()).isEmpty();
  }

  @Test
  @DisplayName("uncloud.snapshot-records=jdbc keeps records and usage in the database named by uncloud.jdbc.url")
  void jdbcBooksByKey(@TempDir Path dir) {
    ProviderConfig config = config(Map.of("uncloud.snapshot-records", "jdbc",
        "uncloud.jdbc.url", "jdbc:sqlite:" + dir.resolve("uncloud.db")));

    try (SnapshotBooks books = books(config)) {
      assertThat(books).isInstanceOf(JdbcSnapshotBooks.class);
      assertThat(books.usage()).isSameAs(books.billing());
    }
  }

  @Test
  @DisplayName("an unknown snapshot-records name fails like every provider choice, naming what is on the class path")
  void unknownBooks() {
    assertThatThrownBy(() -> books(config(Map.of("uncloud.snapshot-records", "etcd"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("uncloud.snapshot-records=etcd")
        .hasMessageContaining("memory (" + MemorySnapshotRecordsProvider.class.getName() + ")")
        .hasMessageContaining("jdbc (");
  }

  @Test
  @DisplayName("jdbc records without uncloud.jdbc.url fail naming the missing key")
  void jdbcBooksNeedUrl() {
    assertThatThrownBy(() -> books(config(Map.of("uncloud.snapshot-records", "jdbc"))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("missing uncloud.jdbc.url");
  }

  @Test
  @DisplayName("a bad snapshot-records choice stops the start before any cluster is contacted")
  void badBooksStopCreate(@TempDir Path dir) throws Exception {
    ProviderConfig config = cephConfig(dir, Map.of("uncloud.snapshot-records", "etcd"));

    assertThatThrownBy(() -> CoreWiring.core().configure(config).build()).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("uncloud.snapshot-records=etcd");
  }

  @Test
  @DisplayName("both snapshot-records providers are registered for ServiceLoader")
  void recordsProvidersDiscovered() {
    assertThat(ServiceLoader.load(SnapshotRecordsProvider.class).stream().map(p -> p.get().name()))
        .containsExactlyInAnyOrder("memory", "jdbc");
  }

  /** @return a ceph configuration whose monitor does not exist: a connection attempt would fail slowly */
  private static ProviderConfig cephConfig(Path dir, Map<String, String> extra) throws Exception {
    Path conf = Files.writeString(dir.resolve("ceph.conf"), "[global]\nmon_host = 127.0.0.1:1\n");
    Path inventory = Files.writeString(dir.resolve("vms.properties"), "");
    Map<String, String> values = new HashMap<>(Map.of("uncloud.snapshots", "ceph",
        "uncloud.ceph.conf", conf.toString(), "uncloud.ceph.inventory", inventory.toString()));
    values.putAll(extra);
    return config(values);
  }

  private static SnapshotBooks books(ProviderConfig config) {
    return new ProviderDiscovery(config, loader()).snapshotRecordsProvider().orElseThrow().create(config);
  }

  private static ClassLoader loader() {
    return RbdSnapshotBackendProviderTest.class.getClassLoader();
  }

  private static ProviderConfig config(Map<String, String> values) {
    return ProviderConfig.of(values).withEnvironment(Map.of());
  }
}
