package ch.uncloud.ceph;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.api.Uncloud;
import ch.uncloud.api.Username;
import ch.uncloud.api.shop.UsageRecord;
import ch.uncloud.api.snapshots.Snapshot;
import ch.uncloud.api.snapshots.SnapshotService;
import ch.uncloud.api.snapshots.SnapshotUsage;
import ch.uncloud.api.snapshots.VirtualMachine;
import ch.uncloud.api.snapshots.VmDisk;
import ch.uncloud.jdbc.JdbcSnapshotBooks;
import ch.uncloud.spi.ProviderConfig;
import ch.uncloud.testkit.InMemoryVmInventory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The core's snapshot service over the RBD backend with its records and usage in the ledger's
 * database (SQLite file), against a real one-node cluster: snapshots, their protection and their
 * billing survive a restart.
 */
@ExtendWith(MicroCephExtension.class)
class RbdSnapshotBackendJdbcBooksTest {
  private static final Username ALICE = Username.of("alice");
  private static final long MB = 1L << 20;

  @TempDir
  Path dir;
  private MicroCeph ceph;
  private final InMemoryVmInventory inventory = new InMemoryVmInventory();
  private final List<String> images = new ArrayList<>();

  @BeforeEach
  void cluster(MicroCeph ceph) {
    this.ceph = ceph;
  }

  @AfterEach
  void cleanUp() {
    images.forEach(ceph::removeImageDeep);
  }

  private String image() throws Exception {
    String image = "img-" + UUID.randomUUID();
    ceph.createImage(image, 64 * MB);
    images.add(image);
    return image;
  }

  private Uncloud uncloud(JdbcSnapshotBooks books) {
    RbdSnapshotBackend backend = RbdSnapshotBackend.builder().cluster(ceph.cluster()).inventory(inventory).build();
    return CoreWiring.core().snapshotBackend(backend).snapshotBooks(books).build();
  }

  @Test
  @DisplayName("a snapshot recorded in an SQLite file is listed, deleted and billed correctly by a store opened after a restart")
  void survivesRestart() throws Exception {
    String root = image();
    String data = image();
    UUID vm = UUID.randomUUID();
    inventory.put(new VirtualMachine(vm, ALICE, List.of(VmDisk.of("rbd", root), VmDisk.of("rbd", data))));
    Path file = dir.resolve("uncloud.db");
    Snapshot kept;
    Snapshot deleted;
    try (Uncloud uncloud = uncloud(JdbcSnapshotBooks.sqlite(file))) {
      SnapshotService store = uncloud.snapshots();
      kept = store.create(ALICE, vm, "before-upgrade");
      deleted = store.create(ALICE, vm, "nightly");
      store.setProtected(ALICE, kept.id(), true);
    }

    Instant from = kept.createdAt().minusSeconds(60);
    JdbcSnapshotBooks reopened = JdbcSnapshotBooks.sqlite(file);
    try (Uncloud uncloud = uncloud(reopened)) {
      SnapshotService store = uncloud.snapshots();
      assertThat(store.list(ALICE, Optional.of(vm))).extracting(Snapshot::id).containsExactly(kept.id(), deleted.id());
      assertThat(store.get(ALICE, kept.id()).isProtected()).isTrue();
      assertThat(store.get(ALICE, kept.id()).disks()).isEqualTo(kept.disks());
      assertThat(reopened.usage().usage(from, Instant.now().plusSeconds(60))).extracting(UsageRecord::to)
          .containsOnlyNulls().hasSize(2);
      assertThat(store.reconcile().isConsistent()).isTrue();

      store.delete(ALICE, deleted.id());

      assertThat(ceph.snapshots(root)).containsExactly("before-upgrade");
      assertThat(ceph.snapshots(data)).containsExactly("before-upgrade");
      assertThat(store.list(ALICE, Optional.empty())).extracting(Snapshot::id).containsExactly(kept.id());
      assertThat(store.reconcile().isConsistent()).isTrue();
      store.delete(ALICE, kept.id()); // unprotects first
      assertThat(ceph.snapshots(root)).isEmpty();
    }

    try (JdbcSnapshotBooks books = JdbcSnapshotBooks.sqlite(file)) {
      List<SnapshotUsage> usages = books.usage().usages();
      assertThat(usages).extracting(SnapshotUsage::snapshotId).containsExactly(kept.id(), deleted.id());
      assertThat(usages).allSatisfy(u -> {
        assertThat(u.isOpen()).isFalse();
        assertThat(u.sizeBytes()).isEqualTo(128 * MB);
      });
      assertThat(usages.get(1).startedAt()).isEqualTo(deleted.createdAt());
      assertThat(books.records().listAll()).isEmpty();
    }
  }

  @Test
  @DisplayName("uncloud.snapshot-records=jdbc gives a ceph snapshot service whose records and usage live in the ledger's database")
  void providerWithJdbcRecords() throws Exception {
    String root = image();
    UUID vm = UUID.randomUUID();
    Path inventoryFile = dir.resolve("vms.properties");
    Files.writeString(inventoryFile, "vm." + vm + ".owner = alice\nvm." + vm + ".disk.0 = " + root + "\n");
    Path file = dir.resolve("ledger.db");
    ProviderConfig config = ProviderConfig.of(Map.of(
        "uncloud.snapshots", "ceph",
        "uncloud.ceph.conf", ceph.conf().toString(),
        "uncloud.ceph.inventory", inventoryFile.toString(),
        "uncloud.ceph.connect-timeout", "10",
        "uncloud.snapshot-records", "jdbc",
        "uncloud.jdbc.url", "jdbc:sqlite:" + file)).withEnvironment(Map.of());

    Snapshot taken;
    try (Uncloud uncloud = CoreWiring.core().configure(config).build()) {
      taken = uncloud.snapshots().create(ALICE, vm, "weekly");
      try (JdbcSnapshotBooks books = JdbcSnapshotBooks.sqlite(file)) {
        assertThat(books.records().find(taken.id())).hasValueSatisfying(r -> assertThat(r.name()).isEqualTo("weekly"));
        assertThat(books.usage().usages()).singleElement().satisfies(u -> assertThat(u.isOpen()).isTrue());
      }
    }
    try (Uncloud uncloud = CoreWiring.core().configure(config).build()) {
      SnapshotService store = uncloud.snapshots();
      assertThat(store.list(ALICE, Optional.of(vm))).containsExactly(taken);
      store.delete(ALICE, taken.id());
      assertThat(store.reconcile().isConsistent()).isTrue();
    }
    try (JdbcSnapshotBooks books = JdbcSnapshotBooks.sqlite(file)) {
      assertThat(books.records().listAll()).isEmpty();
      assertThat(books.usage().usages()).singleElement().satisfies(u -> {
        assertThat(u.isOpen()).isFalse();
        assertThat(u.snapshotId()).isEqualTo(taken.id());
      });
    }
  }
}
