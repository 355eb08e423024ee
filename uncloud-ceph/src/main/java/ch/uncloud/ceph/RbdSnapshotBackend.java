package ch.uncloud.ceph;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.ConflictException;
import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.UncloudException;
import ch.uncloud.api.snapshots.SnapshotDisk;
import ch.uncloud.api.snapshots.SnapshotHasClonesException;
import ch.uncloud.api.snapshots.VirtualMachine;
import ch.uncloud.api.snapshots.VmDisk;
import ch.uncloud.spi.SnapshotBackend;
import ch.uncloud.spi.VmInventory;
import com.ceph.rbd.RbdException;
import com.ceph.rbd.jna.RbdSnapInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * VM snapshots as Ceph RBD snapshots, through rados-java: a snapshot of a VM is one RBD snapshot of
 * the same name on each of its disks (images named by a {@link VmInventory}, possibly in different
 * pools and clusters). A thin {@link SnapshotBackend}: ownership, names, limits, rotation, records
 * and billing are the core's snapshot service's; wire it with
 * {@code UncloudCore.builder().snapshotBackend(backend)}, or let provider {@code ceph} build it.
 *
 * <p>One librados connection per configured cluster, opened by {@link Builder#build()}, shared by
 * all threads and closed by {@link #close()}. An optional {@link GuestFreezeHook} runs around every
 * snapshot. Thread-safe.
 */
public final class RbdSnapshotBackend implements SnapshotBackend {
  private static final Logger LOG = LoggerFactory.getLogger(RbdSnapshotBackend.class);

  private final Map<String, ClusterConnection> clusters;
  private final VmInventory inventory;
  private final GuestFreezeHook freezeHook;
  private volatile boolean closed;

  private RbdSnapshotBackend(Builder b, Map<String, ClusterConnection> clusters) {
    this.clusters = clusters;
    this.inventory = b.inventory;
    this.freezeHook = b.freezeHook;
  }

  /** @return a builder; at least one cluster must be given */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@inheritDoc}
   *
   * @return the inventory given to {@link Builder#inventory}, if any
   */
  @Override
  public Optional<VmInventory> inventory() {
    return Optional.ofNullable(inventory);
  }

  /**
   * {@inheritDoc} Every disk's cluster must be configured (checked before the guest is frozen);
   * the freeze hook runs before the first disk and the thaw after the last, also when a disk fails.
   * A failing thaw undoes the snapshot.
   *
   * @throws ConfigurationException if a disk names a cluster that is not configured
   * @throws ProviderUnavailableException if freezing or thawing the guest fails
   */
  @Override
  public List<SnapshotDisk> take(VirtualMachine vm, String name) {
    ensureOpen();
    vm.disks().forEach(d -> connection(d.cluster()));
    try {
      freezeHook.freeze(vm);
    } catch (UncloudException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ProviderUnavailableException("freezing the file systems of VM " + vm.id() + " failed ("
          + e.getMessage() + "); no snapshot was taken, retry later", e);
    }
    List<SnapshotDisk> taken = new ArrayList<>();
    RuntimeException failure = null;
    try {
      for (VmDisk disk : vm.disks()) {
        taken.add(snapshotDisk(vm, disk, name));
      }
    } catch (RuntimeException e) {
      failure = e;
    }
    try {
      freezeHook.thaw(vm);
    } catch (RuntimeException e) {
      LOG.error("thawing the file systems of VM {} failed; the guest may still be frozen", vm.id(), e);
      RuntimeException thawFailure = new ProviderUnavailableException("thawing the file systems of VM " + vm.id()
          + " failed (" + e.getMessage() + "); the snapshot was undone, check the guest agent", e);
      if (failure == null) {
        failure = thawFailure;
      } else {
        failure.addSuppressed(thawFailure);
      }
    }
    if (failure != null) {
      removeEach(taken, name, failure);
      throw failure;
    }
    return taken;
  }

  /**
   * {@inheritDoc} Every disk is tried even if one fails; the first failure is thrown with the others
   * suppressed.
   */
  @Override
  public void remove(List<SnapshotDisk> disks, String name) {
    ensureOpen();
    List<String> clones = clones(disks, name);
    if (!clones.isEmpty()) {
      throw new SnapshotHasClonesException("snapshot '" + name + "' has " + clones.size()
          + " clone(s) depending on it: " + String.join(", ", clones) + "; flatten (rbd flatten) or remove them first",
          clones);
    }
    RuntimeException failure = null;
    for (SnapshotDisk disk : disks) {
      try {
        removeDiskSnapshot(disk, name);
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void protect(List<SnapshotDisk> disks, String name, boolean protect) {
    ensureOpen();
    List<SnapshotDisk> changed = new ArrayList<>();
    try {
      for (SnapshotDisk disk : disks) {
        if (protectDisk(disk, name, protect)) {
          changed.add(disk);
        }
      }
    } catch (RuntimeException e) {
      for (SnapshotDisk disk : changed) {
        try {
          protectDisk(disk, name, !protect);
        } catch (RuntimeException undo) {
          e.addSuppressed(undo);
        }
      }
      throw e;
    }
  }

  @Override
  public List<String> clones(List<SnapshotDisk> disks, String name) {
    ensureOpen();
    TreeSet<String> clones = new TreeSet<>();
    for (SnapshotDisk disk : disks) {
      clones.addAll(childrenOf(disk, name));
    }
    return List.copyOf(clones);
  }

  @Override
  public Map<String, Long> snapshotsOn(VmDisk disk) {
    ensureOpen();
    try {
      return connection(disk.cluster()).withImage(disk.pool(), disk.image(), opened -> {
        Map<String, Long> names = new LinkedHashMap<>();
        for (RbdSnapInfo info : opened.snapList()) {
          names.put(info.name, info.size);
        }
        return names;
      }).orElse(Map.of());
    } catch (ConfigurationException e) {
      if (!ErrorCodes.STORAGE_MISSING.equals(e.errorCode())) {
        throw e;
      }
      return Map.of();
    } catch (RbdException e) {
      throw CephErrors.failed(disk.cluster(), "list snapshots of " + disk.imageSpec(), e);
    }
  }

  /** Closes every cluster connection, after running operations finish. Idempotent. */
  @Override
  public void close() {
    closed = true;
    for (ClusterConnection c : clusters.values()) {
      c.close();
    }
  }

  // ---------------------------------------------------------------- one disk

  private SnapshotDisk snapshotDisk(VirtualMachine vm, VmDisk disk, String name) {
    ClusterConnection c = connection(disk.cluster());
    try {
      long size = c.withImage(disk.pool(), disk.image(), image -> {
        long bytes = image.stat().size;
        image.snapCreate(name);
        return bytes;
      }).orElseThrow(() -> new ConfigurationException(ErrorCodes.STORAGE_MISSING, "image " + disk.imageSpec()
          + " (a disk of VM " + vm.id() + ") does not exist on Ceph cluster '" + disk.cluster()
          + "'; fix the VM inventory"));
      return new SnapshotDisk(disk.cluster(), disk.pool(), disk.image(), size);
    } catch (RbdException e) {
      if (CephErrors.errno(e) == CephErrors.EEXIST) {
        throw new ConflictException(ErrorCodes.SNAPSHOT_NAME_TAKEN, "disk " + disk + " already has a snapshot named '"
            + name + "' that no record knows; choose another name, or run reconcile and remove it", e);
      }
      throw CephErrors.failed(disk.cluster(), "snapshot " + disk.imageSpec() + "@" + name, e);
    }
  }

  private void removeEach(List<SnapshotDisk> taken, String name, RuntimeException failure) {
    for (SnapshotDisk disk : taken) {
      try {
        removeDiskSnapshot(disk, name);
      } catch (RuntimeException e) {
        LOG.error("could not undo snapshot {}@{} on cluster '{}' after a failed snapshot; run reconcile",
            disk.imageSpec(), name, disk.cluster(), e);
        failure.addSuppressed(e);
      }
    }
  }

  /** @return whether a snapshot was removed (false if the image or the snapshot is already gone) */
  private boolean removeDiskSnapshot(SnapshotDisk disk, String name) {
    try {
      return connection(disk.cluster()).withImage(disk.pool(), disk.image(), image -> {
        try {
          if (image.snapIsProtected(name)) {
            image.snapUnprotect(name);
          }
        } catch (RbdException e) {
          if (CephErrors.errno(e) == CephErrors.ENOENT) {
            return false;
          }
          if (CephErrors.errno(e) == CephErrors.EBUSY) {
            throw hasClones(disk, name, image.listChildren(name), e);
          }
          throw e;
        }
        image.snapRemove(name);
        return true;
      }).orElse(false);
    } catch (ConfigurationException e) {
      if (!ErrorCodes.STORAGE_MISSING.equals(e.errorCode())) {
        throw e;
      }
      return false; // the pool is gone, and with it the snapshot
    } catch (RbdException e) {
      if (CephErrors.errno(e) == CephErrors.ENOENT) {
        return false;
      }
      throw CephErrors.failed(disk.cluster(), "remove snapshot " + disk.imageSpec() + "@" + name, e);
    }
  }

  private List<String> childrenOf(SnapshotDisk disk, String name) {
    try {
      return connection(disk.cluster()).withImage(disk.pool(), disk.image(), image -> {
        try {
          return image.listChildren(name);
        } catch (RbdException e) {
          if (CephErrors.errno(e) == CephErrors.ENOENT) {
            return List.<String>of();
          }
          throw e;
        }
      }).orElse(List.of());
    } catch (ConfigurationException e) {
      if (!ErrorCodes.STORAGE_MISSING.equals(e.errorCode())) {
        throw e;
      }
      return List.of();
    } catch (RbdException e) {
      throw CephErrors.failed(disk.cluster(), "list clones of " + disk.imageSpec() + "@" + name, e);
    }
  }

  /** @return whether the flag changed */
  private boolean protectDisk(SnapshotDisk disk, String name, boolean protect) {
    try {
      return connection(disk.cluster()).withImage(disk.pool(), disk.image(), image -> {
        if (image.snapIsProtected(name) == protect) {
          return false;
        }
        if (protect) {
          image.snapProtect(name);
        } else {
          try {
            image.snapUnprotect(name);
          } catch (RbdException e) {
            if (CephErrors.errno(e) == CephErrors.EBUSY) {
              throw hasClones(disk, name, image.listChildren(name), e);
            }
            throw e;
          }
        }
        return true;
      }).orElseThrow(() -> missingOnDisk(disk, name));
    } catch (RbdException e) {
      if (CephErrors.errno(e) == CephErrors.ENOENT) {
        throw missingOnDisk(disk, name);
      }
      throw CephErrors.failed(disk.cluster(), (protect ? "protect " : "unprotect ") + disk.imageSpec() + "@" + name, e);
    }
  }

  private static SnapshotHasClonesException hasClones(SnapshotDisk disk, String name, List<String> clones,
      RbdException cause) {
    return new SnapshotHasClonesException("snapshot " + disk.imageSpec() + "@" + name + " has clone(s) " + clones
        + "; flatten or remove them first", clones, cause);
  }

  private static ConfigurationException missingOnDisk(SnapshotDisk disk, String name) {
    return new ConfigurationException(ErrorCodes.STORAGE_MISSING, "snapshot " + disk.imageSpec() + "@" + name
        + " is missing on Ceph cluster '" + disk.cluster() + "' although it is recorded; run reconcile");
  }

  // ---------------------------------------------------------------- helpers

  ClusterConnection connection(String cluster) {
    ClusterConnection c = clusters.get(cluster);
    if (c == null) {
      throw new ConfigurationException("a VM disk names Ceph cluster '" + cluster + "', which is not configured;"
          + " configured: " + clusters.keySet() + " (add uncloud.ceph.cluster." + cluster + ".conf or fix the inventory)");
    }
    return c;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the RBD snapshot backend is closed");
    }
  }

  /** Builds an {@link RbdSnapshotBackend}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, CephCluster> clusters = new LinkedHashMap<>();
    private VmInventory inventory;
    private GuestFreezeHook freezeHook = GuestFreezeHook.NONE;

    private Builder() {}

    /**
     * @param cluster a cluster disks may live on (its name must be unique)
     * @return this builder
     * @throws InvalidRequestException ({@code invalid_argument}) if a cluster of that name was given before
     */
    public Builder cluster(CephCluster cluster) {
      if (clusters.putIfAbsent(cluster.name(), cluster) != null) {
        throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "Ceph cluster '" + cluster.name()
            + "' is configured twice; give each cluster once");
      }
      return this;
    }

    /**
     * @param inventory which VMs exist and which images are their disks, offered to the core as the
     *     backend's own inventory (default: none, so one must be wired into the core)
     * @return this builder
     */
    public Builder inventory(VmInventory inventory) {
      this.inventory = Objects.requireNonNull(inventory, "inventory");
      return this;
    }

    /**
     * @param hook runs around every snapshot (default: none)
     * @return this builder
     */
    public Builder freezeHook(GuestFreezeHook hook) {
      this.freezeHook = Objects.requireNonNull(hook, "hook");
      return this;
    }

    /**
     * Connects to every cluster.
     *
     * @return the backend, owning the connections
     * @throws ConfigurationException if no cluster was given, or a cluster is misconfigured
     * @throws ProviderUnavailableException if a cluster does not answer in time
     */
    public RbdSnapshotBackend build() {
      if (clusters.isEmpty()) {
        throw new ConfigurationException("no Ceph cluster configured for the snapshot backend; set uncloud.ceph.conf");
      }
      Map<String, ClusterConnection> connected = new LinkedHashMap<>();
      try {
        for (CephCluster c : clusters.values()) {
          connected.put(c.name(), ClusterConnection.connect(c));
        }
      } catch (RuntimeException e) {
        connected.values().forEach(ClusterConnection::close);
        throw e;
      }
      return new RbdSnapshotBackend(this, Map.copyOf(connected));
    }
  }
}
