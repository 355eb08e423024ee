package ch.uncloud.ceph;

import ch.uncloud.core.UncloudBuilder;
import ch.uncloud.core.UncloudCore;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import ch.uncloud.testkit.InMemoryLedger;

/** The core the tests run the RBD backend under: an Uncloud over the testkit's ledger and directory. */
final class CoreWiring {
  private CoreWiring() {}

  /** @return a builder with an in-memory ledger and directory, ready for a snapshot backend */
  static UncloudBuilder core() {
    return UncloudCore.builder().ledger(InMemoryLedger.create()).directory(InMemoryAccountDirectory.create());
  }
}
