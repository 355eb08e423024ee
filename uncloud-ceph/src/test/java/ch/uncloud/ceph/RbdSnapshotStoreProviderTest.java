package ch.uncloud.ceph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.spi.ProviderConfig;
import ch.uncloud.spi.SnapshotStoreProvider;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

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
}
