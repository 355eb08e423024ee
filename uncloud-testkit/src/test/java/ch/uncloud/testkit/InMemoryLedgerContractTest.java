package ch.uncloud.testkit;

import ch.uncloud.spi.Ledger;

class InMemoryLedgerContractTest extends LedgerContract {
  @Override
  protected Ledger newLedger() {
    return InMemoryLedger.create();
  }
}
