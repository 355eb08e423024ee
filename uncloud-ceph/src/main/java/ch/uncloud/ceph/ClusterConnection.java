package ch.uncloud.ceph;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.ProviderUnavailableException;
import com.ceph.rados.IoCTX;
import com.ceph.rados.Rados;
import com.ceph.rados.exceptions.RadosException;
import com.ceph.rbd.Rbd;
import com.ceph.rbd.RbdException;
import com.ceph.rbd.RbdImage;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One librados connection to one cluster, shared by all threads, with one I/O context per pool.
 * librados handles are thread-safe; RBD images are opened per operation. {@link #close()} waits for
 * running operations and makes later ones fail.
 */
final class ClusterConnection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterConnection.class);

  private final CephCluster cluster;
  private final Rados rados;
  private final Map<String, IoCTX> pools = new ConcurrentHashMap<>();
  private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed;

  private ClusterConnection(CephCluster cluster, Rados rados) {
    this.cluster = cluster;
    this.rados = rados;
  }

  /** An operation on an open image. */
  @FunctionalInterface
  interface ImageOperation<T> {
    T apply(RbdImage image) throws RbdException;
  }

  /**
   * Connects, within the cluster's timeout.
   *
   * @throws ConfigurationException if the native libraries, the conf file or the credentials are wrong
   * @throws ProviderUnavailableException if no monitor answers in time
   */
  static ClusterConnection connect(CephCluster cluster) {
    String name = cluster.name();
    if (!Files.isReadable(cluster.conf())) {
      throw new ConfigurationException("Ceph configuration file " + cluster.conf() + " of cluster '" + name
          + "' cannot be read; check uncloud.ceph.conf");
    }
    cluster.keyring().ifPresent(k -> {
      if (!Files.isReadable(k)) {
        throw new ConfigurationException("Ceph keyring " + k + " of cluster '" + name + "' cannot be read "
            + "(keyrings are mode 0600: run as the user who owns it); check uncloud.ceph.keyring");
      }
    });
    Rados rados;
    try {
      rados = new Rados(cluster.clientId());
      Rbd.getVersion(); // loads librbd now rather than at the first snapshot
    } catch (LinkageError e) {
      throw CephErrors.nativeLibraryMissing(e);
    }
    long seconds = Math.max(1, cluster.timeout().toSeconds());
    try {
      rados.confReadFile(cluster.conf().toFile());
      if (cluster.keyring().isPresent()) {
        rados.confSet("keyring", cluster.keyring().get().toString());
      }
      rados.confSet("client_mount_timeout", Long.toString(seconds));
      rados.confSet("rados_mon_op_timeout", Long.toString(seconds));
      rados.confSet("rados_osd_op_timeout", Long.toString(seconds));
      rados.connect();
    } catch (RadosException e) {
      rados.shutDown();
      int errno = CephErrors.errno(e);
      if (errno == CephErrors.ETIMEDOUT) {
        throw new ProviderUnavailableException("Ceph cluster '" + name + "' is unreachable: no monitor of "
            + cluster.conf() + " answered within " + seconds + " s; check 'mon host' there and that the monitors"
            + " are up, then retry", e);
      }
      if (errno == CephErrors.EPERM || errno == CephErrors.EACCES || errno == CephErrors.ENOENT
          || errno == CephErrors.EINVAL) {
        throw new ConfigurationException("Ceph cluster '" + name + "' refused client." + cluster.clientId()
            + " (errno " + errno + "): check uncloud.ceph.client-id and that the keyring holds its key", e);
      }
      throw new ProviderUnavailableException("cannot connect to Ceph cluster '" + name + "' (errno " + errno + ": "
          + e.getMessage() + "); retry, and check the cluster's health if it persists", e);
    }
    LOG.info("connected to Ceph cluster '{}' as client.{}", name, cluster.clientId());
    return new ClusterConnection(cluster, rados);
  }

  /** @return the cluster's name */
  String name() {
    return cluster.name();
  }

  /**
   * Runs an operation on an image.
   *
   * @return the result, or empty if the image does not exist
   * @throws ConfigurationException ({@code storage_missing}) if the pool does not exist
   * @throws RbdException if opening the image (other than "not found") or the operation fails
   */
  <T> Optional<T> withImage(String pool, String image, ImageOperation<T> operation) throws RbdException {
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("the RBD snapshot backend is closed");
      }
      Rbd rbd = new Rbd(ioContext(pool));
      RbdImage opened;
      try {
        opened = rbd.open(image);
      } catch (RbdException e) {
        if (CephErrors.errno(e) == CephErrors.ENOENT) {
          return Optional.empty();
        }
        throw e;
      }
      try {
        return Optional.of(operation.apply(opened));
      } finally {
        try {
          rbd.close(opened);
        } catch (RbdException e) {
          LOG.warn("closing RBD image {}/{} on cluster '{}' failed: {}", pool, image, name(), e.getMessage());
        }
      }
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /**
   * Creates an image of the given size unless one of that name exists (its size is then left alone).
   *
   * @return whether it was created
   * @throws ConfigurationException ({@code storage_missing}) if the pool does not exist
   * @throws RbdException if creating it fails
   */
  boolean createImage(String pool, String image, long bytes) throws RbdException {
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("the RBD snapshot backend is closed");
      }
      try {
        new Rbd(ioContext(pool)).create(image, bytes);
        return true;
      } catch (RbdException e) {
        if (CephErrors.errno(e) == CephErrors.EEXIST) {
          return false;
        }
        throw e;
      }
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  private IoCTX ioContext(String pool) {
    IoCTX existing = pools.get(pool);
    if (existing != null) {
      return existing;
    }
    synchronized (pools) {
      existing = pools.get(pool);
      if (existing != null) {
        return existing;
      }
      try {
        IoCTX created = rados.ioCtxCreate(pool);
        pools.put(pool, created);
        return created;
      } catch (RadosException e) {
        if (CephErrors.errno(e) == CephErrors.ENOENT) {
          throw new ConfigurationException(ErrorCodes.STORAGE_MISSING, "pool '" + pool + "' does not exist on Ceph cluster '" + name()
              + "'; create it (ceph osd pool create " + pool + " && rbd pool init " + pool
              + ") or fix the VM inventory", e);
        }
        throw CephErrors.failed(name(), "open pool '" + pool + "'", e);
      }
    }
  }

  /** Destroys the I/O contexts and shuts the connection down, after running operations. Idempotent. */
  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      pools.values().forEach(rados::ioCtxDestroy);
      pools.clear();
      rados.shutDown();
      LOG.info("disconnected from Ceph cluster '{}'", name());
    } finally {
      lifecycle.writeLock().unlock();
    }
  }
}
