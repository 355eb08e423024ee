package ch.uncloud.jdbc;

import static ch.uncloud.jdbc.Entries.charge;
import static ch.uncloud.jdbc.Entries.deposit;
import static ch.uncloud.jdbc.Entries.reversal;
import static ch.uncloud.jdbc.Entries.reversalOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.ConflictException;
import ch.uncloud.api.Money;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.AccountBalance;
import ch.uncloud.api.credit.EntryId;
import ch.uncloud.api.credit.EntryKind;
import ch.uncloud.api.credit.LedgerEntry;
import ch.uncloud.api.credit.Pot;
import ch.uncloud.api.credit.NewEntry;
import ch.uncloud.api.credit.Posting;
import ch.uncloud.api.payments.UnappliedPayment;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Store-specific behaviour of {@link JdbcLedger} beyond the shared ledger contract, run on each store. */
abstract class JdbcLedgerBehaviour {
  static final Currency CHF = Currency.getInstance("CHF");

  JdbcLedger ledger;

  /** @return a builder for an empty store; every call in one test opens the same store */
  abstract JdbcLedgerBuilder store();

  /** @return a raw connection to the same store */
  abstract Connection raw() throws SQLException;

  @BeforeEach
  void open() {
    ledger = store().build();
  }

  @AfterEach
  void close() {
    ledger.close();
  }

  @Test
  @DisplayName("a charge is stored exactly as posted and lowers the balance")
  void chargeRoundTrips() {
    Posting posting = ledger.post(charge("alice", "1.05", "k1"));

    assertThat(posting.replayed()).isFalse();
    assertThat(posting.entry().balanceAfter()).isEqualTo(Money.of("-1.05", "CHF"));
    assertThat(ledger.find(posting.entry().id())).contains(posting.entry());
    assertThat(posting.entry().bookedAt()).isEqualTo(Entries.T0);
    assertThat(ledger.balance(Username.of("alice"), CHF)).isEqualTo(Money.of("-1.05", "CHF"));
  }

  @Test
  @DisplayName("amounts stay exact: 0.10 and 0.20 make 0.30, and currencies keep their decimals")
  void amountsAreExact() {
    ledger.post(deposit("bob", "0.10"));
    ledger.post(deposit("bob", "0.20"));
    NewEntry yen = new NewEntry(EntryId.random(), EntryKind.DEPOSIT, ServiceName.of("cashier"), Username.of("bob"),
        Money.of("1234567", "JPY"), "cash", "raplab", Entries.T0, null, null);
    NewEntry dinar = new NewEntry(EntryId.random(), EntryKind.DEPOSIT, ServiceName.of("cashier"),
        Username.of("bob"), Money.of("0.001", "BHD"), "cash", "raplab", Entries.T0, null, null);
    ledger.post(yen);
    ledger.post(dinar);

    assertThat(ledger.balance(Username.of("bob"), CHF).amount()).isEqualTo(new BigDecimal("0.30"));
    assertThat(ledger.balance(Username.of("bob"), Currency.getInstance("JPY"))).isEqualTo(Money.of("1234567", "JPY"));
    assertThat(ledger.balance(Username.of("bob"), Currency.getInstance("BHD")).amount())
        .isEqualTo(new BigDecimal("0.001"));
  }

  @Test
  @DisplayName("a replay under the same service and key returns the stored entry and writes nothing")
  void replayReturnsStoredEntry() {
    Posting first = ledger.post(charge("alice", "2.00", "job-7"));
    Posting again = ledger.post(charge("alice", "2.00", "job-7"));

    assertThat(again.replayed()).isTrue();
    assertThat(again.entry()).isEqualTo(first.entry());
    assertThat(ledger.entries(Username.of("alice"))).hasSize(1);
    assertThat(ledger.balance(Username.of("alice"), CHF)).isEqualTo(Money.of("-2.00", "CHF"));
  }

  @Test
  @DisplayName("the same key under another service is a different booking")
  void keysAreUniquePerService() {
    ledger.post(charge("3dprint", "alice", "1.00", "k", Entries.T0));
    Posting other = ledger.post(charge("laser", "alice", "1.00", "k", Entries.T0));

    assertThat(other.replayed()).isFalse();
    assertThat(ledger.balance(Username.of("alice"), CHF)).isEqualTo(Money.of("-2.00", "CHF"));
  }

  @Test
  @DisplayName("reusing an entry id under another key is refused")
  void duplicateIdIsRefused() {
    NewEntry first = charge("alice", "1.00", "a");
    ledger.post(first);
    NewEntry sameId = new NewEntry(first.id(), first.kind(), first.service(), first.account(), first.delta(),
        first.comment(), first.principal(), first.bookedAt(), null, null);

    assertThatThrownBy(() -> ledger.post(sameId)).isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("errorCode", "idempotency_conflict");
    assertThat(ledger.entries(Username.of("alice"))).hasSize(1);
  }

  @Test
  @DisplayName("reversing an unknown entry fails with unknown_charge and books nothing")
  void unknownReversal() {
    assertThatThrownBy(() -> ledger.post(reversalOf(EntryId.of("nope"))))
        .isInstanceOf(NotFoundException.class).hasFieldOrPropertyWithValue("errorCode", "unknown_charge").hasMessageContaining("nope");
    assertThat(ledger.entries(Username.of("alice"))).isEmpty();
    assertThat(ledger.balances(CHF)).isEmpty();
  }

  @Test
  @DisplayName("an entry can be reversed once; the second reversal fails with already_reversed")
  void reverseOnce() {
    LedgerEntry original = ledger.post(charge("alice", "3.00", null)).entry();
    LedgerEntry storno = ledger.post(reversal(original, null)).entry();

    assertThat(storno.balanceAfter()).isEqualTo(Money.of("0.00", "CHF"));
    assertThat(ledger.findReversalOf(original.id())).contains(storno);
    assertThatThrownBy(() -> ledger.post(reversal(original, null))).isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("errorCode", "already_reversed");
    assertThat(ledger.entries(Username.of("alice"))).containsExactly(original, storno);
  }

  @Test
  @DisplayName("lists entries in booking order, by account and by service period")
  void listsInBookingOrder() {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    LedgerEntry a = ledger.post(charge("3dprint", "alice", "1.00", null, t.plusSeconds(30))).entry();
    LedgerEntry b = ledger.post(charge("3dprint", "alice", "2.00", null, t.plusSeconds(10))).entry();
    LedgerEntry c = ledger.post(charge("laser", "alice", "3.00", null, t.plusSeconds(20))).entry();
    LedgerEntry d = ledger.post(charge("3dprint", "bob", "4.00", null, t.plusSeconds(60))).entry();

    assertThat(ledger.entries(Username.of("alice"))).containsExactly(a, b, c);
    assertThat(ledger.entries(ServiceName.of("3dprint"), t, t.plusSeconds(60))).containsExactly(a, b);
    assertThat(ledger.entries(ServiceName.of("3dprint"), t.plusSeconds(10), t.plusSeconds(61)))
        .containsExactly(a, b, d);
    assertThat(ledger.balances(CHF)).containsExactly(
        new AccountBalance(Username.of("alice"), Money.of("-6.00", "CHF")),
        new AccountBalance(Username.of("bob"), Money.of("-4.00", "CHF")));
  }

  @Test
  @DisplayName("entries are append-only in the store itself")
  void appendOnly() throws SQLException {
    ledger.post(charge("alice", "1.00", null));
    try (Connection c = raw(); Statement st = c.createStatement()) {
      assertThatThrownBy(() -> st.executeUpdate("UPDATE ledger_entry SET amount_minor = 0"))
          .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
      assertThatThrownBy(() -> st.executeUpdate("DELETE FROM ledger_entry"))
          .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
    }
  }

  @Test
  @DisplayName("concurrent callers are all booked exactly once and balances equal the sums of entries")
  void concurrentPosts() throws Exception {
    int threads = 16;
    int perThread = 150;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<EntryId>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          List<EntryId> ids = new ArrayList<>();
          for (int i = 0; i < perThread; i++) {
            ids.add(ledger.post(charge("user" + (i % 7), "0.05", "t" + thread + "-" + i)).entry().id());
          }
          return ids;
        }));
      }
      List<EntryId> all = new ArrayList<>();
      for (Future<List<EntryId>> f : futures) {
        all.addAll(f.get(60, TimeUnit.SECONDS));
      }
      assertThat(all).doesNotHaveDuplicates().hasSize(threads * perThread);
    } finally {
      pool.shutdownNow();
    }
    assertBalancesEqualSums();
    assertThat(ledger.balances(CHF).stream().map(b -> b.balance().amount()).reduce(BigDecimal.ZERO, BigDecimal::add))
        .isEqualByComparingTo(new BigDecimal("-120.00"));
  }

  @Test
  @DisplayName("in one batch, a refused reversal fails only its own caller")
  void refusalFailsOnlyItsCaller() throws Exception {
    LedgerEntry original = ledger.post(charge("alice", "5.00", null)).entry();
    int callers = 12;
    ExecutorService pool = Executors.newFixedThreadPool(callers * 2);
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger reversed = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger charged = new AtomicInteger();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        futures.add(pool.submit(() -> {
          start.await();
          try {
            ledger.post(reversal(original, null));
            reversed.incrementAndGet();
          } catch (ConflictException e) {
            if (!"already_reversed".equals(e.errorCode())) {
              throw e;
            }
            refused.incrementAndGet();
          }
          return null;
        }));
        futures.add(pool.submit(() -> {
          start.await();
          ledger.post(charge("bob", "1.00", null));
          charged.incrementAndGet();
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(reversed).hasValue(1);
    assertThat(refused).hasValue(callers - 1);
    assertThat(charged).hasValue(callers);
    assertThat(ledger.balance(Username.of("alice"), CHF)).isEqualTo(Money.of("0.00", "CHF"));
    assertThat(ledger.balance(Username.of("bob"), CHF)).isEqualTo(Money.of("-12.00", "CHF"));
  }

  @Test
  @DisplayName("two ledgers on one store (as two processes would) book a contested key and reversal once")
  void twoWritersOnOneStore() throws Exception {
    LedgerEntry original = ledger.post(charge("alice", "5.00", null)).entry();
    try (JdbcLedger second = store().build()) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      CountDownLatch start = new CountDownLatch(1);
      Map<String, Boolean> reversals = new ConcurrentHashMap<>();
      try {
        List<Future<Posting>> keyed = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          JdbcLedger target = i % 2 == 0 ? ledger : second;
          int n = i;
          keyed.add(pool.submit(() -> {
            start.await();
            try {
              target.post(reversal(original, null));
              reversals.put("ok" + n, true);
            } catch (ConflictException e) {
              if (!"already_reversed".equals(e.errorCode())) {
                throw e;
              }
              reversals.put("refused" + n, true);
            }
            return target.post(charge("carol", "1.00", "contested"));
          }));
        }
        start.countDown();
        List<Posting> postings = new ArrayList<>();
        for (Future<Posting> f : keyed) {
          postings.add(f.get(60, TimeUnit.SECONDS));
        }
        assertThat(postings.stream().filter(p -> !p.replayed())).hasSize(1);
        assertThat(postings.stream().map(p -> p.entry().id()).distinct()).hasSize(1);
      } finally {
        pool.shutdownNow();
      }
      assertThat(reversals.keySet().stream().filter(k -> k.startsWith("ok"))).hasSize(1);
      assertThat(second.entries(Username.of("carol"))).hasSize(1);
      assertThat(second.balance(Username.of("alice"), CHF)).isEqualTo(Money.of("0.00", "CHF"));
    }
    assertBalancesEqualSums();
  }

  @Test
  @DisplayName("reopening keeps every entry and balance")
  void reopenKeepsData() {
    LedgerEntry entry = ledger.post(charge("alice", "7.25", "persist")).entry();
    ledger.close();
    ledger = store().build();

    assertThat(ledger.find(entry.id())).contains(entry);
    assertThat(ledger.post(charge("alice", "7.25", "persist")).replayed()).isTrue();
    assertThat(ledger.balance(Username.of("alice"), CHF)).isEqualTo(Money.of("-7.25", "CHF"));
  }

  @Test
  @DisplayName("an unapplied payment and its application survive a restart")
  void unappliedPaymentSurvivesRestart() {
    UnappliedPayment kept = ledger.keepUnapplied(new UnappliedPayment("topup-ghost", Username.of("ghost"),
        Money.of("20.00", "CHF"), "evt_1", Entries.T0, null, null, null, null));
    ledger.close();
    ledger = store().build();

    assertThat(ledger.unappliedPayments()).containsExactly(kept);
    UnappliedPayment applied = ledger.markApplied("topup-ghost", Username.of("alice"), EntryId.random(), "bursar",
        Entries.T0.plusSeconds(60));
    ledger.close();
    ledger = store().build();
    assertThat(ledger.unappliedPayments()).containsExactly(applied);
  }

  @Test
  @DisplayName("a store from before the quota pot (version 8) migrates to version 9 with its entries counted as paid credit")
  void entriesBeforeTheQuotaPotArePaidCredit() throws SQLException {
    LedgerEntry deposit = ledger.post(deposit("alice", "12.00")).entry();
    LedgerEntry charge = ledger.post(charge("alice", "7.25", "before-quota")).entry();
    ledger.close();
    try (Connection c = raw(); Statement st = c.createStatement()) {
      // back to the entries of version 8, as an uncloud before the quota pot left them
      for (String column : List.of("pot", "quota_minor", "quota_after_minor")) {
        st.executeUpdate("ALTER TABLE ledger_entry DROP COLUMN " + column);
      }
      st.executeUpdate("DELETE FROM uncloud_schema_version WHERE version = " + QuotaPots.VERSION);
    }

    ledger = store().build();

    Username alice = Username.of("alice");
    assertThat(ledger.find(charge.id())).contains(charge);
    assertThat(ledger.entries(alice)).extracting(LedgerEntry::pot).containsOnly(Pot.SPLIT);
    assertThat(ledger.entries(alice)).extracting(LedgerEntry::creditDelta)
        .containsExactly(deposit.delta(), charge.delta());
    assertThat(ledger.quota(alice, CHF)).isEqualTo(Money.of("0.00", "CHF"));
    assertThat(ledger.balance(alice, CHF)).isEqualTo(Money.of("4.75", "CHF"));
    assertThat(ledger.post(charge("alice", "1.00", "after-quota")).entry().creditAfter())
        .isEqualTo(Money.of("3.75", "CHF"));
  }

  @Test
  @DisplayName("a store whose schema is newer than this code is refused")
  void newerSchemaIsRefused() throws SQLException {
    ledger.close();
    try (Connection c = raw(); Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO uncloud_schema_version (version, description, applied_at) "
          + "VALUES (99, 'from the future', '2030-01-01T00:00:00Z')");
    }
    assertThatThrownBy(() -> store().build()).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("version 99").hasMessageContaining("upgrade uncloud");
  }

  @Test
  @DisplayName("the schema is recorded at its newest version (ledger 1, shop 2, snapshots 3, bills per payment 4, unapplied payments 5, holds 6, server order journal 7, payment records 8, quota pot 9, outbox 10, dispatcher lease 11)")
  void schemaVersionRecorded() throws SQLException {
    try (Connection c = raw(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT MAX(version) FROM uncloud_schema_version")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(DispatchLeaseRows.VERSION).isEqualTo(11);
    }
  }

  @Test
  @DisplayName("posting to a closed ledger fails as unavailable")
  void closedLedger() {
    ledger.close();
    assertThatThrownBy(() -> ledger.post(charge("alice", "1.00", null)))
        .isInstanceOf(ProviderUnavailableException.class);
    assertThatThrownBy(() -> ledger.balance(Username.of("alice"), CHF))
        .isInstanceOf(ProviderUnavailableException.class);
  }

  void assertBalancesEqualSums() {
    for (AccountBalance balance : ledger.balances(CHF)) {
      Money sum = Money.zero(CHF);
      Money running = Money.zero(CHF);
      for (LedgerEntry e : ledger.entries(balance.account())) {
        if (e.delta().currency().equals(CHF)) {
          sum = sum.plus(e.delta());
          running = running.plus(e.delta());
          assertThat(e.balanceAfter()).as("balance after %s", e.id()).isEqualTo(running);
        }
      }
      assertThat(balance.balance()).as("balance of %s", balance.account()).isEqualTo(sum);
    }
  }
}
