package ch.uncloud.ovh;

import ch.uncloud.spi.ServerOrdering;
import ch.uncloud.testkit.ServerOrderingContract;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("OvhServerOrdering against FakeOvhServer")
class OvhServerOrderingContractTest extends ServerOrderingContract {
  @TempDir
  Path journalDir;
  private FakeOvh fake;

  @Override
  protected ServerOrdering newOrdering() {
    fake = new FakeOvh();
    return OvhServerOrdering.builder(fake.client().build(), journal()).ownsClient(true).build();
  }

  /** @return the journal the ordering under test keeps its orders in */
  OvhOrderJournal journal() {
    return FileOvhOrderJournal.open(journalDir);
  }

  @Override
  protected long checkoutsReceived() {
    return fake.server.checkoutsReceived();
  }

  @Override
  protected void loseNextCheckoutAnswer() {
    fake.server.delayNext("POST", "/checkout", Duration.ofMillis(3500));
  }

  @AfterEach
  void stopFake() {
    fake.close();
  }
}
