package ch.uncloud.testkit;

import ch.uncloud.spi.AccountDirectory;

class InMemoryAccountDirectoryContractTest extends AccountDirectoryContract {
  @Override
  protected AccountDirectory newDirectory() {
    return InMemoryAccountDirectory.withContractFixture();
  }
}
