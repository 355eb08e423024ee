package ch.uncloud.ceph;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.snapshots.VmDisk;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach one Ceph cluster.
 *
 * @param name the name disks use to refer to it ({@value #DEFAULT_NAME} for the default cluster)
 * @param conf the {@code ceph.conf} file (monitor addresses, and usually the keyring)
 * @param clientId the cephx client id without {@code client.}, e.g. {@code admin}
 * @param keyring the keyring file, if not the one {@code ceph.conf} names
 * @param timeout bounds connecting and every monitor and OSD operation
 */
public record CephCluster(String name, Path conf, String clientId, Optional<Path> keyring, Duration timeout) {
  /** The name of the cluster configured by the {@code uncloud.ceph.*} keys. */
  public static final String DEFAULT_NAME = VmDisk.DEFAULT_CLUSTER;
  /** The default for {@link #timeout}. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** @throws InvalidRequestException ({@code invalid_argument}) if the timeout is not at least one second */
  public CephCluster {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(conf, "conf");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(keyring, "keyring");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "Ceph timeout must be at least 1 second");
    }
  }

  /**
   * @param conf the {@code ceph.conf} file
   * @return the default cluster as client {@code admin} with the keyring the file names and a 30 s timeout
   */
  public static CephCluster of(Path conf) {
    return new CephCluster(DEFAULT_NAME, conf, "admin", Optional.empty(), DEFAULT_TIMEOUT);
  }
}
