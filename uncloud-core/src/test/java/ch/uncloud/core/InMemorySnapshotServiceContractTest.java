package ch.uncloud.core;

import ch.uncloud.api.Uncloud;
import ch.uncloud.api.Username;
import ch.uncloud.api.snapshots.SnapshotService;
import ch.uncloud.api.snapshots.SnapshotUsage;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import ch.uncloud.testkit.InMemoryLedger;
import ch.uncloud.testkit.InMemorySnapshotBackend;
import ch.uncloud.testkit.InMemorySnapshotBooks;
import ch.uncloud.testkit.SnapshotServiceContract;
import java.util.List;
import java.util.UUID;

/** The core's snapshot service over the testkit's in-memory backend passes the snapshot service contract. */
class InMemorySnapshotServiceContractTest extends SnapshotServiceContract {

  @Override
  protected Fixture newFixture(ServiceOptions options) {
    InMemorySnapshotBackend backend = InMemorySnapshotBackend.create();
    InMemorySnapshotBooks books = InMemorySnapshotBooks.create();
    Uncloud uncloud = UncloudCore.builder().ledger(InMemoryLedger.create()).directory(InMemoryAccountDirectory.create())
        .snapshotBackend(backend).snapshotBooks(books).clock(options.clock())
        .maxSnapshotsPerVm(options.maxSnapshotsPerVm()).rotateSnapshots(options.rotate()).build();
    return new Fixture() {
      @Override
      public SnapshotService service() {
        return uncloud.snapshots();
      }

      @Override
      public UUID registerVm(Username owner, long... diskSizes) {
        UUID vm = UUID.randomUUID();
        backend.registerVm(owner, vm, diskSizes);
        return vm;
      }

      @Override
      public List<SnapshotUsage> billed() {
        return books.usages();
      }

      @Override
      public List<String> snapshotsOnDisk(UUID vmId, int disk) {
        return backend.snapshotsOnDisk(vmId, disk);
      }

      @Override
      public void breakDisk(UUID vmId, int disk) {
        backend.failSnapshotsOnDisk(vmId, disk);
      }

      @Override
      public void repairDisk(UUID vmId, int disk) {
        backend.repairDisk(vmId, disk);
      }

      @Override
      public String cloneSnapshot(UUID vmId, int disk, String snapshotName) {
        return backend.cloneSnapshot(vmId, disk, snapshotName);
      }

      @Override
      public void removeClone(String clone) {
        backend.removeClone(clone);
      }

      @Override
      public void createOnDisk(UUID vmId, int disk, String snapshotName) {
        backend.createOnDisk(vmId, disk, snapshotName);
      }

      @Override
      public void removeFromDisk(UUID vmId, int disk, String snapshotName) {
        backend.removeFromDisk(vmId, disk, snapshotName);
      }

      @Override
      public void close() {
        uncloud.close();
      }
    };
  }
}
