package ch.uncloud.ceph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.ConflictException;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.Username;
import ch.uncloud.api.snapshots.Snapshot;
import ch.uncloud.api.snapshots.SnapshotDisk;
import ch.uncloud.api.snapshots.SnapshotService;
import ch.uncloud.api.snapshots.SnapshotUsage;
import ch.uncloud.api.snapshots.VirtualMachine;
import ch.uncloud.api.snapshots.VmDisk;
import ch.uncloud.spi.ProviderConfig;
import ch.uncloud.spi.SnapshotBillingListener;
import ch.uncloud.spi.SnapshotBooks;
import ch.uncloud.spi.SnapshotRecords;
import ch.uncloud.spi.UsageSource;
import ch.uncloud.testkit.InMemorySnapshotBooks;
import ch.uncloud.testkit.InMemoryVmInventory;
import com.ceph.rbd.RbdException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ceph-specific behaviour of the RBD snapshot backend, seen through the core's snapshot service,
 * against a real one-node cluster.
 */
@ExtendWith(MicroCephExtension.class)
class RbdSnapshotBackendTest {
  private static final Username ALICE = Username.of("alice");
  private static final long MB = 1L << 20;

  private MicroCeph ceph;
  private final InMemoryVmInventory inventory = new InMemoryVmInventory();
  private final List<String> images = new ArrayList<>();
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @BeforeEach
  void cluster(MicroCeph ceph) {
    this.ceph = ceph;
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
    images.forEach(ceph::removeImageDeep);
  }

  private SnapshotService service(RbdSnapshotBackend.Builder builder, SnapshotBooks books) {
    Uncloud uncloud = CoreWiring.core().snapshotBackend(builder.inventory(inventory).build()).snapshotBooks(books)
        .build();
    closeables.add(uncloud);
    return uncloud.snapshots();
  }

  private SnapshotService service(RbdSnapshotBackend.Builder builder) {
    return service(builder, InMemorySnapshotBooks.create());
  }

  private SnapshotService service() {
    return service(RbdSnapshotBackend.builder().cluster(ceph.cluster()));
  }

  private String image() throws RbdException {
    String image = "img-" + UUID.randomUUID();
    ceph.createImage(image, 64 * MB);
    images.add(image);
    return image;
  }

  private UUID vm(VmDisk... disks) {
    UUID id = UUID.randomUUID();
    inventory.put(new VirtualMachine(id, ALICE, List.of(disks)));
    return id;
  }

  @Test
  @DisplayName("a disk in a pool that does not exist fails naming the pool, and the disks before it are undone")
  void missingPool() throws Exception {
    String first = image();
    UUID vm = vm(VmDisk.of("rbd", first), VmDisk.of("no-such-pool", "img"));

    assertThatThrownBy(() -> service().create(ALICE, vm, "s1")).isInstanceOf(ConfigurationException.class).hasFieldOrPropertyWithValue("errorCode", "storage_missing")
        .hasMessageContaining("pool 'no-such-pool' does not exist").hasMessageContaining("ceph osd pool create");
    assertThat(ceph.snapshots(first)).isEmpty();
  }

  @Test
  @DisplayName("a disk whose image does not exist fails naming the image and the VM, and nothing is left behind")
  void missingImage() throws Exception {
    String first = image();
    UUID vm = vm(VmDisk.of("rbd", first), VmDisk.of("rbd", "never-created"));
    InMemorySnapshotBooks books = InMemorySnapshotBooks.create();
    SnapshotService store = service(RbdSnapshotBackend.builder().cluster(ceph.cluster()), books);

    assertThatThrownBy(() -> store.create(ALICE, vm, "s1")).isInstanceOf(ConfigurationException.class).hasFieldOrPropertyWithValue("errorCode", "storage_missing")
        .hasMessageContaining("rbd/never-created").hasMessageContaining(vm.toString());
    assertThat(ceph.snapshots(first)).isEmpty();
    assertThat(store.list(ALICE, Optional.empty())).isEmpty();
    assertThat(books.usages()).isEmpty();
  }

  @Test
  @DisplayName("a name that exists on a disk but in no record is refused as taken, pointing at reconcile")
  void nameTakenOnCluster() throws Exception {
    String first = image();
    String second = image();
    ceph.createSnapshot(second, "s1");
    UUID vm = vm(VmDisk.of("rbd", first), VmDisk.of("rbd", second));

    assertThatThrownBy(() -> service().create(ALICE, vm, "s1")).isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("errorCode", "snapshot_name_taken")
        .hasMessageContaining("reconcile");
    assertThat(ceph.snapshots(first)).isEmpty();
    assertThat(ceph.snapshots(second)).containsExactly("s1");
  }

  @Test
  @DisplayName("the freeze hook runs before the first disk is touched and thaw after the last, also when a disk fails")
  void freezeAndThaw() throws Exception {
    String first = image();
    String second = image();
    List<String> events = new CopyOnWriteArrayList<>();
    GuestFreezeHook hook = new GuestFreezeHook() {
      @Override
      public void freeze(VirtualMachine vm) {
        events.add("freeze " + snapshotsOn(first) + snapshotsOn(second));
      }

      @Override
      public void thaw(VirtualMachine vm) {
        events.add("thaw " + snapshotsOn(first) + snapshotsOn(second));
      }
    };
    UUID vm = vm(VmDisk.of("rbd", first), VmDisk.of("rbd", second));
    SnapshotService store = service(RbdSnapshotBackend.builder().cluster(ceph.cluster()).freezeHook(hook));

    store.create(ALICE, vm, "consistent");
    assertThat(events).containsExactly("freeze [][]", "thaw [consistent][consistent]");

    events.clear();
    ceph.renameImage(second, second + "-gone");
    try {
      assertThatThrownBy(() -> store.create(ALICE, vm, "broken")).isInstanceOf(ConfigurationException.class).hasFieldOrPropertyWithValue("errorCode", "storage_missing");
      // the second image is away (ENOENT); thaw comes after the first disk's snapshot, before its undo
      assertThat(events).containsExactly("freeze [consistent][error -2]", "thaw [consistent, broken][error -2]");
      assertThat(ceph.snapshots(first)).containsExactly("consistent");
    } finally {
      ceph.renameImage(second + "-gone", second);
    }
  }

  @Test
  @DisplayName("a failing freeze hook aborts before any disk is snapshotted")
  void failingFreeze() throws Exception {
    String first = image();
    UUID vm = vm(VmDisk.of("rbd", first));
    GuestFreezeHook hook = new GuestFreezeHook() {
      @Override
      public void freeze(VirtualMachine v) {
        throw new IllegalStateException("guest agent not running");
      }

      @Override
      public void thaw(VirtualMachine v) {
        throw new AssertionError("thaw without freeze");
      }
    };
    SnapshotService store = service(RbdSnapshotBackend.builder().cluster(ceph.cluster()).freezeHook(hook));

    assertThatThrownBy(() -> store.create(ALICE, vm, "s1")).isInstanceOf(ProviderUnavailableException.class)
        .hasMessageContaining("guest agent not running");
    assertThat(ceph.snapshots(first)).isEmpty();
  }

  @Test
  @DisplayName("a failing thaw undoes the snapshot and says the guest may still be frozen")
  void failingThaw() throws Exception {
    String first = image();
    UUID vm = vm(VmDisk.of("rbd", first));
    GuestFreezeHook hook = new GuestFreezeHook() {
      @Override
      public void freeze(VirtualMachine v) {
        // frozen
      }

      @Override
      public void thaw(VirtualMachine v) {
        throw new IllegalStateException("guest agent timed out");
      }
    };
    SnapshotService store = service(RbdSnapshotBackend.builder().cluster(ceph.cluster()).freezeHook(hook));

    assertThatThrownBy(() -> store.create(ALICE, vm, "s1")).isInstanceOf(ProviderUnavailableException.class)
        .hasMessageContaining("thawing").hasMessageContaining("guest agent timed out");
    assertThat(ceph.snapshots(first)).isEmpty();
    assertThat(store.list(ALICE, Optional.of(vm))).isEmpty();
  }

  @Test
  @DisplayName("a billing listener that refuses to start billing undoes the snapshot and its record")
  void billingRefused() throws Exception {
    String first = image();
    String second = image();
    UUID vm = vm(VmDisk.of("rbd", first), VmDisk.of("rbd", second));
    SnapshotBillingListener refusing = new SnapshotBillingListener() {
      @Override
      public void started(SnapshotUsage usage) {
        throw new IllegalStateException("billing database down");
      }

      @Override
      public void ended(SnapshotUsage usage) {
        throw new AssertionError("nothing was started");
      }
    };
    SnapshotRecords records = InMemorySnapshotBooks.create().records();
    SnapshotBooks books = new SnapshotBooks() {
      @Override
      public SnapshotRecords records() {
        return records;
      }

      @Override
      public SnapshotBillingListener billing() {
        return refusing;
      }

      @Override
      public UsageSource usage() {
        return UsageSource.NONE;
      }

      @Override
      public void close() {
        // nothing held
      }
    };
    SnapshotService store = service(RbdSnapshotBackend.builder().cluster(ceph.cluster()), books);

    assertThatThrownBy(() -> store.create(ALICE, vm, "unbilled")).hasMessageContaining("billing database down");
    assertThat(ceph.snapshots(first)).isEmpty();
    assertThat(ceph.snapshots(second)).isEmpty();
    assertThat(store.list(ALICE, Optional.of(vm))).isEmpty();
  }

  @Test
  @DisplayName("disks may live on different configured clusters, and an unconfigured cluster is a configuration error")
  void severalClusters() throws Exception {
    String first = image();
    String second = image();
    CephCluster other = new CephCluster("backup", ceph.conf(), "admin", Optional.empty(), CephCluster.DEFAULT_TIMEOUT);
    SnapshotService store = service(RbdSnapshotBackend.builder().cluster(ceph.cluster()).cluster(other));
    UUID vm = vm(VmDisk.of("rbd", first), new VmDisk("backup", "rbd", second));

    Snapshot s = store.create(ALICE, vm, "both");
    assertThat(s.disks()).extracting(SnapshotDisk::cluster).containsExactly("ceph", "backup");
    assertThat(ceph.snapshots(second)).containsExactly("both");

    UUID elsewhere = vm(VmDisk.of("rbd", first), new VmDisk("nowhere", "rbd", second));
    assertThatThrownBy(() -> store.create(ALICE, elsewhere, "x")).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'nowhere'").hasMessageContaining("uncloud.ceph.cluster.nowhere.conf");
    assertThat(ceph.snapshots(first)).containsExactly("both");
  }

  @Test
  @DisplayName("provider 'ceph' is found by the core's discovery and, with its keys and an inventory file, gives a rotating service")
  void providerEndToEnd(@TempDir Path dir) throws Exception {
    String root = image();
    String data = image();
    UUID vm = UUID.randomUUID();
    Path inventoryFile = dir.resolve("vms.properties");
    Files.writeString(inventoryFile, "vm." + vm + ".owner = alice\n"
        + "vm." + vm + ".disk.0 = " + root + "\n"
        + "vm." + vm + ".disk.1 = ceph:rbd/" + data + "\n");
    ProviderConfig config = ProviderConfig.of(Map.of(
        "uncloud.snapshots", "ceph",
        "uncloud.snapshot-records", "memory",
        "uncloud.ceph.conf", ceph.conf().toString(),
        "uncloud.ceph.inventory", inventoryFile.toString(),
        "uncloud.ceph.connect-timeout", "10",
        "uncloud.ceph.max-snapshots-per-vm", "1",
        "uncloud.ceph.rotate", "true")).withEnvironment(Map.of());

    try (Uncloud uncloud = CoreWiring.core().configure(config).build()) {
      SnapshotService store = uncloud.snapshots();
      store.create(ALICE, vm, "monday");
      Snapshot tuesday = store.create(ALICE, vm, "tuesday");

      assertThat(store.list(ALICE, Optional.of(vm))).extracting(Snapshot::id).containsExactly(tuesday.id());
      assertThat(ceph.snapshots(root)).containsExactly("tuesday");
      assertThat(ceph.snapshots(data)).containsExactly("tuesday");
      assertThat(tuesday.sizeBytes()).isEqualTo(128 * MB);
    }
  }

  @Test
  @DisplayName("after close every call fails and close can be repeated")
  void closed() throws Exception {
    UUID vm = vm(VmDisk.of("rbd", image()));
    RbdSnapshotBackend backend = RbdSnapshotBackend.builder().cluster(ceph.cluster()).inventory(inventory).build();
    Uncloud uncloud = CoreWiring.core().snapshotBackend(backend).build();
    SnapshotService store = uncloud.snapshots();
    uncloud.close();
    uncloud.close();
    backend.close();

    assertThatThrownBy(() -> store.create(ALICE, vm, "late")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> backend.take(inventory.find(vm).orElseThrow(), "late"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  @DisplayName("a backend built without an inventory is refused by the core unless one is wired, naming the key")
  void inventoryNeeded() throws Exception {
    UUID vm = vm(VmDisk.of("rbd", image()));
    RbdSnapshotBackend bare = RbdSnapshotBackend.builder().cluster(ceph.cluster()).build();
    try {
      assertThatThrownBy(() -> CoreWiring.core().snapshotBackend(bare).build())
          .isInstanceOf(ConfigurationException.class).hasMessageContaining("vmInventory(...)")
          .hasMessageContaining("uncloud.ceph.inventory");
    } finally {
      bare.close();
    }
    RbdSnapshotBackend backend = RbdSnapshotBackend.builder().cluster(ceph.cluster()).build();
    try (Uncloud uncloud = CoreWiring.core().snapshotBackend(backend).vmInventory(inventory).build()) {
      assertThat(uncloud.snapshots().create(ALICE, vm, "wired").disks()).hasSize(1);
    }
  }

  private List<String> snapshotsOn(String image) {
    try {
      return ceph.snapshots(image);
    } catch (RbdException e) {
      return List.of("error " + e.getReturnValue());
    }
  }
}
