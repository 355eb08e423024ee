package ch.uncloud.ceph;

import ch.uncloud.api.Username;
import ch.uncloud.spi.SnapshotStore;
import ch.uncloud.testkit.SnapshotStoreContract;
import com.ceph.rbd.RbdException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The RBD snapshot store passes the snapshot store contract against a real one-node Ceph cluster. */
@ExtendWith(MicroCephExtension.class)
class RbdSnapshotStoreContractTest extends SnapshotStoreContract {
  private MicroCeph ceph;

  @BeforeEach
  void cluster(MicroCeph ceph) {
    this.ceph = ceph;
  }

  @Override
  protected Fixture newFixture(StoreOptions options) {
    InMemoryVmInventory inventory = new InMemoryVmInventory();
    RbdSnapshotStore store = RbdSnapshotStore.builder().cluster(ceph.cluster()).inventory(inventory)
        .clock(options.clock()).billing(options.billing()).maxSnapshotsPerVm(options.maxSnapshotsPerVm())
        .rotate(options.rotate()).build();
    return new RbdFixture(ceph, store, inventory, () -> { });
  }

  /** VM disks are fresh RBD images; faults and clones are real cluster operations. */
  static final class RbdFixture implements Fixture {
    private final MicroCeph ceph;
    private final RbdSnapshotStore store;
    private final InMemoryVmInventory inventory;
    private final Runnable alsoClose;
    private final List<String> images = new ArrayList<>();
    private final List<String> clones = new ArrayList<>();

    RbdFixture(MicroCeph ceph, RbdSnapshotStore store, InMemoryVmInventory inventory, Runnable alsoClose) {
      this.ceph = ceph;
      this.store = store;
      this.inventory = inventory;
      this.alsoClose = alsoClose;
    }

    @Override
    public SnapshotStore store() {
      return store;
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

    @Override
    public void close() {
      store.close();
      alsoClose.run();
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
