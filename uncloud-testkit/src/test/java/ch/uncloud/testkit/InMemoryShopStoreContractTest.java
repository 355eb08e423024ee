package ch.uncloud.testkit;

import ch.uncloud.spi.ShopStore;

class InMemoryShopStoreContractTest extends ShopStoreContract {
  @Override
  protected ShopStore newStore() {
    return InMemoryShopStore.create();
  }
}
