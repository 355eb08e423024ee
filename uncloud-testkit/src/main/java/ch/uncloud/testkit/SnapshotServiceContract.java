package ch.uncloud.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConflictException;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.UncloudException;
import ch.uncloud.api.Username;
import ch.uncloud.api.snapshots.Snapshot;
import ch.uncloud.api.snapshots.SnapshotHasClonesException;
import ch.uncloud.api.snapshots.SnapshotPricing;
import ch.uncloud.api.snapshots.SnapshotReconciliation;
import ch.uncloud.api.snapshots.SnapshotService;
import ch.uncloud.api.snapshots.SnapshotUsage;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour of the snapshot service over every {@link ch.uncloud.spi.SnapshotBackend}: the
 * core's rules (ownership, names, limits, rotation, records, billing) together with what the
 * backend must do for them (all-or-nothing snapshots, protection, clones, listing for reconcile).
 * Extend it, implement {@link #newFixture(ServiceOptions)} with a {@link SnapshotService} built by
 * the core over the backend under test (e.g. {@code UncloudCore.builder().snapshotBackend(backend)
 * ...build().snapshots()}), and run it like any JUnit 5 test class. The fixture also gives the
 * contract a handle on the disks behind the backend (the cluster), so the contract can check what
 * really happened there, and on the usage the service's books billed.
 */
public abstract class SnapshotServiceContract {
  /** One GB as snapshots are priced: 2^30 bytes. */
  protected static final long GB = 1L << 30;
  private static final Username ALICE = Username.of("alice");
  private static final Username BOB = Username.of("bob");
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private final TestClock clock = TestClock.at(START);
  private final List<Fixture> fixtures = new ArrayList<>();

  /**
   * How the contract needs the service configured.
   *
   * @param clock the clock for creation and deletion times
   * @param maxSnapshotsPerVm the most snapshots per VM, 0 for no limit
   * @param rotate whether the oldest unprotected snapshot is deleted at the maximum
   */
  protected record ServiceOptions(Clock clock, int maxSnapshotsPerVm, boolean rotate) {}

  /** A service under test plus the disks behind its backend. Closed by the contract after each test. */
  protected interface Fixture extends AutoCloseable {
    /** @return the service under test */
    SnapshotService service();

    /**
     * Registers a VM in the service's inventory with one new, empty disk per size.
     *
     * @param owner the owner
     * @param diskSizes each disk's size in bytes
     * @return the new VM's id
     */
    UUID registerVm(Username owner, long... diskSizes);

    /**
     * @return every usage interval the service's books billed, open and closed, oldest snapshot
     *     first
     */
    List<SnapshotUsage> billed();

    /**
     * @param vmId a VM
     * @param disk a disk's index
     * @return the snapshot names on that disk, as the cluster has them, in any order
     */
    List<String> snapshotsOnDisk(UUID vmId, int disk);

    /**
     * Makes snapshots of this disk fail until {@link #repairDisk} (for a real cluster: its image is
     * made unavailable).
     *
     * @param vmId a VM
     * @param disk a disk's index
     */
    void breakDisk(UUID vmId, int disk);

    /**
     * @param vmId a VM
     * @param disk a disk's index to make usable again, empty as new
     */
    void repairDisk(UUID vmId, int disk);

    /**
     * Clones a protected snapshot of a disk, as a hosting tool would.
     *
     * @param vmId a VM
     * @param disk a disk's index
     * @param snapshotName the snapshot
     * @return the clone as {@code pool/image}
     */
    String cloneSnapshot(UUID vmId, int disk, String snapshotName);

    /** @param clone a clone from {@link #cloneSnapshot}, removed */
    void removeClone(String clone);

    /**
     * Creates a snapshot on a disk behind the service's back.
     *
     * @param vmId a VM
     * @param disk a disk's index
     * @param snapshotName the name
     */
    void createOnDisk(UUID vmId, int disk, String snapshotName);

    /**
     * Removes a snapshot from a disk behind the service's back.
     *
     * @param vmId a VM
     * @param disk a disk's index
     * @param snapshotName the name
     */
    void removeFromDisk(UUID vmId, int disk, String snapshotName);

    /**
     * Closes the service (with what it was built with: the {@code Uncloud}, backend, books) and
     * releases anything the fixture created. Idempotent.
     */
    @Override
    void close();
  }

  /**
   * @param options how to configure the service
   * @return a new fixture with a new service and no VMs
   */
  protected abstract Fixture newFixture(ServiceOptions options);

  private Fixture fixture(int max, boolean rotate) {
    Fixture f = newFixture(new ServiceOptions(clock, max, rotate));
    fixtures.add(f);
    return f;
  }

  private Fixture fixture() {
    return fixture(0, false);
  }

  private List<SnapshotUsage> usages() {
    return fixtures.stream().flatMap(f -> f.billed().stream()).toList();
  }

  private List<SnapshotUsage> usages(Username account) {
    return usages().stream().filter(u -> u.account().equals(account)).toList();
  }

  private List<SnapshotUsage> openUsages() {
    return usages().stream().filter(SnapshotUsage::isOpen).toList();
  }

  @AfterEach
  void closeFixtures() {
    for (Fixture f : fixtures) {
      f.close();
    }
  }

  @Test
  @DisplayName("a snapshot covers every disk of the VM under one name, with their total size")
  void snapshotsEveryDisk() {
    Fixture f = fixture();
    UUID vm = f.registerVm(ALICE, GB, 2 * GB, 3 * GB);

    Snapshot s = f.service().create(ALICE, vm, "before-upgrade");

    assertThat(s.account()).isEqualTo(ALICE);
    assertThat(s.vmId()).isEqualTo(vm);
    assertThat(s.name()).isEqualTo("before-upgrade");
    assertThat(s.disks()).hasSize(3);
    assertThat(s.sizeBytes()).isEqualTo(6 * GB);
    assertThat(s.createdAt()).isEqualTo(START);
    assertThat(s.isProtected()).isFalse();
    for (int disk = 0; disk < 3; disk++) {
      assertThat(f.snapshotsOnDisk(vm, disk)).containsExactly("before-upgrade");
    }
  }

  @Test
  @DisplayName("list returns the account's snapshots oldest first, optionally of one VM")
  void listsOldestFirst() {
    Fixture f = fixture();
    UUID vm1 = f.registerVm(ALICE, GB);
    UUID vm2 = f.registerVm(ALICE, GB);
    UUID other = f.registerVm(BOB, GB);
    Snapshot a = f.service().create(ALICE, vm1, "a");
    clock.advance(Duration.ofSeconds(1));
    Snapshot b = f.service().create(ALICE, vm2, "b");
    clock.advance(Duration.ofSeconds(1));
    Snapshot c = f.service().create(ALICE, vm1, "c");
    f.service().create(BOB, other, "bobs");

    assertThat(f.service().list(ALICE, Optional.empty())).extracting(Snapshot::id)
        .containsExactly(a.id(), b.id(), c.id());
    assertThat(f.service().list(ALICE, Optional.of(vm1))).extracting(Snapshot::name).containsExactly("a", "c");
    assertThat(f.service().list(ALICE, Optional.of(other))).isEmpty();
    assertThat(f.service().get(ALICE, b.id()).name()).isEqualTo("b");
  }

  @Test
  @DisplayName("another account's VM is refused as unknown, and nothing is snapshotted")
  void refusesForeignVm() {
    Fixture f = fixture();
    UUID vm = f.registerVm(ALICE, GB);

    assertThatThrownBy(() -> f.service().create(BOB, vm, "mine-now")).isInstanceOf(NotFoundException.class).hasFieldOrPropertyWithValue("errorCode", "unknown_vm");
    assertThatThrownBy(() -> f.service().create(ALICE, UUID.randomUUID(), "x")).isInstanceOf(NotFoundException.class).hasFieldOrPropertyWithValue("errorCode", "unknown_vm");
    assertThat(f.snapshotsOnDisk(vm, 0)).isEmpty();
    assertThat(usages()).isEmpty();
  }

  @Test
  @DisplayName("another account's snapshot is unknown to get, delete and protect")
  void foreignSnapshotIsUnknown() {
    Fixture f = fixture();
    UUID vm = f.registerVm(ALICE, GB);
    Snapshot s = f.service().create(ALICE, vm, "s");

    assertThatThrownBy(() -> f.service().get(BOB, s.id())).isInstanceOf(NotFoundException.class).hasFieldOrPropertyWithValue("errorCode", "unknown_snapshot");
    assertThatThrownBy(() -> f.service().delete(BOB, s.id())).isInstanceOf(NotFoundException.class).hasFieldOrPropertyWithValue("errorCode", "unknown_snapshot");
    assertThatThrownBy(() -> f.service().setProtected(BOB, s.id(), true)).isInstanceOf(NotFoundException.class).hasFieldOrPropertyWithValue("errorCode", "unknown_snapshot");
    assertThatThrownBy(() -> f.service().get(ALICE, "no-such-id")).isInstanceOf(NotFoundException.class).hasFieldOrPropertyWithValue("errorCode", "unknown_snapshot");
    assertThat(f.snapshotsOnDisk(vm, 0)).containsExactly("s");
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"", "a/b", "a@b", "a b", "a:b", " lead", "-dash-first", "tab\tname", "ümlaut",
      "x12345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678"})
  @DisplayName("names with '/', '@', ':', spaces, other unsafe characters or over 128 characters are refused")
  void refusesInvalidNames(String name) {
    Fixture f = fixture();
    UUID vm = f.registerVm(ALICE, GB);

    assertThatThrownBy(() -> f.service().create(ALICE, vm, name)).isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "invalid_argument")
        .hasMessageContaining("snapshot name");
    assertThat(f.snapshotsOnDisk(vm, 0)).isEmpty();
  }

  @Test
  @DisplayName("a name already used on the VM is refused; other VMs may use it")
  void refusesTakenName() {
    Fixture f = fixture();
    UUID vm = f.registerVm(ALICE, GB);
    UUID vm2 = f.registerVm(ALICE, GB);
    f.service().create(ALICE, vm, "nightly");

    assertThatThrownBy(() -> f.service().create(ALICE, vm, "nightly")).isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("errorCode", "snapshot_name_taken")
        .hasMessageContaining("nightly");
    assertThat(f.service().create(ALICE, vm2, "nightly").vmId()).isEqualTo(vm2);
    assertThat(f.service().list(ALICE, Optional.of(vm))).hasSize(1);
  }

  @Test
  @DisplayName("when the second disk fails, the first disk's snapshot is removed and nothing is recorded or billed")
  void allOrNothing() {
    Fixture f = fixture();
    UUID vm = f.registerVm(ALICE, GB, GB, GB);
    f.breakDisk(vm, 1);

    assertThatThrownBy(() -> f.service().create(ALICE, vm, "doomed")).isInstanceOf(UncloudException.class);

    assertThat(f.snapshotsOnDisk(vm, 0)).isEmpty();
    assertThat(f.snapshotsOnDisk(vm, 2)).isEmpty();
    assertThat(f.service().list(ALICE, Optional.of(vm))).isEmpty();
    assertThat(usages()).isEmpty();

    f.repairDisk(vm, 1);
    Snapshot s = f.service().create(ALICE, vm, "doomed");
    assertThat(s.disks()).hasSize(3);
    assertThat(f.snapshotsOnDisk(vm, 1)).containsExactly("doomed");
  }

  @Test
  @DisplayName("delete removes the snapshot from every disk and ends its billing at that moment")
  void deleteEndsBilling() {
    Fixture f = fixture();
    UUID vm = f.registerVm(ALICE, GB, GB);
    Snapshot s = f.service().create(ALICE, vm, "short-lived");
    clock.advance(Duration.ofMinutes(90));

    f.service().delete(ALICE, s.id());

    assertThat(f.snapshotsOnDisk(vm, 0)).isEmpty();
    assertThat(f.snapshotsOnDisk(vm, 1)).isEmpty();
    assertThat(f.service().list(ALICE, Optional.empty())).isEmpty();
    assertThatThrownBy(() -> f.service().get(ALICE, s.id())).isInstanceOf(NotFoundException.class).hasFieldOrPropertyWithValue("errorCode", "unknown_snapshot");
    assertThatThrownBy(() -> f.service().delete(ALICE, s.id())).isInstanceOf(NotFoundException.class).hasFieldOrPropertyWithValue("errorCode", "unknown_snapshot");
    assertThat(usages()).singleElement().satisfies(u -> {
      assertThat(u.snapshotId()).isEqualTo(s.id());
      assertThat(u.startedAt()).isEqualTo(START);
      assertThat(u.endedAt()).isEqualTo(START.plus(Duration.ofMinutes(90)));
      assertThat(u.sizeBytes()).isEqualTo(2 * GB);
    });
  }

  @Test
  @DisplayName("billing records start at creation with the snapshot's size and price exactly per GB-second")
  void billingIsExact() {
    Fixture f = fixture();
    UUID vm = f.registerVm(ALICE, GB, 3 * GB);
    Snapshot kept = f.service().create(ALICE, vm, "kept");
    clock.advance(Duration.ofHours(1));
    Snapshot gone = f.service().create(ALICE, vm, "gone");
    clock.advance(Duration.ofMillis(1500));
    f.service().delete(ALICE, gone.id());

    List<SnapshotUsage> usages = usages(ALICE);
    assertThat(usages).extracting(SnapshotUsage::snapshotId).containsExactly(kept.id(), gone.id());
    assertThat(usages.get(0).isOpen()).isTrue();
    assertThat(usages.get(0).sizeBytes()).isEqualTo(4 * GB);
    assertThat(usages.get(1).endedAt()).isEqualTo(START.plus(Duration.ofHours(1)).plusMillis(1500));

    Instant periodEnd = START.plus(Duration.ofDays(30));
    // kept: 4 GB x 2'592'000 s x 0.00000014 = 1.4515200; gone: 4 GB x 1.5 s x 0.00000014 = 0.00000084
    assertThat(SnapshotPricing.DEFAULT.exactCost(usages.get(0), START, periodEnd))
        .isEqualByComparingTo(new BigDecimal("1.45152"));
    assertThat(SnapshotPricing.DEFAULT.exactCost(usages.get(1), START, periodEnd))
        .isEqualByComparingTo(new BigDecimal("0.00000084"));
    assertThat(SnapshotPricing.DEFAULT.charge(usages, START, periodEnd).amount()).isEqualByComparingTo("1.45");
  }

  @Test
  @DisplayName("protection shows in get and list, is idempotent, and a protected snapshot without clones can be deleted")
  void protection() {
    Fixture f = fixture();
    UUID vm = f.registerVm(ALICE, GB, GB);
    Snapshot s = f.service().create(ALICE, vm, "golden");

    f.service().setProtected(ALICE, s.id(), true);
    f.service().setProtected(ALICE, s.id(), true);
    assertThat(f.service().get(ALICE, s.id()).isProtected()).isTrue();
    assertThat(f.service().list(ALICE, Optional.of(vm))).singleElement().extracting(Snapshot::isProtected).isEqualTo(true);

    f.service().setProtected(ALICE, s.id(), false);
    f.service().setProtected(ALICE, s.id(), false);
    assertThat(f.service().get(ALICE, s.id()).isProtected()).isFalse();

    f.service().setProtected(ALICE, s.id(), true);
    f.service().delete(ALICE, s.id());
    assertThat(f.snapshotsOnDisk(vm, 0)).isEmpty();
    assertThat(f.snapshotsOnDisk(vm, 1)).isEmpty();
  }

  @Test
  @DisplayName("a clone blocks delete and unprotect with an error naming it, until the clone is gone")
  void clonesBlockDeletion() {
    Fixture f = fixture();
    UUID vm = f.registerVm(ALICE, GB, GB);
    Snapshot s = f.service().create(ALICE, vm, "template");
    f.service().setProtected(ALICE, s.id(), true);
    String clone = f.cloneSnapshot(vm, 1, "template");

    assertThatThrownBy(() -> f.service().delete(ALICE, s.id())).isInstanceOfSatisfying(SnapshotHasClonesException.class,
        e -> assertThat(e.clones()).containsExactly(clone)).hasMessageContaining(clone);
    assertThatThrownBy(() -> f.service().setProtected(ALICE, s.id(), false))
        .isInstanceOf(SnapshotHasClonesException.class);
    assertThat(f.snapshotsOnDisk(vm, 0)).containsExactly("template");
    assertThat(f.snapshotsOnDisk(vm, 1)).containsExactly("template");
    assertThat(f.service().get(ALICE, s.id()).isProtected()).isTrue();
    assertThat(openUsages()).hasSize(1);

    f.removeClone(clone);
    f.service().delete(ALICE, s.id());
    assertThat(f.snapshotsOnDisk(vm, 1)).isEmpty();
    assertThat(openUsages()).isEmpty();
  }

  @Test
  @DisplayName("at the per-VM maximum without rotation a new snapshot is refused and nothing changes")
  void maximumWithoutRotation() {
    Fixture f = fixture(2, false);
    UUID vm = f.registerVm(ALICE, GB);
    f.service().create(ALICE, vm, "one");
    f.service().create(ALICE, vm, "two");

    assertThatThrownBy(() -> f.service().create(ALICE, vm, "three"))
        .isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("errorCode", "snapshot_limit_reached");
    assertThat(f.snapshotsOnDisk(vm, 0)).containsExactlyInAnyOrder("one", "two");
    assertThat(f.service().list(ALICE, Optional.of(vm))).extracting(Snapshot::name).containsExactly("one", "two");
  }

  @Test
  @DisplayName("with rotation the oldest unprotected snapshot makes room and its billing ends")
  void rotation() {
    Fixture f = fixture(2, true);
    UUID vm = f.registerVm(ALICE, GB, GB);
    Snapshot one = f.service().create(ALICE, vm, "one");
    f.service().setProtected(ALICE, one.id(), true);
    clock.advance(Duration.ofSeconds(10));
    Snapshot two = f.service().create(ALICE, vm, "two");
    clock.advance(Duration.ofSeconds(10));

    f.service().create(ALICE, vm, "three");

    assertThat(f.service().list(ALICE, Optional.of(vm))).extracting(Snapshot::name).containsExactly("one", "three");
    assertThat(f.snapshotsOnDisk(vm, 0)).containsExactlyInAnyOrder("one", "three");
    assertThat(f.snapshotsOnDisk(vm, 1)).containsExactlyInAnyOrder("one", "three");
    assertThat(usages()).filteredOn(u -> u.snapshotId().equals(two.id())).singleElement()
        .extracting(SnapshotUsage::endedAt).isEqualTo(START.plusSeconds(20));

    Snapshot three = f.service().list(ALICE, Optional.of(vm)).get(1);
    f.service().setProtected(ALICE, three.id(), true);
    assertThatThrownBy(() -> f.service().create(ALICE, vm, "four"))
        .isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("errorCode", "snapshot_limit_reached").hasMessageContaining("protected");
  }

  @Test
  @DisplayName("concurrent creates on one VM never exceed the maximum and leave disks and records in agreement")
  void concurrentCreates() throws Exception {
    Fixture f = fixture(3, false);
    UUID vm = f.registerVm(ALICE, GB, GB);
    int threads = 6;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        String name = "c" + i;
        Callable<Boolean> task = () -> {
          go.await();
          try {
            f.service().create(ALICE, vm, name);
            return true;
          } catch (ConflictException e) {
            if (!"snapshot_limit_reached".equals(e.errorCode())) {
              throw e;
            }
            return false;
          }
        };
        results.add(pool.submit(task));
      }
      go.countDown();
      int created = 0;
      for (Future<Boolean> r : results) {
        created += r.get(60, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(created).isEqualTo(3);
    } finally {
      pool.shutdownNow();
    }
    List<String> recorded = f.service().list(ALICE, Optional.of(vm)).stream().map(Snapshot::name).toList();
    assertThat(recorded).hasSize(3);
    assertThat(f.snapshotsOnDisk(vm, 0)).containsExactlyInAnyOrderElementsOf(recorded);
    assertThat(f.snapshotsOnDisk(vm, 1)).containsExactlyInAnyOrderElementsOf(recorded);
    assertThat(f.service().reconcile().isConsistent()).isTrue();
  }

  @Test
  @DisplayName("concurrent creates of one name on one VM succeed exactly once")
  void concurrentSameName() throws Exception {
    Fixture f = fixture();
    UUID vm = f.registerVm(ALICE, GB, GB);
    int threads = 4;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          go.await();
          try {
            f.service().create(ALICE, vm, "same");
            return true;
          } catch (ConflictException e) {
            if (!"snapshot_name_taken".equals(e.errorCode())) {
              throw e;
            }
            return false;
          }
        }));
      }
      go.countDown();
      int created = 0;
      for (Future<Boolean> r : results) {
        created += r.get(60, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(created).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(f.snapshotsOnDisk(vm, 0)).containsExactly("same");
    assertThat(usages()).hasSize(1);
  }

  @Test
  @DisplayName("reconcile reports recorded snapshots missing on a disk and disk snapshots nobody recorded")
  void reconcile() {
    Fixture f = fixture();
    UUID vm = f.registerVm(ALICE, GB, GB);
    Snapshot s = f.service().create(ALICE, vm, "recorded");
    assertThat(f.service().reconcile().isConsistent()).isTrue();

    f.removeFromDisk(vm, 1, "recorded");
    f.createOnDisk(vm, 0, "stray");

    SnapshotReconciliation report = f.service().reconcile();
    assertThat(report.missingOnCluster()).singleElement().satisfies(d -> {
      assertThat(d.vmId()).isEqualTo(vm);
      assertThat(d.snapshotName()).isEqualTo("recorded");
      assertThat(d.snapshotId()).isEqualTo(s.id());
      assertThat(d.disk()).isEqualTo(s.disks().get(1));
    });
    assertThat(report.unrecorded()).singleElement().satisfies(d -> {
      assertThat(d.snapshotName()).isEqualTo("stray");
      assertThat(d.disk().sameImage(s.disks().get(0))).isTrue();
    });
  }

  @Test
  @DisplayName("close is idempotent, and a closed service refuses every call")
  void closeTwice() {
    Fixture f = fixture();
    UUID vm = f.registerVm(ALICE, GB);
    SnapshotService service = f.service();

    f.close();
    f.close();

    assertThatThrownBy(() -> service.create(ALICE, vm, "late")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> service.list(ALICE, Optional.empty())).isInstanceOf(IllegalStateException.class);
  }
}
