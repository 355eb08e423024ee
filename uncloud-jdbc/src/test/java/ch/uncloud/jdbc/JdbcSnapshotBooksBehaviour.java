package ch.uncloud.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.ConflictException;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.LedgerEntry;
import ch.uncloud.api.shop.UsageRecord;
import ch.uncloud.api.snapshots.SnapshotDisk;
import ch.uncloud.api.snapshots.SnapshotRecord;
import ch.uncloud.api.snapshots.SnapshotUsage;
import ch.uncloud.core.internal.SnapshotUsageRecorder;
import ch.uncloud.spi.SnapshotBillingListener;
import ch.uncloud.spi.UsageSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What {@link JdbcSnapshotBooks} guarantees beyond the records contract, on each store: usage that
 * answers as {@link SnapshotUsageRecorder} does, survival across restarts, the constraints, the
 * schema step.
 */
abstract class JdbcSnapshotBooksBehaviour {
  private static final Username ALICE = Username.of("alice");
  private static final Username BOB = Username.of("bob");
  private static final Instant T0 = Instant.parse("2026-11-03T08:00:00.123456789Z");
  private static final Instant NOV = Instant.parse("2026-11-01T00:00:00Z");
  private static final Instant DEC = Instant.parse("2026-12-01T00:00:00Z");
  private static final List<SnapshotDisk> DISKS = List.of(new SnapshotDisk("ceph", "rbd", "vm-root", (3L << 30) + 1),
      new SnapshotDisk("backup", "slow", "vm-data", 1L << 29));

  JdbcSnapshotBooks books;

  /** @return a builder for the books under test (the same database each call within a test) */
  abstract JdbcSnapshotBooks.Builder builder();

  /** @return a ledger on the same database */
  abstract JdbcLedger ledger();

  /** @return a raw connection to the same database */
  abstract Connection raw() throws SQLException;

  @BeforeEach
  void open() {
    books = builder().build();
  }

  @AfterEach
  void close() {
    books.close();
  }

  private static SnapshotRecord record(Username owner, UUID vm, String name, Instant at) {
    return new SnapshotRecord(UUID.randomUUID().toString(), owner, vm, name, DISKS, at, false);
  }

  private static SnapshotUsage usage(String id, Username owner, long bytes, Instant start, Instant end) {
    return new SnapshotUsage(id, owner, UUID.nameUUIDFromBytes(id.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "snap-" + id,
        bytes, start, end);
  }

  /** The same calls the snapshot service makes over a month: creations, deletions, a restart of billing. */
  private static final List<Consumer<SnapshotBillingListener>> SCRIPT = List.of(
      l -> l.started(usage("a", ALICE, (3L << 30) + 1, T0, null)),
      l -> l.started(usage("b", BOB, 1L << 29, T0.plusSeconds(10), null)),
      l -> l.started(usage("c", ALICE, 7, T0, null)), // same instant as a: insertion order breaks the tie
      l -> l.ended(usage("b", BOB, 1L << 29, T0.plusSeconds(10), T0.plusSeconds(20))),
      l -> l.ended(usage("d", BOB, 1L << 30, T0.minusSeconds(3600), T0.minusSeconds(60))), // never started here
      l -> l.ended(usage("c", ALICE, 7, T0.plusSeconds(5), T0.plusSeconds(30))), // the recorded start is kept
      l -> l.started(usage("e", ALICE, 0, Instant.parse("2026-10-31T23:59:59.999999999Z"), null)),
      l -> l.started(usage("a", ALICE, 5L << 30, T0.plusSeconds(1), null))); // billing restarted: replaced

  private static final List<Instant[]> PERIODS = List.of(
      new Instant[] {NOV, DEC},
      new Instant[] {T0.plusSeconds(20), DEC}, // b ended exactly at the start: not in it
      new Instant[] {NOV, T0}, // a and c start exactly at the end: not in it
      new Instant[] {T0.plusSeconds(15), T0.plusSeconds(16)},
      new Instant[] {Instant.parse("2026-10-01T00:00:00Z"), NOV},
      new Instant[] {Instant.MIN, Instant.MAX});

  @Test
  @DisplayName("usage answers exactly as SnapshotUsageRecorder does for the same calls, over every period")
  void usageMatchesTheRecorder() {
    SnapshotUsageRecorder recorder = new SnapshotUsageRecorder();
    for (Consumer<SnapshotBillingListener> call : SCRIPT) {
      call.accept(recorder);
      call.accept(books.billing());
    }

    assertThat(books.usage().usages()).isEqualTo(recorder.usages());
    for (Instant[] period : PERIODS) {
      assertThat(books.usage().usage(period[0], period[1])).as("usage from %s to %s", period[0], period[1])
          .isEqualTo(recorder.usage(period[0], period[1]));
    }
    List<UsageRecord> november = books.usage().usage(NOV, DEC);
    assertThat(november).extracting(UsageRecord::reference).containsExactly("e", "d", "c", "a", "b");
    assertThat(november.get(3).gigabytes()).isEqualByComparingTo(new BigDecimal("5"));
    assertThat(november.get(3).from()).isEqualTo(T0.plusSeconds(1));
    assertThat(november.get(2).gigabytes()).isEqualTo(BigDecimal.valueOf(7).divide(BigDecimal.valueOf(1L << 30)));
    assertThat(november.get(2).from()).isEqualTo(T0);
    assertThat(november.get(2).to()).isEqualTo(T0.plusSeconds(30));
    assertThat(november).allMatch(u -> u.productCode().equals(SnapshotUsage.PRODUCT));
  }

  @Test
  @DisplayName("an end before the recorded start is refused as the recorder refuses it, and nothing changes")
  void endBeforeStartRefused() {
    SnapshotUsageRecorder recorder = new SnapshotUsageRecorder();
    SnapshotUsage started = usage("x", ALICE, 1L << 30, T0, null);
    recorder.started(started);
    books.billing().started(started);
    SnapshotUsage early = usage("x", ALICE, 1L << 30, T0.minusSeconds(10), T0.minusSeconds(5));

    assertThatThrownBy(() -> recorder.ended(early)).isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "invalid_argument");
    assertThatThrownBy(() -> books.billing().ended(early)).isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "invalid_argument")
        .hasMessageContaining("before it starts");
    assertThat(books.usage().usages()).isEqualTo(recorder.usages()).containsExactly(started);
  }

  @Test
  @DisplayName("started refuses a closed interval and ended an open one")
  void openAndClosedChecked() {
    assertThatThrownBy(() -> books.billing().started(usage("y", ALICE, 1, T0, T0.plusSeconds(1))))
        .isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "invalid_argument").hasMessageContaining("must be open");
    assertThatThrownBy(() -> books.billing().ended(usage("y", ALICE, 1, T0, null)))
        .isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "invalid_argument").hasMessageContaining("must have an end");
    assertThat(books.usage().usages()).isEmpty();
  }

  @Test
  @DisplayName("taken refuses the id of a deleted snapshot, seen by other books on the database, and keeps its billed interval")
  void takenRefusesTheIdOfADeletedSnapshot() {
    UUID vm = UUID.randomUUID();
    SnapshotRecord first = record(ALICE, vm, "nightly", T0);
    books.taken(first);
    books.deleted(first, T0.plusSeconds(3600));
    SnapshotRecord again = new SnapshotRecord(first.id(), ALICE, vm, "nightly", DISKS, T0.plusSeconds(7200), false);

    try (JdbcSnapshotBooks other = builder().build()) {
      assertThat(other.wasTaken(first.id())).isTrue();
      assertThat(other.wasTaken("never-taken")).isFalse();
      assertThatThrownBy(() -> other.taken(again)).isInstanceOf(ConflictException.class)
          .hasFieldOrPropertyWithValue("errorCode", "idempotency_conflict");
    }
    assertThat(books.records().find(first.id())).isEmpty();
    assertThat(books.usage().usages()).containsExactly(SnapshotUsage.started(first).endedAt(T0.plusSeconds(3600)));
  }

  @Test
  @DisplayName("taken records a snapshot and starts its billing together; a taken name starts no billing")
  void takenIsOneChange() {
    UUID vm = UUID.randomUUID();
    SnapshotRecord first = record(ALICE, vm, "nightly", T0);
    books.taken(first);
    SnapshotRecord clash = record(ALICE, vm, "nightly", T0.plusSeconds(1));

    assertThatThrownBy(() -> books.taken(clash)).isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("errorCode", "snapshot_name_taken");

    assertThat(books.records().listByVm(vm)).containsExactly(first);
    assertThat(books.usage().usages()).containsExactly(SnapshotUsage.started(first));
  }

  @Test
  @DisplayName("deleted removes the record and ends its billing together; a refused end keeps the record")
  void deletedIsOneChange() {
    SnapshotRecord r = record(ALICE, UUID.randomUUID(), "nightly", T0);
    books.taken(r);

    assertThatThrownBy(() -> books.deleted(r, T0.minusSeconds(1))).isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "invalid_argument");
    assertThat(books.records().find(r.id())).contains(r);
    assertThat(books.usage().usages()).containsExactly(SnapshotUsage.started(r));

    assertThat(books.deleted(r, T0.plusSeconds(60))).isTrue();
    assertThat(books.records().find(r.id())).isEmpty();
    assertThat(books.usage().usages()).containsExactly(SnapshotUsage.started(r).endedAt(T0.plusSeconds(60)));
    assertThat(books.deleted(r, T0.plusSeconds(90))).isFalse();
  }

  @Test
  @DisplayName("records keep nanosecond times; records of the same instant list in the order they were added")
  void exactTimesAndInsertionOrder() {
    UUID vm = UUID.randomUUID();
    SnapshotRecord second = record(ALICE, vm, "zeta", T0);
    SnapshotRecord first = record(ALICE, vm, "alpha", T0.minusNanos(1));
    SnapshotRecord third = record(ALICE, vm, "beta", T0);
    List.of(second, first, third).forEach(books.records()::add);

    assertThat(books.records().listByVm(vm)).containsExactly(first, second, third);
    assertThat(books.records().find(first.id()).orElseThrow().createdAt()).isEqualTo(T0.minusNanos(1));
  }

  @Test
  @DisplayName("a name is unique per VM across two books on one database; a reused id is refused too")
  void uniqueAcrossInstances() {
    UUID vm = UUID.randomUUID();
    SnapshotRecord taken = record(ALICE, vm, "nightly", T0);
    books.records().add(taken);

    try (JdbcSnapshotBooks other = builder().build()) {
      assertThatThrownBy(() -> other.records().add(record(ALICE, vm, "nightly", T0.plusSeconds(1))))
          .isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("errorCode", "snapshot_name_taken").hasMessageContaining("nightly")
          .hasMessageContaining(taken.id());
      SnapshotRecord sameId = new SnapshotRecord(taken.id(), ALICE, UUID.randomUUID(), "other", DISKS, T0, false);
      assertThatThrownBy(() -> other.records().add(sameId)).isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("errorCode", "snapshot_name_taken")
          .hasMessageContaining("already recorded");
    }
    assertThat(books.records().listAll()).containsExactly(taken);
  }

  @Test
  @DisplayName("the database itself refuses a second name on a VM, a disk of no record and an end before the start")
  void constraintsInTheDatabase() throws SQLException {
    UUID vm = UUID.randomUUID();
    books.records().add(record(ALICE, vm, "nightly", T0));
    books.billing().started(usage("u", ALICE, 1, T0, null));

    try (Connection c = raw(); Statement st = c.createStatement()) {
      assertThatThrownBy(() -> st.executeUpdate("INSERT INTO snapshot_record (id, account, vm_id, name, created_at_ns, "
          + "protected) VALUES ('other', 'alice', '" + vm + "', 'nightly', 0, " + falseLiteral() + ")"))
          .isInstanceOf(SQLException.class);
      assertThatThrownBy(() -> st.executeUpdate("INSERT INTO snapshot_disk (snapshot_id, position, cluster, pool, "
          + "image, size_bytes) VALUES ('no-such-record', 0, 'ceph', 'rbd', 'img', 1)"))
          .isInstanceOf(SQLException.class);
      assertThatThrownBy(() -> st.executeUpdate("UPDATE snapshot_usage SET ended_at_ns = started_at_ns - 1"))
          .isInstanceOf(SQLException.class);
    }
    assertThat(books.records().listByVm(vm)).hasSize(1);
  }

  /** @return the SQL literal of false for the protected column */
  abstract String falseLiteral();

  @Test
  @DisplayName("records and open and closed usage survive closing and reopening; billing reads the same usage")
  void survivesReopen() {
    UUID vm = UUID.randomUUID();
    SnapshotRecord kept = record(ALICE, vm, "kept", T0);
    SnapshotRecord deleted = record(ALICE, vm, "deleted", T0.plusSeconds(1));
    SnapshotRecord bobs = record(BOB, UUID.randomUUID(), "bobs", T0.plusSeconds(2));
    SnapshotUsageRecorder recorder = new SnapshotUsageRecorder();
    for (SnapshotBillingListener listener : List.of(recorder, books.billing())) {
      listener.started(SnapshotUsage.started(kept));
      listener.started(SnapshotUsage.started(deleted));
      listener.started(SnapshotUsage.started(bobs));
      listener.ended(SnapshotUsage.started(deleted).endedAt(T0.plusSeconds(3600)));
    }
    List.of(kept, deleted, bobs).forEach(books.records()::add);
    books.records().remove(deleted.id());
    books.records().setProtected(kept.id(), true);
    List<UsageRecord> billedBefore = books.usage().usage(NOV, DEC);
    books.close();
    books.close(); // idempotent

    books = builder().build();

    assertThat(books.records().listAll()).containsExactly(kept.withProtected(true), bobs);
    assertThat(books.records().list(ALICE, Optional.of(vm))).containsExactly(kept.withProtected(true));
    assertThat(books.usage().usages()).isEqualTo(recorder.usages());
    assertThat(books.usage().usages()).filteredOn(SnapshotUsage::isOpen).extracting(SnapshotUsage::snapshotId)
        .containsExactly(kept.id(), bobs.id());
    UsageSource billing = books.usage();
    assertThat(billing.usage(NOV, DEC)).isEqualTo(billedBefore).isEqualTo(recorder.usage(NOV, DEC)).hasSize(3);
    books.billing().ended(SnapshotUsage.started(kept).endedAt(T0.plusSeconds(7200)));
    assertThat(billing.usage(T0.plusSeconds(7200), DEC)).extracting(UsageRecord::reference).containsExactly(bobs.id());
  }

  @Test
  @DisplayName("a version-2 database with ledger entries gets the snapshot tables at version 3, entries intact")
  void migratesAnOlderDatabase() throws SQLException {
    books.close();
    LedgerEntry deposit;
    try (JdbcLedger ledger = ledger()) {
      deposit = ledger.post(Entries.deposit("alice", "12.50")).entry();
      ledger.post(Entries.charge("alice", "2.25", "job-1"));
    }
    try (Connection c = raw(); Statement st = c.createStatement()) {
      // back to what uncloud wrote before the snapshot tables existed
      st.executeUpdate("DROP TABLE snapshot_disk");
      st.executeUpdate("DROP TABLE snapshot_record");
      st.executeUpdate("DROP TABLE snapshot_usage");
      st.executeUpdate("DELETE FROM uncloud_schema_version WHERE version = " + SnapshotSchema.VERSION);
      assertThat(versions(st)).containsExactly(1, ShopSchema.VERSION, ShopSchema.BILLS_PER_PAYMENT, UnappliedPaymentRows.VERSION,
          HoldRows.VERSION, JdbcServerOrderJournal.VERSION, JdbcPaymentRecords.VERSION,
          QuotaPots.VERSION, OutboxRows.VERSION, DispatchLeaseRows.VERSION);
    }

    books = builder().build();

    try (Connection c = raw(); Statement st = c.createStatement()) {
      assertThat(versions(st)).containsExactly(1, ShopSchema.VERSION, SnapshotSchema.VERSION, ShopSchema.BILLS_PER_PAYMENT,
          UnappliedPaymentRows.VERSION, HoldRows.VERSION, JdbcServerOrderJournal.VERSION, JdbcPaymentRecords.VERSION,
          QuotaPots.VERSION, OutboxRows.VERSION, DispatchLeaseRows.VERSION);
    }
    SnapshotRecord r = record(ALICE, UUID.randomUUID(), "after-migration", T0);
    books.records().add(r);
    assertThat(books.records().find(r.id())).contains(r);
    try (JdbcLedger ledger = ledger()) {
      assertThat(ledger.find(deposit.id())).contains(deposit);
      assertThat(ledger.entries(ALICE)).hasSize(2);
      assertThat(ledger.balance(ALICE, java.util.Currency.getInstance("CHF"))).isEqualTo(Money.of("10.25", "CHF"));
    }
  }

  @Test
  @DisplayName("a database whose schema is newer than this code is refused")
  void newerSchemaIsRefused() throws SQLException {
    books.close();
    try (Connection c = raw(); Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO uncloud_schema_version (version, description, applied_at) "
          + "VALUES (99, 'from the future', '2030-01-01T00:00:00Z')");
    }
    assertThatThrownBy(() -> builder().build()).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("version 99").hasMessageContaining("upgrade uncloud");
  }

  @Test
  @DisplayName("closed books fail as unavailable, and closing again does nothing")
  void closedBooks() {
    books.close();
    books.close();

    assertThatThrownBy(() -> books.records().listAll()).isInstanceOf(ProviderUnavailableException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> books.billing().started(usage("z", ALICE, 1, T0, null)))
        .isInstanceOf(ProviderUnavailableException.class);
    assertThatThrownBy(() -> books.usage().usage(NOV, DEC)).isInstanceOf(ProviderUnavailableException.class);
  }

  private static List<Integer> versions(Statement st) throws SQLException {
    List<Integer> versions = new java.util.ArrayList<>();
    try (ResultSet rs = st.executeQuery("SELECT version FROM uncloud_schema_version ORDER BY version")) {
      while (rs.next()) {
        versions.add(rs.getInt(1));
      }
    }
    return versions;
  }
}
