package ch.uncloud.testkit;

import ch.uncloud.spi.SnapshotRecords;

/** The records of the testkit's in-memory snapshot books pass the records contract. */
class InMemorySnapshotRecordsContractTest extends SnapshotRecordsContract {
  @Override
  protected SnapshotRecords newRecords() {
    return InMemorySnapshotBooks.create().records();
  }
}
