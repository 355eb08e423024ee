package ch.uncloud.ceph;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.snapshots.VirtualMachine;
import ch.uncloud.api.snapshots.VmDisk;
import ch.uncloud.spi.VmInventory;
import ch.uncloud.spi.VmProvisioning;
import com.ceph.rbd.RbdException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * VMs provisioned on Ceph RBD as a hosting system provisions them: the OS disk of a VM order is the
 * image {@code vm-UUID-os} of the ordered size in one pool of the backend's default cluster, created
 * if it is missing (an existing image is kept, so provisioning is idempotent), and the VM is
 * registered in this object's inventory. The inventory is held in memory: wire the core's
 * {@code provisionMissingVms()} at start to register the VMs of the stored orders again. Retiring a
 * VM removes it from the inventory and keeps its image (removing data is the operator's decision).
 *
 * <p>What {@code uncloud serve --demo --ceph-conf FILE} runs. Wire it as both the core's VM
 * provisioning and its VM inventory:
 *
 * <pre>{@code
 * RbdSnapshotBackend backend = RbdSnapshotBackend.builder().cluster(CephCluster.of(conf)).build();
 * RbdVmProvisioning vms = RbdVmProvisioning.on(backend, "rbd");
 * UncloudCore.builder()...snapshotBackend(backend).vmInventory(vms).vmProvisioning(vms).build();
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class RbdVmProvisioning implements VmProvisioning, VmInventory {
  private static final Logger LOG = LoggerFactory.getLogger(RbdVmProvisioning.class);

  private final RbdSnapshotBackend backend;
  private final String pool;
  private final Map<UUID, VirtualMachine> vms = new ConcurrentHashMap<>();

  private RbdVmProvisioning(RbdSnapshotBackend backend, String pool) {
    this.backend = Objects.requireNonNull(backend, "backend");
    this.pool = Objects.requireNonNull(pool, "pool");
  }

  /**
   * @param backend the backend whose default cluster holds the images (it owns the connection)
   * @param pool the pool the images are created in, e.g. {@code rbd}
   * @return provisioning on that pool, with an empty inventory
   */
  public static RbdVmProvisioning on(RbdSnapshotBackend backend, String pool) {
    return new RbdVmProvisioning(backend, pool);
  }

  /**
   * Creates the VM's OS disk image unless it exists, and registers the VM.
   *
   * @throws ConfigurationException ({@code storage_missing}) if the pool does not exist
   * @throws ProviderUnavailableException if the cluster fails to create the image
   */
  @Override
  public VirtualMachine provision(Request request) {
    VmDisk disk = new VmDisk(CephCluster.DEFAULT_NAME, pool, "vm-" + request.vmId() + "-os");
    try {
      if (backend.connection(disk.cluster()).createImage(pool, disk.image(), request.osDiskBytes())) {
        LOG.info("created RBD image {} ({} bytes) for VM {} of {}", disk.imageSpec(), request.osDiskBytes(),
            request.vmId(), request.owner());
      }
    } catch (RbdException e) {
      throw CephErrors.failed(disk.cluster(), "create image " + disk.imageSpec(), e);
    }
    VirtualMachine vm = new VirtualMachine(request.vmId(), request.owner(), List.of(disk));
    vms.put(vm.id(), vm);
    return vm;
  }

  /** Removes the VM from the inventory; its image stays on the cluster. */
  @Override
  public void retire(UUID vmId) {
    if (vms.remove(vmId) != null) {
      LOG.info("retired VM {}; its RBD image stays in pool {}", vmId, pool);
    }
  }

  @Override
  public Optional<VirtualMachine> find(UUID vmId) {
    return Optional.ofNullable(vms.get(vmId));
  }

  @Override
  public List<VirtualMachine> all() {
    return List.copyOf(vms.values());
  }

  @Override
  public String toString() {
    return "RbdVmProvisioning[pool " + pool + ", " + vms.size() + " VM(s)]";
  }
}
