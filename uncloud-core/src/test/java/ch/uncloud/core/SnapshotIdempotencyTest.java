package ch.uncloud.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConflictException;
import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.Username;
import ch.uncloud.api.snapshots.TakenSnapshot;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import ch.uncloud.testkit.InMemoryLedger;
import ch.uncloud.testkit.InMemorySnapshotBackend;
import ch.uncloud.testkit.TestClock;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("a snapshot requested with an idempotency key is taken once")
class SnapshotIdempotencyTest {
  private static final Username NETHZ = Username.of("nethzuser");

  private final InMemorySnapshotBackend backend = InMemorySnapshotBackend.create();
  private final UUID vmId = backend.registerVm(NETHZ, UUID.randomUUID(), 1024).id();
  private final Uncloud uncloud = UncloudCore.builder()
      .ledger(InMemoryLedger.create())
      .directory(InMemoryAccountDirectory.withContractFixture())
      .snapshotBackend(backend)
      .clock(TestClock.at("2026-11-01T00:00:00Z"))
      .build();

  @AfterEach
  void close() {
    uncloud.close();
  }

  @Test
  void aRetryWithTheSameKeyReturnsTheFirstSnapshotAndTakesNothingNew() {
    TakenSnapshot first = uncloud.snapshots().create(NETHZ, vmId, "nightly", IdempotencyKey.of("k1"));
    TakenSnapshot retry = uncloud.snapshots().create(NETHZ, vmId, "nightly", IdempotencyKey.of("k1"));

    assertThat(first.replayed()).isFalse();
    assertThat(retry.replayed()).isTrue();
    assertThat(retry.snapshot().id()).isEqualTo(first.snapshot().id());
    assertThat(uncloud.snapshots().list(NETHZ, Optional.of(vmId))).hasSize(1);
    assertThat(backend.snapshotsOnDisk(vmId, 0)).containsExactly("nightly");
  }

  @Test
  void theSameKeyForAnotherNameConflictsAndTakesNothing() {
    uncloud.snapshots().create(NETHZ, vmId, "nightly", IdempotencyKey.of("k1"));

    assertThatThrownBy(() -> uncloud.snapshots().create(NETHZ, vmId, "weekly", IdempotencyKey.of("k1")))
        .isInstanceOfSatisfying(ConflictException.class,
            e -> assertThat(e.errorCode()).isEqualTo("idempotency_conflict"));
    assertThat(backend.snapshotsOnDisk(vmId, 0)).containsExactly("nightly");
  }

  @Test
  void aNewKeyForATakenNameIsRefusedAsTaken() {
    uncloud.snapshots().create(NETHZ, vmId, "nightly", IdempotencyKey.of("k1"));

    assertThatThrownBy(() -> uncloud.snapshots().create(NETHZ, vmId, "nightly", IdempotencyKey.of("k2")))
        .isInstanceOfSatisfying(ConflictException.class,
            e -> assertThat(e.errorCode()).isEqualTo("snapshot_name_taken"));
  }
}
