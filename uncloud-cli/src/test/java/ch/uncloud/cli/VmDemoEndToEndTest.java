package ch.uncloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;

/** The seed flow on the demo's simulated VMs (disks in memory). */
class VmDemoEndToEndTest extends VmDemoFlow {
  @Override
  Backend startDemo(Path dataDir, Clock clock) {
    return Demo.start(dataDir, clock);
  }

  @Override
  void checkDisks(JsonObject vm, String kept) {
    assertThat(vm.getJsonArray("disks")).hasSize(1);
  }
}
