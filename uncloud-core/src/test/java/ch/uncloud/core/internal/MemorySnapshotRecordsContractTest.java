package ch.uncloud.core.internal;

import ch.uncloud.spi.SnapshotRecords;
import ch.uncloud.testkit.SnapshotRecordsContract;

/** The records of {@code uncloud.snapshot-records=memory} pass the records contract. */
class MemorySnapshotRecordsContractTest extends SnapshotRecordsContract {
  @Override
  protected SnapshotRecords newRecords() {
    return new MemorySnapshotRecords();
  }
}
