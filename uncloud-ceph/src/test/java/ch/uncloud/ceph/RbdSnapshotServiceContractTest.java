package ch.uncloud.ceph;

import ch.uncloud.api.Uncloud;
import ch.uncloud.api.Username;
import ch.uncloud.api.snapshots.SnapshotService;
import ch.uncloud.api.snapshots.SnapshotUsage;
import ch.uncloud.api.snapshots.VirtualMachine;
import ch.uncloud.api.snapshots.VmDisk;
import ch.uncloud.spi.SnapshotBooks;
import ch.uncloud.testkit.InMemorySnapshotBooks;
import ch.uncloud.testkit.InMemoryVmInventory;
import ch.uncloud.testkit.SnapshotServiceContract;
import com.ceph.rbd.RbdException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The core's snapshot service over the RBD backend passes the snapshot service contract against a
 * real one-node Ceph cluster (books in memory).
 */
@ExtendWith(MicroCephExtension.class)
class RbdSnapshotServiceContractTest extends SnapshotServiceContract {
  private MicroCeph ceph;

  @BeforeEach
  void cluster(MicroCeph ceph) {
    this.ceph = ceph;
  }

  @Override
  protected Fixture newFixture(ServiceOptions options) {
    InMemorySnapshotBooks books = InMemorySnapshotBooks.create();
    return new RbdFixture(ceph, options, books, books::usages);
  }

  /**
   * The core's service over a new RBD backend; VM disks are fresh RBD images; faults and clones are
   * real cluster operations.
   */
  static final class RbdFixture implements Fixture {
    private final MicroCeph ceph;
    private final Uncloud uncloud;
    private final InMemoryVmInventory inventory = new InMemoryVmInventory();
    private final Supplier<List<SnapshotUsage>> billed;
    private final List<String> images = new ArrayList<>();
    private final List<String> clones = new ArrayList<>();
    private boolean closed;

    RbdFixture(MicroCeph ceph, ServiceOptions options, SnapshotBooks books, Supplier<List<SnapshotUsage>> billed) {
      this.ceph = ceph;
      this.billed = billed;
      RbdSnapshotBackend backend = RbdSnapshotBackend.builder().cluster(ceph.cluster()).inventory(inventory).build();
      this.uncloud = CoreWiring.core().snapshotBackend(backend).snapshotBooks(books).clock(options.clock())
          .maxSnapshotsPerVm(options.maxSnapshotsPerVm()).rotateSnapshots(options.rotate()).build();
    }

    @Override
    public SnapshotService service() {
      return uncloud.snapshots();
    }

    @Override
    public UUID registerVm(Username owner, long... diskSizes) {
      UUID vm = UUID.randomUUID();
      List<VmDisk> disks = new ArrayList<>();
      for (int i = 0; i < diskSizes.length; i++) {
        String image = image(vm, i);
        try {
          ceph.createImage(image, diskSizes[i]);
        } catch (RbdException e) {
          throw new IllegalStateException("cannot create image " + image, e);
        }
        images.add(image);
        disks.add(VmDisk.of(MicroCeph.POOL, image));
      }
      inventory.put(new VirtualMachine(vm, owner, disks));
      return vm;
    }

    static String image(UUID vm, int disk) {
      return "vm-" + vm + "-disk-" + disk;
    }

    @Override
    public List<SnapshotUsage> billed() {
      return billed.get();
    }

    @Override
    public List<String> snapshotsOnDisk(UUID vmId, int disk) {
      return call(() -> ceph.snapshots(image(vmId, disk)));
    }

    /** The disk's image is renamed away, so opening it fails with ENOENT, as for a wrong inventory. */
    @Override
    public void breakDisk(UUID vmId, int disk) {
      call(() -> {
        ceph.renameImage(image(vmId, disk), image(vmId, disk) + "-away");
        return null;
      });
    }

    @Override
    public void repairDisk(UUID vmId, int disk) {
      call(() -> {
        ceph.renameImage(image(vmId, disk) + "-away", image(vmId, disk));
        return null;
      });
    }

    @Override
    public String cloneSnapshot(UUID vmId, int disk, String snapshotName) {
      String name = "clone-" + UUID.randomUUID();
      String clone = call(() -> ceph.cloneSnapshot(image(vmId, disk), snapshotName, name));
      clones.add(name);
      return clone;
    }

    @Override
    public void removeClone(String clone) {
      String name = clone.substring(clone.indexOf('/') + 1);
      call(() -> {
        ceph.removeImage(name);
        return null;
      });
      clones.remove(name);
    }

    @Override
    public void createOnDisk(UUID vmId, int disk, String snapshotName) {
      call(() -> {
        ceph.createSnapshot(image(vmId, disk), snapshotName);
        return null;
      });
    }

    @Override
    public void removeFromDisk(UUID vmId, int disk, String snapshotName) {
      call(() -> {
        ceph.removeSnapshot(image(vmId, disk), snapshotName);
        return null;
      });
    }

    /** Closes the Uncloud (backend and books with it), then removes the images and clones. Idempotent. */
    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      uncloud.close();
      clones.forEach(ceph::removeImageDeep);
      images.forEach(ceph::removeImageDeep);
    }

    private interface RbdCall<T> {
      T run() throws RbdException;
    }

    private static <T> T call(RbdCall<T> call) {
      try {
        return call.run();
      } catch (RbdException e) {
        throw new IllegalStateException("fixture operation on the test cluster failed (errno "
            + e.getReturnValue() + ")", e);
      }
    }
  }
}
