package ch.uncloud.ceph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.jdbc.JdbcSnapshotBooks;
import ch.uncloud.spi.ProviderConfig;
import ch.uncloud.spi.SnapshotBooks;
import ch.uncloud.spi.SnapshotRecordsProvider;
import ch.uncloud.spi.SnapshotStoreProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery and configuration checks of provider {@code ceph} (no cluster needed). */
class RbdSnapshotStoreProviderTest {

  @Test
  @DisplayName("the provider is registered for ServiceLoader under the name 'ceph'")
  void discovered() {
    assertThat(ServiceLoader.load(SnapshotStoreProvider.class).stream().map(p -> p.get().name()))
        .containsExactly("ceph");
  }

  @Test
  @DisplayName("every missing or malformed key is reported in one error, before any connection")
  void reportsAllProblems() {
    ProviderConfig config = ProviderConfig.of(Map.of(
        "uncloud.ceph.connect-timeout", "soon",
        "uncloud.ceph.max-snapshots-per-vm", "-1",
        "uncloud.ceph.rotate", "yes",
        "uncloud.ceph.keyring", "/nonexistent/keyring",
        "uncloud.ceph.cluster.backup.client-id", "admin")).withEnvironment(Map.of());

    assertThatThrownBy(() -> new RbdSnapshotStoreProvider().create(config)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("7 problems")
        .hasMessageContaining("missing uncloud.ceph.conf")
        .hasMessageContaining("missing uncloud.ceph.inventory")
        .hasMessageContaining("uncloud.ceph.connect-timeout")
        .hasMessageContaining("uncloud.ceph.max-snapshots-per-vm")
        .hasMessageContaining("uncloud.ceph.rotate")
        .hasMessageContaining("/nonexistent/keyring")
        .hasMessageContaining("missing uncloud.ceph.cluster.backup.conf");
  }

  @Test
  @DisplayName("snapshot records are in memory when uncloud.snapshot-records is unset or 'memory'")
  void memoryBooksByDefault() {
    assertThat(RbdSnapshotStoreProvider.books(config(Map.of()))).isInstanceOf(InMemorySnapshotBooks.class);
    assertThat(RbdSnapshotStoreProvider.books(config(Map.of("uncloud.snapshot-records", "memory"))))
        .isInstanceOf(InMemorySnapshotBooks.class);
  }

  @Test
  @DisplayName("uncloud.snapshot-records=jdbc keeps records and usage in the database named by uncloud.jdbc.url")
  void jdbcBooksByKey(@TempDir Path dir) {
    ProviderConfig config = config(Map.of("uncloud.snapshot-records", "jdbc",
        "uncloud.jdbc.url", "jdbc:sqlite:" + dir.resolve("uncloud.db")));

    try (SnapshotBooks books = RbdSnapshotStoreProvider.books(config)) {
      assertThat(books).isInstanceOf(JdbcSnapshotBooks.class);
      assertThat(books.usage()).isSameAs(books.billing());
    }
  }

  @Test
  @DisplayName("an unknown snapshot-records name fails like every provider choice, naming what is on the class path")
  void unknownBooks() {
    assertThatThrownBy(() -> RbdSnapshotStoreProvider.books(config(Map.of("uncloud.snapshot-records", "etcd"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("uncloud.snapshot-records=etcd")
        .hasMessageContaining("memory (" + InMemorySnapshotRecordsProvider.class.getName() + ")")
        .hasMessageContaining("jdbc (");
  }

  @Test
  @DisplayName("jdbc records without uncloud.jdbc.url fail naming the missing key")
  void jdbcBooksNeedUrl() {
    assertThatThrownBy(() -> RbdSnapshotStoreProvider.books(config(Map.of("uncloud.snapshot-records", "jdbc"))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("missing uncloud.jdbc.url");
  }

  @Test
  @DisplayName("a bad snapshot-records choice stops create before any cluster is contacted")
  void badBooksStopCreate(@TempDir Path dir) throws Exception {
    Path conf = Files.writeString(dir.resolve("ceph.conf"), "[global]\nmon_host = 127.0.0.1:1\n");
    Path inventory = Files.writeString(dir.resolve("vms.properties"), "");
    ProviderConfig config = config(Map.of("uncloud.ceph.conf", conf.toString(),
        "uncloud.ceph.inventory", inventory.toString(), "uncloud.snapshot-records", "etcd"));

    assertThatThrownBy(() -> new RbdSnapshotStoreProvider().create(config)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("uncloud.snapshot-records=etcd");
  }

  @Test
  @DisplayName("both snapshot-records providers are registered for ServiceLoader")
  void recordsProvidersDiscovered() {
    assertThat(ServiceLoader.load(SnapshotRecordsProvider.class).stream().map(p -> p.get().name()))
        .containsExactlyInAnyOrder("memory", "jdbc");
  }

  private static ProviderConfig config(Map<String, String> values) {
    return ProviderConfig.of(values).withEnvironment(Map.of());
  }
}
