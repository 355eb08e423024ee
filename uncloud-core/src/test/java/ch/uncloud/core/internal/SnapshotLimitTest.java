package ch.uncloud.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConflictException;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Username;
import ch.uncloud.api.snapshots.SnapshotDisk;
import ch.uncloud.api.snapshots.SnapshotRecord;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SnapshotLimitTest {
  private static final UUID VM = UUID.fromString("00000000-0000-0000-0000-000000000001");

  private static SnapshotRecord record(String name, boolean isProtected) {
    return new SnapshotRecord(name + "-id", Username.of("alice"), VM, name,
        List.of(new SnapshotDisk("c", "rbd", "vm-disk", 10)), Instant.EPOCH, isProtected);
  }

  @Test
  @DisplayName("without a maximum, or below it, nothing is rotated out")
  void belowTheMaximum() {
    List<SnapshotRecord> two = List.of(record("a", false), record("b", false));
    assertThat(SnapshotLimit.NONE.toRotateOut(VM, two)).isEmpty();
    assertThat(new SnapshotLimit(3, false).toRotateOut(VM, two)).isEmpty();
    assertThat(new SnapshotLimit(3, true).toRotateOut(VM, two)).isEmpty();
  }

  @Test
  @DisplayName("at the maximum without rotation a new snapshot is refused")
  void atTheMaximumWithoutRotation() {
    assertThatThrownBy(() -> new SnapshotLimit(2, false).toRotateOut(VM, List.of(record("a", false), record("b", false))))
        .isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("errorCode", "snapshot_limit_reached")
        .hasMessage("VM " + VM + " already has 2 snapshots, the most allowed; delete one first");
  }

  @Test
  @DisplayName("at the maximum with rotation the oldest unprotected snapshot is rotated out")
  void rotatesTheOldestUnprotected() {
    SnapshotRecord b = record("b", false);
    assertThat(new SnapshotLimit(3, true).toRotateOut(VM, List.of(record("a", true), b, record("c", false))))
        .contains(b);
  }

  @Test
  @DisplayName("at the maximum with rotation but every snapshot protected a new snapshot is refused")
  void allProtected() {
    assertThatThrownBy(() -> new SnapshotLimit(1, true).toRotateOut(VM, List.of(record("a", true))))
        .isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("errorCode", "snapshot_limit_reached")
        .hasMessage("VM " + VM + " already has 1 snapshots, the most allowed, and all are protected; delete one first");
  }

  @Test
  @DisplayName("a negative maximum is an invalid argument; the copies keep the other setting")
  void settings() {
    assertThatThrownBy(() -> SnapshotLimit.NONE.withMaxPerVm(-1)).isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "invalid_argument")
        .hasMessage("the snapshot maximum per VM must not be negative");
    assertThat(SnapshotLimit.NONE.withRotate(true).withMaxPerVm(4)).isEqualTo(new SnapshotLimit(4, true));
    assertThat(new SnapshotLimit(4, true).withRotate(false)).isEqualTo(new SnapshotLimit(4, false));
  }
}
