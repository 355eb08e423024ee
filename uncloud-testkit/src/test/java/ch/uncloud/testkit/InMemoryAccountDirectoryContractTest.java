package ch.uncloud.testkit;

import ch.uncloud.spi.AccountDirectory;

class InMemoryAccountDirectoryContractTest extends AccountDirectoryContract {
  private InMemoryAccountDirectory directory;

  @Override
  protected AccountDirectory newDirectory() {
    directory = InMemoryAccountDirectory.withContractFixture();
    return directory;
  }

  @Override
  protected DirectoryProbe probe() {
    return directory.probe();
  }
}
