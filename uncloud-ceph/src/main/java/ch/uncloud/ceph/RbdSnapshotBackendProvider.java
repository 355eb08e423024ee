package ch.uncloud.ceph;

import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.spi.ProviderConfig;
import ch.uncloud.spi.SnapshotBackend;
import ch.uncloud.spi.SnapshotBackendProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The {@code ceph} snapshot backend provider: builds an {@link RbdSnapshotBackend} with its
 * {@link PropertiesVmInventory} from {@code uncloud.ceph.*} keys. The snapshot rules' keys of this
 * namespace ({@code uncloud.ceph.max-snapshots-per-vm}, {@code uncloud.ceph.rotate}) and
 * {@code uncloud.snapshot-records} are read and checked by the core, not here.
 *
 * <table>
 *   <caption>Configuration keys</caption>
 *   <tr><th>key</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@code uncloud.ceph.conf}</td><td>path of ceph.conf (required)</td><td></td></tr>
 *   <tr><td>{@code uncloud.ceph.client-id}</td><td>cephx client id, without {@code client.}</td><td>admin</td></tr>
 *   <tr><td>{@code uncloud.ceph.keyring}</td><td>keyring file, if not the one ceph.conf names</td><td></td></tr>
 *   <tr><td>{@code uncloud.ceph.pool}</td><td>pool of inventory disks written without one</td><td>rbd</td></tr>
 *   <tr><td>{@code uncloud.ceph.connect-timeout}</td><td>seconds bounding connect and each operation</td><td>30</td></tr>
 *   <tr><td>{@code uncloud.ceph.inventory}</td><td>VM inventory file, see {@link PropertiesVmInventory} (required)</td><td></td></tr>
 *   <tr><td>{@code uncloud.ceph.cluster.NAME.conf}, {@code .client-id}, {@code .keyring}</td>
 *       <td>further clusters, referred to as {@code NAME:pool/image} in the inventory</td><td></td></tr>
 * </table>
 */
public final class RbdSnapshotBackendProvider implements SnapshotBackendProvider {
  static final String PREFIX = "uncloud.ceph.";
  static final String CONF = PREFIX + "conf";
  static final String CLIENT_ID = PREFIX + "client-id";
  static final String KEYRING = PREFIX + "keyring";
  static final String POOL = PREFIX + "pool";
  static final String CONNECT_TIMEOUT = PREFIX + "connect-timeout";
  static final String INVENTORY = PREFIX + "inventory";
  static final String CLUSTER_PREFIX = PREFIX + "cluster.";

  /** Creates the provider (called by {@link java.util.ServiceLoader}). */
  public RbdSnapshotBackendProvider() {
    // stateless
  }

  @Override
  public String name() {
    return "ceph";
  }

  /**
   * Validates every key (reporting all problems at once), then connects to every cluster.
   *
   * @throws ch.uncloud.api.ConfigurationException listing every missing or bad key
   * @throws ch.uncloud.api.ProviderUnavailableException if a cluster does not answer in time
   */
  @Override
  public SnapshotBackend create(ProviderConfig config) {
    TreeSet<String> extra = new TreeSet<>();
    for (String key : config.keysWithPrefix(CLUSTER_PREFIX)) {
      String rest = key.substring(CLUSTER_PREFIX.length());
      int dot = rest.indexOf('.');
      extra.add(dot < 0 ? rest : rest.substring(0, dot));
    }
    ProviderConfig.Validator v = config.validator()
        .require(CONF)
        .require(INVENTORY)
        .check(CONF, RbdSnapshotBackendProvider::readableFile)
        .check(KEYRING, RbdSnapshotBackendProvider::readableFile)
        .check(INVENTORY, RbdSnapshotBackendProvider::readableFile)
        .check(POOL, p -> p.matches("[A-Za-z0-9._-]+") ? null : "not a pool name")
        .check(CONNECT_TIMEOUT, t -> t.matches("[1-9][0-9]{0,5}") ? null : "give whole seconds, at least 1");
    for (String name : extra) {
      if (name.equals(CephCluster.DEFAULT_NAME) || !name.matches("[A-Za-z0-9_-]+")) {
        v.problem(CLUSTER_PREFIX + name + ".*: cluster names are letters, digits, _ and -, and not '"
            + CephCluster.DEFAULT_NAME + "' (that is the uncloud.ceph.conf cluster)");
        continue;
      }
      v.require(CLUSTER_PREFIX + name + ".conf").check(CLUSTER_PREFIX + name + ".conf", RbdSnapshotBackendProvider::readableFile)
          .check(CLUSTER_PREFIX + name + ".keyring", RbdSnapshotBackendProvider::readableFile);
    }
    v.validate();

    Duration timeout = Duration.ofSeconds(Long.parseLong(config.get(CONNECT_TIMEOUT, "30")));
    RbdSnapshotBackend.Builder builder = RbdSnapshotBackend.builder()
        .cluster(cluster(config, CephCluster.DEFAULT_NAME, PREFIX, timeout))
        .inventory(new PropertiesVmInventory(Path.of(config.require(INVENTORY)), config.get(POOL, "rbd")));
    for (String name : extra) {
      builder.cluster(cluster(config, name, CLUSTER_PREFIX + name + ".", timeout));
    }
    return builder.build();
  }

  private static CephCluster cluster(ProviderConfig config, String name, String prefix, Duration timeout) {
    Optional<Path> keyring = config.get(prefix + "keyring").map(Path::of);
    return new CephCluster(name, Path.of(config.require(prefix + "conf")), config.get(prefix + "client-id", "admin"),
        keyring, timeout);
  }

  private static String readableFile(String path) {
    try {
      return Files.isReadable(Path.of(path)) ? null : "file " + path + " cannot be read";
    } catch (InvalidRequestException | java.nio.file.InvalidPathException e) {
      return "not a file path";
    }
  }
}
