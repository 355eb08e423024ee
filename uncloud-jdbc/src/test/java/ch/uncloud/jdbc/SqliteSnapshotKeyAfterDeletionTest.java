package ch.uncloud.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConflictException;
import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.Username;
import ch.uncloud.api.snapshots.TakenSnapshot;
import ch.uncloud.core.UncloudCore;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import ch.uncloud.testkit.InMemoryLedger;
import ch.uncloud.testkit.InMemorySnapshotBackend;
import ch.uncloud.testkit.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("on SQLite books, an idempotency key whose snapshot was deleted takes nothing and keeps the billing")
class SqliteSnapshotKeyAfterDeletionTest {
  private static final Username NETHZ = Username.of("nethzuser");
  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

  @TempDir
  Path dir;

  @Test
  void aReplayAfterTheDeletionIsAConflictEvenInAnotherProcess() {
    InMemorySnapshotBackend backend = InMemorySnapshotBackend.create();
    UUID vmId = backend.registerVm(NETHZ, UUID.randomUUID(), 1024).id();
    TestClock clock = TestClock.at(T0.toString());
    Path db = dir.resolve("uncloud.db");
    TakenSnapshot first;
    try (Uncloud uncloud = uncloud(backend, db, clock)) {
      first = uncloud.snapshots().create(NETHZ, vmId, "nightly", IdempotencyKey.of("k1"));
      clock.advance(Duration.ofHours(1));
      uncloud.snapshots().delete(NETHZ, first.snapshot().id());
    }
    clock.advance(Duration.ofHours(1));

    try (Uncloud restarted = uncloud(backend, db, clock)) {
      assertThatThrownBy(() -> restarted.snapshots().create(NETHZ, vmId, "nightly", IdempotencyKey.of("k1")))
          .isInstanceOfSatisfying(ConflictException.class,
              e -> assertThat(e.errorCode()).isEqualTo("idempotency_conflict"));
    }
    assertThat(backend.snapshotsOnDisk(vmId, 0)).isEmpty();
    try (JdbcSnapshotBooks books = JdbcSnapshotBooks.sqlite(db)) {
      assertThat(books.records().listAll()).isEmpty();
      assertThat(books.usage().usages()).singleElement().satisfies(u -> {
        assertThat(u.snapshotId()).isEqualTo(first.snapshot().id());
        assertThat(u.startedAt()).isEqualTo(T0);
        assertThat(u.endedAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
      });
    }
  }

  private static Uncloud uncloud(InMemorySnapshotBackend backend, Path db, TestClock clock) {
    return UncloudCore.builder().ledger(InMemoryLedger.create()).directory(InMemoryAccountDirectory.withContractFixture())
        .snapshotBackend(backend).snapshotBooks(JdbcSnapshotBooks.sqlite(db)).clock(clock).build();
  }
}
