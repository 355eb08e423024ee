package ch.uncloud.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConflictException;
import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.Username;
import ch.uncloud.api.shop.UsageRecord;
import ch.uncloud.api.snapshots.TakenSnapshot;
import ch.uncloud.core.internal.MemorySnapshotBooks;
import ch.uncloud.spi.SnapshotBooks;
import ch.uncloud.testkit.InMemoryAccountDirectory;
import ch.uncloud.testkit.InMemoryLedger;
import ch.uncloud.testkit.InMemorySnapshotBackend;
import ch.uncloud.testkit.InMemorySnapshotBooks;
import ch.uncloud.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("an idempotency key whose snapshot was deleted is spent: a replay takes nothing and keeps the billing")
class SnapshotKeyAfterDeletionTest {
  private static final Username NETHZ = Username.of("nethzuser");
  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

  static Stream<Arguments> books() {
    return Stream.of(
        Arguments.of("the core's in-memory books", (Supplier<SnapshotBooks>) MemorySnapshotBooks::new),
        Arguments.of("the testkit's in-memory books", (Supplier<SnapshotBooks>) InMemorySnapshotBooks::create));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("books")
  void aReplayAfterTheDeletionIsAConflictAndTheFirstIntervalStaysBilled(String kind, Supplier<SnapshotBooks> made) {
    SnapshotBooks books = made.get();
    InMemorySnapshotBackend backend = InMemorySnapshotBackend.create();
    UUID vmId = backend.registerVm(NETHZ, UUID.randomUUID(), 1024).id();
    TestClock clock = TestClock.at(T0.toString());
    try (Uncloud uncloud = UncloudCore.builder().ledger(InMemoryLedger.create())
        .directory(InMemoryAccountDirectory.withContractFixture()).snapshotBackend(backend).snapshotBooks(books)
        .clock(clock).build()) {
      TakenSnapshot first = uncloud.snapshots().create(NETHZ, vmId, "nightly", IdempotencyKey.of("k1"));
      clock.advance(Duration.ofHours(1));
      uncloud.snapshots().delete(NETHZ, first.snapshot().id());
      clock.advance(Duration.ofHours(1));

      assertThatThrownBy(() -> uncloud.snapshots().create(NETHZ, vmId, "nightly", IdempotencyKey.of("k1")))
          .isInstanceOfSatisfying(ConflictException.class, e -> {
            assertThat(e.errorCode()).isEqualTo("idempotency_conflict");
            assertThat(e.getMessage()).contains("deleted").endsWith("use a new key to take another snapshot");
          });
      assertThat(backend.snapshotsOnDisk(vmId, 0)).isEmpty();
      assertThat(uncloud.snapshots().list(NETHZ, Optional.of(vmId))).isEmpty();
      List<UsageRecord> billed = books.usage().usage(T0, T0.plus(Duration.ofDays(30)));
      assertThat(billed).singleElement().satisfies(u -> {
        assertThat(u.reference()).isEqualTo(first.snapshot().id());
        assertThat(u.from()).isEqualTo(T0);
        assertThat(u.to()).isEqualTo(T0.plus(Duration.ofHours(1)));
      });

      TakenSnapshot fresh = uncloud.snapshots().create(NETHZ, vmId, "nightly", IdempotencyKey.of("k2"));
      assertThat(fresh.replayed()).isFalse();
      assertThat(fresh.snapshot().id()).isNotEqualTo(first.snapshot().id());
    }
  }
}
