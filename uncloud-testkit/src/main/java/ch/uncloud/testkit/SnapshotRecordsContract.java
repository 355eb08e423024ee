package ch.uncloud.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConflictException;
import ch.uncloud.api.Username;
import ch.uncloud.api.snapshots.SnapshotDisk;
import ch.uncloud.api.snapshots.SnapshotRecord;
import ch.uncloud.spi.SnapshotRecords;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SnapshotRecords} store must show (the in-memory default and durable
 * ones such as JDBC). Extend it and implement {@link #newRecords()}.
 */
public abstract class SnapshotRecordsContract {
  private static final Username ALICE = Username.of("alice");
  private static final Username BOB = Username.of("bob");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final List<SnapshotDisk> DISKS = List.of(new SnapshotDisk("ceph", "rbd", "root", 1L << 30),
      new SnapshotDisk("backup", "slow", "data", 3L << 30));

  private SnapshotRecords records;

  /** @return a new, empty record store */
  protected abstract SnapshotRecords newRecords();

  @BeforeEach
  void setUp() {
    records = newRecords();
  }

  private static SnapshotRecord record(Username owner, UUID vm, String name, Instant at) {
    return new SnapshotRecord(UUID.randomUUID().toString(), owner, vm, name, DISKS, at, false);
  }

  @Test
  @DisplayName("a record is found again with every field, disks in order")
  void roundTrip() {
    SnapshotRecord r = record(ALICE, UUID.randomUUID(), "before-upgrade", T0.plusNanos(123_000));
    records.add(r);

    assertThat(records.find(r.id())).contains(r);
    assertThat(records.find(r.id()).orElseThrow().disks()).isEqualTo(DISKS);
    assertThat(records.find("no-such-id")).isEmpty();
  }

  @Test
  @DisplayName("one name per VM: a second record of that name is refused, other VMs may use it")
  void namesUniquePerVm() {
    UUID vm = UUID.randomUUID();
    records.add(record(ALICE, vm, "nightly", T0));

    assertThatThrownBy(() -> records.add(record(ALICE, vm, "nightly", T0.plusSeconds(1))))
        .isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("errorCode", "snapshot_name_taken");
    records.add(record(ALICE, UUID.randomUUID(), "nightly", T0));
    assertThat(records.listByVm(vm)).hasSize(1);
  }

  @Test
  @DisplayName("lists are oldest first and filtered by account, VM, or neither")
  void lists() {
    UUID vm1 = UUID.randomUUID();
    UUID vm2 = UUID.randomUUID();
    SnapshotRecord late = record(ALICE, vm1, "late", T0.plusSeconds(20));
    SnapshotRecord early = record(ALICE, vm2, "early", T0);
    SnapshotRecord middle = record(ALICE, vm1, "middle", T0.plusSeconds(10));
    SnapshotRecord bobs = record(BOB, UUID.randomUUID(), "bobs", T0.plusSeconds(5));
    List.of(late, early, middle, bobs).forEach(records::add);

    assertThat(records.list(ALICE, Optional.empty())).containsExactly(early, middle, late);
    assertThat(records.list(ALICE, Optional.of(vm1))).containsExactly(middle, late);
    assertThat(records.list(BOB, Optional.of(vm1))).isEmpty();
    assertThat(records.listByVm(vm2)).containsExactly(early);
    assertThat(records.listAll()).containsExactly(early, bobs, middle, late);
  }

  @Test
  @DisplayName("the protection flag can be set and lifted")
  void protection() {
    SnapshotRecord r = record(ALICE, UUID.randomUUID(), "golden", T0);
    records.add(r);

    records.setProtected(r.id(), true);
    assertThat(records.find(r.id()).orElseThrow().isProtected()).isTrue();
    records.setProtected(r.id(), false);
    assertThat(records.find(r.id()).orElseThrow().isProtected()).isFalse();
  }

  @Test
  @DisplayName("remove deletes a record once and frees its name")
  void remove() {
    UUID vm = UUID.randomUUID();
    SnapshotRecord r = record(ALICE, vm, "temp", T0);
    records.add(r);

    assertThat(records.remove(r.id())).isTrue();
    assertThat(records.remove(r.id())).isFalse();
    assertThat(records.find(r.id())).isEmpty();
    records.add(record(ALICE, vm, "temp", T0.plusSeconds(1)));
    assertThat(records.listByVm(vm)).hasSize(1);
  }
}
