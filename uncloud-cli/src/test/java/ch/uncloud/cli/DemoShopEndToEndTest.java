package ch.uncloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.DisplayName;

/** The whole flow on the demo's simulated VMs (their disks in memory), as {@code serve --demo} runs them. */
@DisplayName("Over HTTP against the demo, simulated VMs")
class DemoShopEndToEndTest extends DemoShopFlow {
  @Override
  Backend startDemo(Path dataDir, Clock clock) {
    return Demo.start(dataDir, clock);
  }

  @Override
  void checkDisks(JsonObject vm, String kept) {
    assertThat(vm.getJsonArray("disks")).hasSize(1);
  }
}
