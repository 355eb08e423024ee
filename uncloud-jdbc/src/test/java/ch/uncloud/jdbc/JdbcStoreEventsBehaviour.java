package ch.uncloud.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConflictException;
import ch.uncloud.api.Username;
import ch.uncloud.api.events.Event;
import ch.uncloud.api.events.EventId;
import ch.uncloud.api.events.EventType;
import ch.uncloud.api.snapshots.SnapshotDisk;
import ch.uncloud.api.snapshots.SnapshotRecord;
import ch.uncloud.spi.EventOutbox;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The stores beside the ledger (snapshot books, payment records, the server order journal) write the
 * events of their changes in the change's own transaction when the outbox is the ledger's on the same
 * database: a committed change always has its event, a failed write announces nothing.
 */
abstract class JdbcStoreEventsBehaviour {
  private static final Username ALICE = Username.of("alice");
  private static final Instant T0 = Instant.parse("2026-11-03T08:00:00Z");
  private static final List<SnapshotDisk> DISKS = List.of(new SnapshotDisk("ceph", "rbd", "vm-root", 1L << 30));

  private JdbcLedger ledger;
  private EventOutbox outbox;

  /** @return a ledger on the database under test (a new handle each call) */
  abstract JdbcLedger ledger();

  /** @return the builder's connection settings pointed at the database under test */
  abstract <B extends JdbcStoreBuilder<B>> B on(B builder);

  /** @return a raw connection to the database under test */
  abstract Connection raw() throws SQLException;

  /** Makes every insert into {@code table} fail, as a broken constraint would. */
  abstract void failInsertsInto(String table) throws SQLException;

  @BeforeEach
  void openLedger() {
    ledger = ledger();
    outbox = ledger.outbox().orElseThrow();
  }

  @AfterEach
  void closeLedger() {
    ledger.close();
  }

  /** An event of the type whose every field is {@code name}, so a kept one says which it is. */
  private static Event event(EventType type, String name) {
    Map<String, String> data = new java.util.LinkedHashMap<>();
    type.fields().forEach(field -> data.put(field, name));
    return new Event(EventId.derived(name), type, T0, ALICE, data);
  }

  private List<String> kept() {
    return outbox.events(0, 100).stream().map(e -> e.data().get(e.type().fields().iterator().next())).toList();
  }

  private static SnapshotRecord snapshot(UUID vm, String name) {
    return new SnapshotRecord(UUID.randomUUID().toString(), ALICE, vm, name, DISKS, T0, false);
  }

  @Test
  @DisplayName("a snapshot taken and deleted is committed with its events, each kept once")
  void snapshotEventsCommitWithTheRecord() {
    try (JdbcSnapshotBooks books = on(JdbcSnapshotBooks.builder()).build()) {
      SnapshotRecord record = snapshot(UUID.randomUUID(), "first");

      books.taken(record, outbox, List.of(event(EventType.SNAPSHOT_TAKEN, "taken")));
      books.deleted(record, T0.plusSeconds(60), outbox, List.of(event(EventType.SNAPSHOT_DELETED, "deleted")));
      books.deleted(record, T0.plusSeconds(60), outbox, List.of(event(EventType.SNAPSHOT_DELETED, "deleted")));

      assertThat(books.records().find(record.id())).isEmpty();
      assertThat(kept()).containsExactly("taken", "deleted");
    }
  }

  @Test
  @DisplayName("a snapshot refused by the store (its name is taken) announces nothing")
  void refusedSnapshotAnnouncesNothing() {
    try (JdbcSnapshotBooks books = on(JdbcSnapshotBooks.builder()).build()) {
      UUID vm = UUID.randomUUID();
      books.taken(snapshot(vm, "nightly"), outbox, List.of(event(EventType.SNAPSHOT_TAKEN, "first")));

      assertThatThrownBy(() -> books.taken(snapshot(vm, "nightly"), outbox,
          List.of(event(EventType.SNAPSHOT_TAKEN, "second"))))
          .isInstanceOf(ConflictException.class);

      assertThat(kept()).containsExactly("first");
    }
  }

  @Test
  @DisplayName("a snapshot whose events cannot be written is not recorded either: the record and its events are one transaction")
  void snapshotAndEventsAreOneTransaction() throws SQLException {
    try (JdbcSnapshotBooks books = on(JdbcSnapshotBooks.builder()).build()) {
      SnapshotRecord kept = snapshot(UUID.randomUUID(), "kept");
      books.taken(kept, outbox, List.of(event(EventType.SNAPSHOT_TAKEN, "kept")));
      failInsertsInto("event_outbox");
      SnapshotRecord record = snapshot(UUID.randomUUID(), "lost");

      assertThatThrownBy(() -> books.taken(record, outbox, List.of(event(EventType.SNAPSHOT_TAKEN, "lost"))))
          .isInstanceOf(RuntimeException.class);
      assertThatThrownBy(() -> books.deleted(kept, T0.plusSeconds(1), outbox,
          List.of(event(EventType.SNAPSHOT_DELETED, "deleted"))))
          .isInstanceOf(RuntimeException.class);

      assertThat(books.records().find(record.id())).isEmpty();
      assertThat(books.records().find(kept.id())).isPresent();
      assertThat(kept()).containsExactly("kept");
    }
  }

  @Test
  @DisplayName("a recorded card registration is committed with its event, once however often it is recorded")
  void cardRegistrationCommitsWithItsEvent() {
    try (JdbcPaymentRecords records = on(JdbcPaymentRecords.builder()).build()) {
      records.eventApplied("card-registrations", "stripe/seti_1", T0, outbox,
          List.of(event(EventType.CARD_REGISTERED, "card")));
      records.eventApplied("card-registrations", "stripe/seti_1", T0.plusSeconds(5), outbox,
          List.of(event(EventType.CARD_REGISTERED, "card")));

      assertThat(records.isEventApplied("card-registrations", "stripe/seti_1")).isTrue();
      assertThat(kept()).containsExactly("card");
    }
  }

  @Test
  @DisplayName("a card registration the records cannot store announces nothing")
  void failedCardRecordAnnouncesNothing() throws SQLException {
    try (JdbcPaymentRecords records = on(JdbcPaymentRecords.builder()).build()) {
      failInsertsInto("payment_event_applied");

      assertThatThrownBy(() -> records.eventApplied("card-registrations", "stripe/seti_1", T0, outbox,
          List.of(event(EventType.CARD_REGISTERED, "card")))).isInstanceOf(RuntimeException.class);
      assertThat(kept()).isEmpty();
    }
  }

  @Test
  @DisplayName("a card registration whose event cannot be written is not recorded: the record and its event are one transaction")
  void cardRecordAndEventAreOneTransaction() throws SQLException {
    try (JdbcPaymentRecords records = on(JdbcPaymentRecords.builder()).build()) {
      failInsertsInto("event_outbox");

      assertThatThrownBy(() -> records.eventApplied("card-registrations", "stripe/seti_1", T0, outbox,
          List.of(event(EventType.CARD_REGISTERED, "card")))).isInstanceOf(RuntimeException.class);
      assertThat(records.isEventApplied("card-registrations", "stripe/seti_1")).isFalse();
    }
  }

  @Test
  @DisplayName("a server order's journal document is committed with its checkout event, kept once over repeated saves")
  void checkoutCommitsWithItsEvent() {
    try (JdbcServerOrderJournal journal = on(JdbcServerOrderJournal.builder()).build()) {
      journal.save("order-1", "{\"state\":\"PREPARED\"}");
      journal.save("order-1", "{\"state\":\"CHECKED_OUT\"}", outbox,
          List.of(event(EventType.SERVER_ORDER_CHECKED_OUT, "checked out")));
      journal.save("order-1", "{\"state\":\"CHECKED_OUT\"}", outbox,
          List.of(event(EventType.SERVER_ORDER_CHECKED_OUT, "checked out")));

      assertThat(journal.find("order-1")).contains("{\"state\":\"CHECKED_OUT\"}");
      assertThat(kept()).containsExactly("checked out");
    }
  }

  @Test
  @DisplayName("a checkout the journal cannot save announces nothing, and one whose event cannot be written is not journaled")
  void failedCheckoutAnnouncesNothing() throws SQLException {
    try (JdbcServerOrderJournal journal = on(JdbcServerOrderJournal.builder()).build()) {
      journal.save("order-1", "{\"state\":\"PREPARED\"}");
      failInsertsInto("event_outbox");

      assertThatThrownBy(() -> journal.save("order-1", "{\"state\":\"CHECKED_OUT\"}", outbox,
          List.of(event(EventType.SERVER_ORDER_CHECKED_OUT, "checked out")))).isInstanceOf(RuntimeException.class);
      assertThat(journal.find("order-1")).contains("{\"state\":\"PREPARED\"}");

      failInsertsInto("server_order_journal");
      assertThatThrownBy(() -> journal.save("order-2", "{\"state\":\"CHECKED_OUT\"}", outbox,
          List.of(event(EventType.SERVER_ORDER_CHECKED_OUT, "second")))).isInstanceOf(RuntimeException.class);
      assertThat(kept()).isEmpty();
    }
  }

  /** Runs statements on a raw connection. */
  void execute(String... statements) throws SQLException {
    try (Connection c = raw(); Statement st = c.createStatement()) {
      for (String sql : statements) {
        st.execute(sql);
      }
    }
  }
}
