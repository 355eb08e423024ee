package ch.uncloud.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.servers.ServerQuery;
import ch.uncloud.spi.ServerOrdering;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("InMemoryServerOrdering")
class InMemoryServerOrderingContractTest extends ServerOrderingContract {
  private InMemoryServerOrdering fake;

  @Override
  protected ServerOrdering newOrdering() {
    fake = InMemoryServerOrdering.create();
    return fake;
  }

  @Override
  protected long checkoutsReceived() {
    return fake.checkoutsReceived();
  }

  @Override
  protected void loseNextCheckoutAnswer() {
    fake.loseNextCheckoutAnswer();
  }

  @Test
  @DisplayName("a scripted failure is thrown once, then calls work again")
  void scriptedFailure() {
    fake.failNextCall(new ProviderUnavailableException("scripted"));
    assertThatThrownBy(() -> fake.catalog(ServerQuery.any())).isInstanceOf(ProviderUnavailableException.class);
    assertThat(fake.catalog(ServerQuery.any())).hasSize(5);
  }
}
