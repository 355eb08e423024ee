package ch.uncloud.ceph;

import ch.uncloud.spi.SnapshotRecords;
import ch.uncloud.testkit.SnapshotRecordsContract;

/** The default in-memory snapshot records pass the records contract. */
class InMemorySnapshotRecordsContractTest extends SnapshotRecordsContract {
  @Override
  protected SnapshotRecords newRecords() {
    return new InMemorySnapshotRecords();
  }
}
