package ch.uncloud.testkit;

import ch.uncloud.api.Username;
import ch.uncloud.spi.SnapshotStore;
import java.util.List;
import java.util.UUID;

/** The in-memory snapshot store passes the snapshot store contract. */
class InMemorySnapshotStoreContractTest extends SnapshotStoreContract {

  @Override
  protected Fixture newFixture(StoreOptions options) {
    InMemorySnapshotStore store = InMemorySnapshotStore.builder().clock(options.clock()).billing(options.billing())
        .maxSnapshotsPerVm(options.maxSnapshotsPerVm()).rotate(options.rotate()).build();
    return new Fixture() {
      @Override
      public SnapshotStore store() {
        return store;
      }

      @Override
      public UUID registerVm(Username owner, long... diskSizes) {
        UUID vm = UUID.randomUUID();
        store.registerVm(owner, vm, diskSizes);
        return vm;
      }

      @Override
      public List<String> snapshotsOnDisk(UUID vmId, int disk) {
        return store.snapshotsOnDisk(vmId, disk);
      }

      @Override
      public void breakDisk(UUID vmId, int disk) {
        store.failSnapshotsOnDisk(vmId, disk);
      }

      @Override
      public void repairDisk(UUID vmId, int disk) {
        store.repairDisk(vmId, disk);
      }

      @Override
      public String cloneSnapshot(UUID vmId, int disk, String snapshotName) {
        return store.cloneSnapshot(vmId, disk, snapshotName);
      }

      @Override
      public void removeClone(String clone) {
        store.removeClone(clone);
      }

      @Override
      public void createOnDisk(UUID vmId, int disk, String snapshotName) {
        store.createOnDisk(vmId, disk, snapshotName);
      }

      @Override
      public void removeFromDisk(UUID vmId, int disk, String snapshotName) {
        store.removeFromDisk(vmId, disk, snapshotName);
      }

      @Override
      public void close() {
        store.close();
      }
    };
  }
}
