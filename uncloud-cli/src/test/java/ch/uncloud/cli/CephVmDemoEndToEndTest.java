package ch.uncloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.ceph.MicroCeph;
import ch.uncloud.ceph.MicroCephExtension;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole shop flow ({@link DemoShopFlow}) on a real one-node Ceph cluster ({@code serve --demo --ceph-conf FILE}): ordering the VM
 * creates its RBD image, as production provisioning would, and the snapshots are RBD snapshots of it.
 * Fails under {@code CI=true} when the cluster cannot start, and is skipped with instructions otherwise.
 */
@ExtendWith(MicroCephExtension.class)
@org.junit.jupiter.api.DisplayName("Over HTTP against the demo, VMs on a real one-node Ceph cluster")
class CephVmDemoEndToEndTest extends DemoShopFlow {
  private MicroCeph ceph;

  @BeforeEach
  void cluster(MicroCeph cluster) {
    this.ceph = cluster;
  }

  @Override
  Backend startDemo(Path dataDir, Clock clock) {
    return Demo.start(dataDir, clock, ceph.conf());
  }

  @Override
  void checkDisks(JsonObject vm, String kept) throws Exception {
    JsonObject disk = vm.getJsonArray("disks").getJsonObject(0);
    assertThat(disk.getString("cluster")).isEqualTo("ceph");
    assertThat(disk.getString("pool")).isEqualTo(MicroCeph.POOL);
    assertThat(disk.getString("image")).isEqualTo("vm-" + vm.getString("vm_id") + "-os");
    assertThat(ceph.snapshots(disk.getString("image"))).containsExactly(kept);
  }
}
