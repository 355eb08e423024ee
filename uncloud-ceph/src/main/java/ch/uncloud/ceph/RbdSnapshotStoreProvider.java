package ch.uncloud.ceph;

import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.spi.ProviderConfig;
import ch.uncloud.spi.SnapshotBooks;
import ch.uncloud.spi.SnapshotRecordsProvider;
import ch.uncloud.spi.SnapshotStore;
import ch.uncloud.spi.SnapshotStoreProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The {@code ceph} snapshot store provider: builds an {@link RbdSnapshotStore} from
 * {@code uncloud.ceph.*} keys.
 *
 * <table>
 *   <caption>Configuration keys</caption>
 *   <tr><th>key</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@code uncloud.ceph.conf}</td><td>path of ceph.conf (required)</td><td></td></tr>
 *   <tr><td>{@code uncloud.ceph.client-id}</td><td>cephx client id, without {@code client.}</td><td>admin</td></tr>
 *   <tr><td>{@code uncloud.ceph.keyring}</td><td>keyring file, if not the one ceph.conf names</td><td></td></tr>
 *   <tr><td>{@code uncloud.ceph.pool}</td><td>pool of inventory disks written without one</td><td>rbd</td></tr>
 *   <tr><td>{@code uncloud.ceph.connect-timeout}</td><td>seconds bounding connect and each operation</td><td>30</td></tr>
 *   <tr><td>{@code uncloud.ceph.max-snapshots-per-vm}</td><td>most snapshots per VM, 0 = no limit</td><td>0</td></tr>
 *   <tr><td>{@code uncloud.ceph.rotate}</td><td>{@code true}: delete the oldest unprotected at the maximum</td><td>false</td></tr>
 *   <tr><td>{@code uncloud.ceph.inventory}</td><td>VM inventory file, see {@link PropertiesVmInventory} (required)</td><td></td></tr>
 *   <tr><td>{@code uncloud.ceph.cluster.NAME.conf}, {@code .client-id}, {@code .keyring}</td>
 *       <td>further clusters, referred to as {@code NAME:pool/image} in the inventory</td><td></td></tr>
 *   <tr><td>{@code uncloud.snapshot-records}</td><td>where records and billed usage are kept: {@code memory}
 *       (lost on restart) or {@code jdbc} (the ledger's database, {@code uncloud.jdbc.*} keys; needs
 *       {@code ch.uncloud:uncloud-jdbc})</td><td>memory</td></tr>
 * </table>
 */
public final class RbdSnapshotStoreProvider implements SnapshotStoreProvider {
  static final String PREFIX = "uncloud.ceph.";
  static final String CONF = PREFIX + "conf";
  static final String CLIENT_ID = PREFIX + "client-id";
  static final String KEYRING = PREFIX + "keyring";
  static final String POOL = PREFIX + "pool";
  static final String CONNECT_TIMEOUT = PREFIX + "connect-timeout";
  static final String MAX_PER_VM = PREFIX + "max-snapshots-per-vm";
  static final String ROTATE = PREFIX + "rotate";
  static final String INVENTORY = PREFIX + "inventory";
  static final String CLUSTER_PREFIX = PREFIX + "cluster.";

  /** Creates the provider (called by {@link java.util.ServiceLoader}). */
  public RbdSnapshotStoreProvider() {
    // stateless
  }

  @Override
  public String name() {
    return "ceph";
  }

  /**
   * Validates every key (reporting all problems at once), opens the snapshot books named by
   * {@code uncloud.snapshot-records}, then connects to every cluster.
   *
   * @throws ch.uncloud.api.ConfigurationException listing every missing or bad key, or naming an
   *     unknown {@code uncloud.snapshot-records} provider
   * @throws ch.uncloud.api.ProviderUnavailableException if a cluster or the books' store does not answer in time
   */
  @Override
  public SnapshotStore create(ProviderConfig config) {
    TreeSet<String> extra = new TreeSet<>();
    for (String key : config.keysWithPrefix(CLUSTER_PREFIX)) {
      String rest = key.substring(CLUSTER_PREFIX.length());
      int dot = rest.indexOf('.');
      extra.add(dot < 0 ? rest : rest.substring(0, dot));
    }
    ProviderConfig.Validator v = config.validator()
        .require(CONF)
        .require(INVENTORY)
        .check(CONF, RbdSnapshotStoreProvider::readableFile)
        .check(KEYRING, RbdSnapshotStoreProvider::readableFile)
        .check(INVENTORY, RbdSnapshotStoreProvider::readableFile)
        .check(POOL, p -> p.matches("[A-Za-z0-9._-]+") ? null : "not a pool name")
        .check(CONNECT_TIMEOUT, t -> t.matches("[1-9][0-9]{0,5}") ? null : "give whole seconds, at least 1")
        .check(MAX_PER_VM, m -> m.matches("0|[1-9][0-9]{0,5}") ? null : "give a whole number, 0 for no limit")
        .check(ROTATE, r -> r.equals("true") || r.equals("false") ? null : "give true or false");
    for (String name : extra) {
      if (name.equals(CephCluster.DEFAULT_NAME) || !name.matches("[A-Za-z0-9_-]+")) {
        v.problem(CLUSTER_PREFIX + name + ".*: cluster names are letters, digits, _ and -, and not '"
            + CephCluster.DEFAULT_NAME + "' (that is the uncloud.ceph.conf cluster)");
        continue;
      }
      v.require(CLUSTER_PREFIX + name + ".conf").check(CLUSTER_PREFIX + name + ".conf", RbdSnapshotStoreProvider::readableFile)
          .check(CLUSTER_PREFIX + name + ".keyring", RbdSnapshotStoreProvider::readableFile);
    }
    v.validate();

    Duration timeout = Duration.ofSeconds(Long.parseLong(config.get(CONNECT_TIMEOUT, "30")));
    RbdSnapshotStore.Builder builder = RbdSnapshotStore.builder()
        .cluster(cluster(config, CephCluster.DEFAULT_NAME, PREFIX, timeout))
        .inventory(new PropertiesVmInventory(Path.of(config.require(INVENTORY)), config.get(POOL, "rbd")))
        .maxSnapshotsPerVm(Integer.parseInt(config.get(MAX_PER_VM, "0")))
        .rotate(Boolean.parseBoolean(config.get(ROTATE, "false")));
    for (String name : extra) {
      builder.cluster(cluster(config, name, CLUSTER_PREFIX + name + ".", timeout));
    }
    SnapshotBooks books = books(config);
    try {
      return builder.books(books).build();
    } catch (RuntimeException e) {
      books.close();
      throw e;
    }
  }

  /**
   * @return the books named by {@code uncloud.snapshot-records}, in memory when it is unset
   * @throws ch.uncloud.api.ConfigurationException for an unknown name or bad keys of the chosen provider
   */
  static SnapshotBooks books(ProviderConfig config) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    Optional<SnapshotRecordsProvider> provider = SnapshotRecordsProvider.selected(config,
        loader != null ? loader : RbdSnapshotStoreProvider.class.getClassLoader());
    return provider.map(p -> p.create(config)).orElseGet(InMemorySnapshotBooks::new);
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
