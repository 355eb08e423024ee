package ch.uncloud.ceph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.ProviderUnavailableException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connection failures of the RBD backend that need librados but no running cluster. */
class RbdSnapshotBackendConnectTest {

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  @DisplayName("an unreachable cluster fails within the connect timeout as unavailable, naming the conf file")
  void unreachable(@TempDir Path dir) throws Exception {
    Path conf = Files.writeString(dir.resolve("ceph.conf"),
        "[global]\nmon host = 127.0.0.1:" + closedPort() + "\nlog to stderr = false\nerr to stderr = false\n");
    CephCluster cluster = new CephCluster("ceph", conf, "admin", Optional.empty(), Duration.ofSeconds(2));
    long start = System.nanoTime();

    assertThatThrownBy(() -> RbdSnapshotBackend.builder().cluster(cluster).build())
        .isInstanceOf(ProviderUnavailableException.class)
        .hasMessageContaining("unreachable").hasMessageContaining(conf.toString()).hasMessageContaining("2 s");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  @DisplayName("a missing ceph.conf or keyring is a configuration error naming the key to fix")
  void missingFiles(@TempDir Path dir) throws Exception {
    CephCluster noConf = CephCluster.of(dir.resolve("absent.conf"));
    assertThatThrownBy(() -> RbdSnapshotBackend.builder().cluster(noConf).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("uncloud.ceph.conf");

    Path conf = Files.writeString(dir.resolve("ceph.conf"), "[global]\nmon host = 127.0.0.1:1\n");
    CephCluster noKeyring = new CephCluster("ceph", conf, "admin", Optional.of(dir.resolve("absent.keyring")),
        Duration.ofSeconds(2));
    assertThatThrownBy(() -> RbdSnapshotBackend.builder().cluster(noKeyring).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("uncloud.ceph.keyring");
  }

  @Test
  @DisplayName("missing native libraries are reported with the packages to install")
  void nativeLibrariesMissing() {
    ConfigurationException e = CephErrors.nativeLibraryMissing(
        new UnsatisfiedLinkError("Unable to load library 'rados': librados.so: cannot open shared object file"));

    assertThat(e.getMessage()).contains("apt-get install librados2 librbd1").contains("dnf install librados2 librbd1")
        .contains("librados.so");
    assertThat(e.getCause()).isInstanceOf(UnsatisfiedLinkError.class);
  }

  @Test
  @DisplayName("a backend needs at least one cluster, and each cluster once; the inventory is optional")
  void builderChecks() {
    assertThatThrownBy(() -> RbdSnapshotBackend.builder().build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("uncloud.ceph.conf");
    assertThatThrownBy(() -> RbdSnapshotBackend.builder().cluster(CephCluster.of(Path.of("x")))
        .cluster(CephCluster.of(Path.of("y"))))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("'ceph' is configured twice");
    assertThatThrownBy(() -> RbdSnapshotBackend.builder().inventory(null)).isInstanceOf(NullPointerException.class);
  }
}
