package ch.uncloud.ceph;

import ch.uncloud.jdbc.JdbcSnapshotBooks;
import ch.uncloud.testkit.SnapshotStoreContract;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RBD snapshot store passes the snapshot store contract with its records in an SQLite file
 * ({@link JdbcSnapshotBooks}), against a real one-node Ceph cluster.
 */
@ExtendWith(MicroCephExtension.class)
class RbdSnapshotStoreJdbcRecordsContractTest extends SnapshotStoreContract {
  @TempDir
  Path dir;
  private MicroCeph ceph;

  @BeforeEach
  void cluster(MicroCeph ceph) {
    this.ceph = ceph;
  }

  @Override
  protected Fixture newFixture(StoreOptions options) {
    InMemoryVmInventory inventory = new InMemoryVmInventory();
    JdbcSnapshotBooks books = JdbcSnapshotBooks.sqlite(dir.resolve(UUID.randomUUID() + ".db"));
    RbdSnapshotStore store = RbdSnapshotStore.builder().cluster(ceph.cluster()).inventory(inventory)
        .clock(options.clock()).records(books.records()).billing(options.billing())
        .maxSnapshotsPerVm(options.maxSnapshotsPerVm()).rotate(options.rotate()).build();
    return new RbdSnapshotStoreContractTest.RbdFixture(ceph, store, inventory, books::close);
  }
}
