package ch.uncloud.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConflictException;
import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.InsufficientFundsException;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.AccountBalance;
import ch.uncloud.api.credit.EntryId;
import ch.uncloud.api.credit.EntryKind;
import ch.uncloud.api.credit.Hold;
import ch.uncloud.api.credit.HoldId;
import ch.uncloud.api.credit.HoldState;
import ch.uncloud.api.credit.LedgerEntry;
import ch.uncloud.api.credit.NewEntry;
import ch.uncloud.api.credit.Posting;
import ch.uncloud.api.credit.PostingOutcome;
import ch.uncloud.api.credit.Pot;
import ch.uncloud.api.payments.UnappliedPayment;
import ch.uncloud.spi.AccountEntriesQuery;
import ch.uncloud.spi.Ledger;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Ledger} must have. Extend it, return a fresh empty ledger from
 * {@link #newLedger()}, and every test runs against your implementation; the kit closes the ledger
 * after each test.
 *
 * <pre>{@code
 * class SqliteLedgerContractTest extends LedgerContract {
 *   @TempDir Path dir;
 *   protected Ledger newLedger() { return JdbcLedger.sqlite(dir.resolve("ledger.db")); }
 * }
 * }</pre>
 */
public abstract class LedgerContract {
  /** The currency the kit books in. */
  protected static final Currency CHF = Currency.getInstance("CHF");
  /** The first booking time; each booking is one millisecond later than the previous one. */
  protected static final Instant START = Instant.parse("2026-10-01T08:00:00Z");
  private static final ServiceName PRINT = ServiceName.of("3dprint");
  private static final ServiceName LASER = ServiceName.of("lasercutter");
  private static final ServiceName QUOTA = ServiceName.of("quota");
  private static final Username ALICE = Username.of("alice");
  private static final Username BOB = Username.of("bob");

  private final AtomicLong tick = new AtomicLong();
  private Ledger ledger;

  /**
   * @return a new, empty ledger; called before every test
   */
  protected abstract Ledger newLedger();

  @Test
  @DisplayName("a payment kept as unapplied is kept once per payment id and listed until and after it is applied")
  void unappliedPaymentsAreKeptOnce() {
    UnappliedPayment first = unapplied("topup-1", "ghost", "20.00");
    UnappliedPayment second = unapplied("topup-2", "nobody", "5.50");

    assertThat(ledger.keepUnapplied(first)).isEqualTo(first);
    assertThat(ledger.keepUnapplied(unapplied("topup-1", "other", "99.00"))).isEqualTo(first);
    ledger.keepUnapplied(second);

    assertThat(ledger.unappliedPayments()).containsExactly(first, second);
    assertThat(ledger.balances(CHF)).isEmpty();
  }

  @Test
  @DisplayName("an unapplied payment is marked applied once; a second application keeps the first; an unknown id is unknown_payment")
  void unappliedPaymentIsAppliedOnce() {
    ledger.keepUnapplied(unapplied("topup-1", "ghost", "20.00"));
    EntryId entry = EntryId.random();
    Instant at = nextInstant();

    UnappliedPayment applied = ledger.markApplied("topup-1", ALICE, entry, "bursar", at);
    UnappliedPayment again = ledger.markApplied("topup-1", BOB, EntryId.random(), "raplab", nextInstant());

    assertThat(applied.isApplied()).isTrue();
    assertThat(applied.appliedTo()).isEqualTo(ALICE);
    assertThat(applied.entry()).isEqualTo(entry);
    assertThat(applied.appliedBy()).isEqualTo("bursar");
    assertThat(applied.appliedAt()).isEqualTo(at);
    assertThat(again).isEqualTo(applied);
    assertThat(ledger.unappliedPayments()).containsExactly(applied);
    assertThatThrownBy(() -> ledger.markApplied("topup-9", ALICE, entry, "bursar", at))
        .isInstanceOf(NotFoundException.class).hasFieldOrPropertyWithValue("errorCode", "unknown_payment");
  }

  private UnappliedPayment unapplied(String paymentId, String account, String amount) {
    return new UnappliedPayment(paymentId, Username.of(account), chf(amount), "evt_" + paymentId, nextInstant(),
        null, null, null, null);
  }

  /**
   * @return the number of threads the concurrency tests use
   */
  protected int concurrency() {
    return 8;
  }

  @BeforeEach
  final void openLedger() {
    ledger = newLedger();
  }

  @AfterEach
  final void closeLedger() {
    if (ledger != null) {
      ledger.close();
    }
  }

  @Test
  @DisplayName("a charge lowers the balance and reports the balance right after it")
  void chargeLowersBalance() {
    Posting posting = ledger.post(charge(ALICE, PRINT, "4.20", null));

    assertThat(posting.replayed()).isFalse();
    assertThat(posting.entry().balanceAfter()).isEqualTo(chf("-4.20"));
    assertThat(ledger.balance(ALICE, CHF)).isEqualTo(chf("-4.20"));
  }

  @Test
  @DisplayName("the stored entry keeps every field of the booking")
  void storedEntryKeepsFields() {
    NewEntry entry = charge(ALICE, PRINT, "12.35", "key-1");
    LedgerEntry stored = ledger.post(entry).entry();

    assertThat(ledger.find(entry.id())).contains(stored);
    assertThat(stored.samePayloadAs(entry)).isTrue();
    assertThat(stored.id()).isEqualTo(entry.id());
    assertThat(stored.bookedAt()).isEqualTo(entry.bookedAt());
    assertThat(stored.idempotencyKey()).isEqualTo(IdempotencyKey.of("key-1"));
  }

  @Test
  @DisplayName("the balance always equals the sum of the account's entries")
  void balanceIsSumOfEntries() {
    ledger.post(deposit(ALICE, "20.00"));
    ledger.post(charge(ALICE, PRINT, "7.35", null));
    ledger.post(charge(ALICE, LASER, "15.00", null));
    ledger.post(deposit(BOB, "1.00"));

    assertThat(ledger.balance(ALICE, CHF)).isEqualTo(chf("-2.35")).isEqualTo(sum(ledger.entries(ALICE)));
    assertThat(ledger.entries(ALICE)).extracting(LedgerEntry::balanceAfter)
        .containsExactly(chf("20.00"), chf("12.65"), chf("-2.35"));
  }

  @Test
  @DisplayName("an account without entries has a zero balance and unknown ids are not found")
  void emptyAccount() {
    assertThat(ledger.balance(Username.of("nobody"), CHF)).isEqualTo(Money.zero(CHF));
    assertThat(ledger.entries(Username.of("nobody"))).isEmpty();
    assertThat(ledger.find(EntryId.of("missing"))).isEmpty();
    assertThat(ledger.findReversalOf(EntryId.of("missing"))).isEmpty();
  }

  @Test
  @DisplayName("the same idempotency key in the same service returns the first entry and writes nothing")
  void idempotentReplay() {
    NewEntry first = charge(ALICE, PRINT, "3.00", "job-7");
    ledger.post(first);
    Posting again = ledger.post(charge(ALICE, PRINT, "3.00", "job-7"));

    assertThat(again.replayed()).isTrue();
    assertThat(again.entry().id()).isEqualTo(first.id());
    assertThat(ledger.entries(ALICE)).hasSize(1);
    assertThat(ledger.balance(ALICE, CHF)).isEqualTo(chf("-3.00"));
  }

  @Test
  @DisplayName("a replay with a different payload returns the stored entry for the caller to compare")
  void replayWithOtherPayloadReturnsStoredEntry() {
    NewEntry first = charge(ALICE, PRINT, "3.00", "job-8");
    ledger.post(first);
    NewEntry other = charge(BOB, PRINT, "9.00", "job-8");
    Posting again = ledger.post(other);

    assertThat(again.replayed()).isTrue();
    assertThat(again.entry().samePayloadAs(other)).isFalse();
    assertThat(ledger.entries(BOB)).isEmpty();
  }

  @Test
  @DisplayName("idempotency keys are unique per service, not across services")
  void keysArePerService() {
    ledger.post(charge(ALICE, PRINT, "1.00", "same"));
    Posting other = ledger.post(charge(ALICE, LASER, "1.00", "same"));

    assertThat(other.replayed()).isFalse();
    assertThat(ledger.balance(ALICE, CHF)).isEqualTo(chf("-2.00"));
  }

  @Test
  @DisplayName("a reversal books the exact opposite and points at the original")
  void reversal() {
    NewEntry original = charge(ALICE, PRINT, "8.80", null);
    ledger.post(original);
    LedgerEntry reversal = ledger.post(reversalOf(ALICE, PRINT, original, "+8.80", null)).entry();

    assertThat(reversal.reverses()).isEqualTo(original.id());
    assertThat(ledger.findReversalOf(original.id())).contains(reversal);
    assertThat(ledger.balance(ALICE, CHF)).isEqualTo(Money.zero(CHF));
    assertThat(ledger.find(original.id())).isPresent();
  }

  @Test
  @DisplayName("an entry can be reversed only once")
  void reversalOnlyOnce() {
    NewEntry original = charge(ALICE, PRINT, "8.80", null);
    ledger.post(original);
    ledger.post(reversalOf(ALICE, PRINT, original, "+8.80", null));

    assertThatThrownBy(() -> ledger.post(reversalOf(ALICE, PRINT, original, "+8.80", null)))
        .isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("errorCode", "already_reversed");
    assertThat(ledger.balance(ALICE, CHF)).isEqualTo(Money.zero(CHF));
  }

  @Test
  @DisplayName("a retried reversal with the same key is a replay, not a second storno")
  void reversalReplay() {
    NewEntry original = charge(ALICE, PRINT, "8.80", null);
    ledger.post(original);
    NewEntry reversal = reversalOf(ALICE, PRINT, original, "+8.80", "storno-1");
    ledger.post(reversal);
    Posting again = ledger.post(reversalOf(ALICE, PRINT, original, "+8.80", "storno-1"));

    assertThat(again.replayed()).isTrue();
    assertThat(again.entry().id()).isEqualTo(reversal.id());
  }

  @Test
  @DisplayName("reversing an entry that does not exist fails and writes nothing")
  void reversalOfUnknown() {
    NewEntry ghost = charge(ALICE, PRINT, "1.00", null);

    assertThatThrownBy(() -> ledger.post(reversalOf(ALICE, PRINT, ghost, "+1.00", null)))
        .isInstanceOf(NotFoundException.class).hasFieldOrPropertyWithValue("errorCode", "unknown_charge");
    assertThat(ledger.entries(ALICE)).isEmpty();
  }

  @Test
  @DisplayName("a service's entries are listed for a half-open period in booking order")
  void entriesOfServiceInPeriod() {
    NewEntry a = charge(ALICE, PRINT, "1.00", null);
    NewEntry b = charge(BOB, PRINT, "2.00", null);
    NewEntry c = charge(ALICE, LASER, "3.00", null);
    NewEntry d = charge(BOB, PRINT, "4.00", null);
    List.of(a, b, c, d).forEach(ledger::post);

    assertThat(ledger.entries(PRINT, a.bookedAt(), d.bookedAt())).extracting(LedgerEntry::id)
        .containsExactly(a.id(), b.id());
    assertThat(ledger.entries(PRINT, START, START.plus(Duration.ofDays(1)))).extracting(LedgerEntry::id)
        .containsExactly(a.id(), b.id(), d.id());
  }

  @Test
  @DisplayName("a page of an account's entries holds only its own, of the period and services, in booking order, up to the limit")
  void accountEntriesFilteredAndLimited() {
    NewEntry a = charge(ALICE, PRINT, "1.00", null);
    NewEntry b = charge(BOB, PRINT, "2.00", null);
    NewEntry c = charge(ALICE, LASER, "3.00", null);
    NewEntry d = charge(ALICE, PRINT, "4.00", null);
    NewEntry e = charge(ALICE, PRINT, "5.00", null);
    List.of(a, b, c, d, e).forEach(ledger::post);
    Instant end = START.plus(Duration.ofDays(1));

    assertThat(ledger.entries(new AccountEntriesQuery(ALICE, START, end, Set.of(), null, 10)))
        .extracting(LedgerEntry::id).containsExactly(a.id(), c.id(), d.id(), e.id());
    assertThat(ledger.entries(new AccountEntriesQuery(ALICE, START, end, Set.of(PRINT), null, 2)))
        .extracting(LedgerEntry::id).containsExactly(a.id(), d.id());
    assertThat(ledger.entries(new AccountEntriesQuery(ALICE, c.bookedAt(), e.bookedAt(), Set.of(PRINT, LASER), null, 10)))
        .extracting(LedgerEntry::id).containsExactly(c.id(), d.id());
    assertThat(ledger.entries(new AccountEntriesQuery(ALICE, Instant.EPOCH, Instant.parse("9999-01-01T00:00:00Z"),
        Set.of(), null, 10))).as("a period wider than the ledger stores holds everything").hasSize(4);
  }

  @Test
  @DisplayName("pages of an account's entries continue after the cursor's entry, each entry once, also when more are booked")
  void accountEntriesPageAfterCursor() {
    NewEntry a = charge(ALICE, PRINT, "1.00", null);
    NewEntry b = charge(ALICE, LASER, "2.00", null);
    NewEntry c = charge(ALICE, PRINT, "3.00", null);
    List.of(a, b, c).forEach(ledger::post);
    Instant end = START.plus(Duration.ofDays(1));

    List<LedgerEntry> first = ledger.entries(new AccountEntriesQuery(ALICE, START, end, Set.of(PRINT), null, 1));
    NewEntry d = charge(ALICE, PRINT, "4.00", null);
    ledger.post(d);
    List<LedgerEntry> rest = ledger.entries(new AccountEntriesQuery(ALICE, START, end, Set.of(PRINT), first.get(0).id(),
        10));

    assertThat(first).extracting(LedgerEntry::id).containsExactly(a.id());
    assertThat(rest).extracting(LedgerEntry::id).containsExactly(c.id(), d.id());
    assertThat(ledger.entries(new AccountEntriesQuery(BOB, START, end, Set.of(), a.id(), 10)))
        .as("another account's entry is no cursor").isEmpty();
    assertThat(ledger.entries(new AccountEntriesQuery(ALICE, START, end, Set.of(), EntryId.random(), 10)))
        .as("an unknown cursor").isEmpty();
  }

  @Test
  @DisplayName("a newest-first page of an account's entries goes back from the latest, of the services asked, and "
      + "continues before the cursor's entry")
  void accountEntriesNewestFirst() {
    NewEntry a = charge(ALICE, PRINT, "1.00", null);
    NewEntry b = charge(ALICE, LASER, "2.00", null);
    NewEntry c = charge(BOB, PRINT, "3.00", null);
    NewEntry d = charge(ALICE, PRINT, "4.00", null);
    NewEntry e = charge(ALICE, PRINT, "5.00", null);
    List.of(a, b, c, d, e).forEach(ledger::post);

    assertThat(ledger.entries(AccountEntriesQuery.latest(ALICE, Set.of(), 3)))
        .extracting(LedgerEntry::id).containsExactly(e.id(), d.id(), b.id());
    assertThat(ledger.entries(AccountEntriesQuery.latest(ALICE, Set.of(PRINT), 10)))
        .extracting(LedgerEntry::id).containsExactly(e.id(), d.id(), a.id());
    assertThat(ledger.entries(new AccountEntriesQuery(ALICE, START, START.plus(Duration.ofDays(1)), Set.of(), d.id(), 10,
        true))).extracting(LedgerEntry::id).containsExactly(b.id(), a.id());
    assertThat(ledger.entries(AccountEntriesQuery.latest(Username.of("nobody"), Set.of(), 10))).isEmpty();
  }

  @Test
  @DisplayName("balances lists every account that has entries")
  void balances() {
    ledger.post(deposit(ALICE, "5.00"));
    ledger.post(charge(BOB, PRINT, "2.50", null));

    assertThat(ledger.balances(CHF)).containsExactlyInAnyOrder(
        new AccountBalance(ALICE, chf("5.00")), new AccountBalance(BOB, chf("-2.50")));
  }

  @Test
  @DisplayName("concurrent postings from many threads lose and double nothing")
  void concurrentPostings() throws Exception {
    int threads = concurrency();
    int perThread = 250;
    List<Username> users = List.of(ALICE, BOB, Username.of("carol"), Username.of("dave"));
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      tasks.add(() -> {
        for (int i = 0; i < perThread; i++) {
          Username user = users.get((thread + i) % users.size());
          ledger.post(charge(user, PRINT, "0.05", "t" + thread + "-" + i));
          if (i % 10 == 0) {
            ledger.post(charge(user, PRINT, "0.05", "t" + thread + "-" + i)); // a retry
          }
        }
        return null;
      });
    }
    runAll(tasks);

    Money total = Money.zero(CHF);
    int entries = 0;
    for (Username user : users) {
      List<LedgerEntry> list = ledger.entries(user);
      entries += list.size();
      assertThat(ledger.balance(user, CHF)).isEqualTo(sum(list));
      total = total.plus(ledger.balance(user, CHF));
    }
    assertThat(entries).isEqualTo(threads * perThread);
    assertThat(total).isEqualTo(Money.of(new BigDecimal("-0.05").multiply(BigDecimal.valueOf((long) threads * perThread)), CHF));
  }

  @Test
  @DisplayName("concurrent postings with one idempotency key store exactly one entry")
  void concurrentSameKey() throws Exception {
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int t = 0; t < concurrency(); t++) {
      tasks.add(() -> {
        ledger.post(charge(ALICE, PRINT, "1.00", "only-once"));
        return null;
      });
    }
    runAll(tasks);

    assertThat(ledger.entries(ALICE)).hasSize(1);
    assertThat(ledger.balance(ALICE, CHF)).isEqualTo(chf("-1.00"));
  }

  @Test
  @DisplayName("concurrent reversals of one entry: exactly one succeeds")
  void concurrentReversals() throws Exception {
    NewEntry original = charge(ALICE, PRINT, "6.00", null);
    ledger.post(original);
    List<Callable<Boolean>> tasks = new ArrayList<>();
    for (int t = 0; t < concurrency(); t++) {
      tasks.add(() -> {
        try {
          ledger.post(reversalOf(ALICE, PRINT, original, "+6.00", null));
          return true;
        } catch (ConflictException e) {
          if (!"already_reversed".equals(e.errorCode())) {
            throw e;
          }
          return false;
        }
      });
    }
    long succeeded = runAll(tasks).stream().filter(Boolean::booleanValue).count();

    assertThat(succeeded).isEqualTo(1);
    assertThat(ledger.balance(ALICE, CHF)).isEqualTo(Money.zero(CHF));
  }

  @Test
  @DisplayName("a charge that would take the account below its floor is refused with what is available and the limit, and writes nothing")
  void chargeBelowFloorIsRefused() {
    ledger.post(deposit(ALICE, "5.00"));

    assertThatThrownBy(() -> ledger.post(charge(ALICE, PRINT, "15.01", null).withFloor(chf("-10.00"))))
        .isInstanceOfSatisfying(InsufficientFundsException.class, e -> {
          assertThat(e.errorCode()).isEqualTo("insufficient_funds");
          assertThat(e.available()).isEqualTo(chf("5.00"));
          assertThat(e.limit()).isEqualTo(chf("10.00"));
        });
    assertThat(ledger.entries(ALICE)).hasSize(1);
    assertThat(ledger.balance(ALICE, CHF)).isEqualTo(chf("5.00"));
  }

  @Test
  @DisplayName("a batch books every entry with running balances; a refused entry in the middle fails only itself")
  void batchWithRefusedEntryInTheMiddle() {
    ledger.post(deposit(ALICE, "5.00"));
    List<NewEntry> batch = List.of(
        charge(ALICE, PRINT, "2.00", "batch-1").withFloor(chf("0.00")),
        charge(ALICE, PRINT, "4.00", "batch-2").withFloor(chf("0.00")),
        charge(ALICE, PRINT, "3.00", "batch-3").withFloor(chf("0.00")),
        charge(BOB, LASER, "1.50", "batch-4"));

    List<PostingOutcome> outcomes = ledger.postAll(batch);

    assertThat(outcomes).hasSize(4);
    assertThat(outcomes.get(0).posting().entry().balanceAfter()).isEqualTo(chf("3.00"));
    assertThat(outcomes.get(1).refusal()).isInstanceOfSatisfying(InsufficientFundsException.class,
        e -> assertThat(e.available()).isEqualTo(chf("3.00")));
    assertThat(outcomes.get(2).posting().entry().balanceAfter()).isEqualTo(chf("0.00"));
    assertThat(outcomes.get(3).posting().entry().balanceAfter()).isEqualTo(chf("-1.50"));
    assertThat(ledger.entries(ALICE)).hasSize(3);
    assertThat(ledger.balance(ALICE, CHF)).isEqualTo(chf("0.00"));
    assertThat(ledger.balance(BOB, CHF)).isEqualTo(chf("-1.50"));
  }

  @Test
  @DisplayName("a replayed batch writes nothing and returns each stored entry marked replayed; a refused entry stays refused")
  void replayedBatch() {
    List<NewEntry> batch = List.of(
        charge(ALICE, PRINT, "2.00", "again-1"),
        charge(ALICE, PRINT, "9.00", "again-2").withFloor(chf("-5.00")),
        charge(BOB, PRINT, "1.00", "again-3"));
    List<PostingOutcome> first = ledger.postAll(batch);

    List<PostingOutcome> second = ledger.postAll(List.of(
        charge(ALICE, PRINT, "2.00", "again-1"),
        charge(ALICE, PRINT, "9.00", "again-2").withFloor(chf("-5.00")),
        charge(BOB, PRINT, "1.00", "again-3")));

    assertThat(second.get(0).posting().replayed()).isTrue();
    assertThat(second.get(0).posting().entry().id()).isEqualTo(first.get(0).posting().entry().id());
    assertThat(second.get(1).refusal()).isInstanceOf(InsufficientFundsException.class);
    assertThat(second.get(2).posting().entry().id()).isEqualTo(first.get(2).posting().entry().id());
    assertThat(ledger.entries(ALICE)).hasSize(1);
    assertThat(ledger.balance(ALICE, CHF)).isEqualTo(chf("-2.00"));
    assertThat(ledger.balance(BOB, CHF)).isEqualTo(chf("-1.00"));
  }

  @Test
  @DisplayName("the same key twice in one batch books the entry once and answers the second as its replay")
  void sameKeyTwiceInOneBatch() {
    List<PostingOutcome> outcomes = ledger.postAll(List.of(
        charge(ALICE, PRINT, "2.00", "twice"), charge(ALICE, PRINT, "2.00", "twice")));

    assertThat(outcomes.get(0).posting().replayed()).isFalse();
    assertThat(outcomes.get(1).posting().replayed()).isTrue();
    assertThat(outcomes.get(1).posting().entry().id()).isEqualTo(outcomes.get(0).posting().entry().id());
    assertThat(ledger.balance(ALICE, CHF)).isEqualTo(chf("-2.00"));
  }

  @Test
  @DisplayName("a charge down to exactly its floor is booked; deposits and charges without a floor are never limited")
  void chargeToFloorIsBooked() {
    assertThat(ledger.post(charge(ALICE, PRINT, "10.00", null).withFloor(chf("-10.00"))).entry().balanceAfter())
        .isEqualTo(chf("-10.00"));
    assertThat(ledger.post(charge(ALICE, PRINT, "90.00", null)).entry().balanceAfter()).isEqualTo(chf("-100.00"));
    assertThatThrownBy(() -> ledger.post(charge(ALICE, PRINT, "0.01", null).withFloor(chf("0.00"))))
        .isInstanceOf(InsufficientFundsException.class);
  }

  @Test
  @DisplayName("concurrent charges with a floor on one account never overshoot it: exactly as many are booked as fit")
  void concurrentChargesNeverOvershootTheFloor() throws Exception {
    ledger.post(deposit(ALICE, "3.00"));

    int booked = chargeTenCentsConcurrently("floor-", "20.00");

    assertThat(booked).isEqualTo(230);
    assertThat(ledger.balance(ALICE, CHF)).isEqualTo(chf("-20.00")).isEqualTo(sum(ledger.entries(ALICE)));
    assertThat(ledger.entries(ALICE)).hasSize(231);
  }

  @Test
  @DisplayName("a charge is spent from quota before paid credit")
  void quotaIsSpentBeforeCredit() {
    ledger.post(deposit(ALICE, "10.00"));
    ledger.post(grant(ALICE, "5.00", null, "grant-1"));

    LedgerEntry charged = ledger.post(charge(ALICE, PRINT, "3.00", null)).entry();

    assertThat(charged.quotaDelta()).isEqualTo(chf("-3.00"));
    assertThat(charged.creditDelta()).isEqualTo(chf("0.00"));
    assertThat(charged.quotaAfter()).isEqualTo(chf("2.00"));
    assertThat(charged.creditAfter()).isEqualTo(chf("10.00"));
    assertThat(ledger.quota(ALICE, CHF)).isEqualTo(chf("2.00"));
    assertThat(ledger.balance(ALICE, CHF)).isEqualTo(chf("12.00"));
  }

  @Test
  @DisplayName("a charge larger than the quota left is one entry split into a quota part and a paid-credit part")
  void chargeLargerThanQuotaSplits() {
    ledger.post(deposit(ALICE, "10.00"));
    ledger.post(grant(ALICE, "5.00", null, "grant-1"));

    LedgerEntry charged = ledger.post(charge(ALICE, PRINT, "8.00", null)).entry();

    assertThat(charged.delta()).isEqualTo(chf("-8.00"));
    assertThat(charged.quotaDelta()).isEqualTo(chf("-5.00"));
    assertThat(charged.creditDelta()).isEqualTo(chf("-3.00"));
    assertThat(ledger.quota(ALICE, CHF)).isEqualTo(chf("0.00"));
    assertThat(ledger.balance(ALICE, CHF)).isEqualTo(chf("7.00"));
    assertThat(ledger.entries(ALICE)).hasSize(3);
  }

  @Test
  @DisplayName("each pot's balance equals the sum of the entries' parts in it")
  void eachPotIsTheSumOfItsParts() {
    ledger.post(grant(ALICE, "20.00", chf("20.00"), "grant-1"));
    ledger.post(deposit(ALICE, "4.00"));
    NewEntry big = charge(ALICE, PRINT, "22.50", null);
    ledger.post(big);
    ledger.post(charge(ALICE, LASER, "1.00", null));
    ledger.post(reversalOf(ALICE, PRINT, big, "22.50", null));
    ledger.post(lapse(ALICE, "7.00", "lapse-1"));
    ledger.post(charge(ALICE, PRINT, "0.35", null));

    List<LedgerEntry> entries = ledger.entries(ALICE);
    Money quota = entries.stream().map(LedgerEntry::quotaDelta).reduce(Money.zero(CHF), Money::plus);
    Money credit = entries.stream().map(LedgerEntry::creditDelta).reduce(Money.zero(CHF), Money::plus);
    assertThat(ledger.quota(ALICE, CHF)).isEqualTo(quota).isEqualTo(chf("12.65"));
    assertThat(ledger.balance(ALICE, CHF).minus(ledger.quota(ALICE, CHF))).isEqualTo(credit).isEqualTo(chf("3.00"));
    assertThat(entries.get(entries.size() - 1).quotaAfter()).isEqualTo(quota);
  }

  @Test
  @DisplayName("a paid deposit on an account with quota says the quota and the paid credit after it: a deposit that does not clear the debt leaves the paid credit negative")
  void paidDepositKnowsTheQuotaPot() {
    ledger.post(grant(ALICE, "20.00", null, "grant-1"));
    ledger.post(charge(ALICE, PRINT, "25.00", null));

    LedgerEntry deposited = ledger.post(deposit(ALICE, "3.00")).entry();

    assertThat(deposited.quotaDelta()).isEqualTo(chf("0.00"));
    assertThat(deposited.quotaAfter()).isEqualTo(chf("0.00"));
    assertThat(deposited.creditAfter()).isEqualTo(chf("-2.00"));
    ledger.post(grant(ALICE, "20.00", null, "grant-2"));
    LedgerEntry second = ledger.post(deposit(ALICE, "1.00")).entry();
    assertThat(second.balanceAfter()).isEqualTo(chf("19.00"));
    assertThat(second.quotaAfter()).as("the quota granted before the deposit").isEqualTo(chf("20.00"));
    assertThat(second.creditAfter()).as("still in debt: the lock stays").isEqualTo(chf("-1.00"));
  }

  @Test
  @DisplayName("debt is on paid credit only: quota never goes below zero and a grant does not pay a debt")
  void debtIsOnPaidCreditOnly() {
    ledger.post(grant(ALICE, "5.00", null, "grant-1"));
    LedgerEntry first = ledger.post(charge(ALICE, PRINT, "3.00", null)).entry();
    LedgerEntry second = ledger.post(charge(ALICE, PRINT, "4.00", null)).entry();
    LedgerEntry granted = ledger.post(grant(ALICE, "10.00", null, "grant-2")).entry();

    assertThat(first.creditAfter().isNegative()).isFalse();
    assertThat(second.quotaAfter()).isEqualTo(chf("0.00"));
    assertThat(second.creditAfter()).isEqualTo(chf("-2.00"));
    assertThat(granted.balanceAfter()).isEqualTo(chf("8.00"));
    assertThat(granted.creditAfter()).isEqualTo(chf("-2.00"));
  }

  @Test
  @DisplayName("a grant with the same service and key books once, however often it is posted")
  void grantIsIdempotentPerKey() {
    Posting first = ledger.post(grant(ALICE, "20.00", chf("20.00"), "semester:2026-H2:alice"));
    ledger.post(charge(ALICE, PRINT, "5.00", null));
    Posting again = ledger.post(grant(ALICE, "20.00", chf("20.00"), "semester:2026-H2:alice"));

    assertThat(again.replayed()).isTrue();
    assertThat(again.entry().id()).isEqualTo(first.entry().id());
    assertThat(again.entry().samePayloadAs(grant(ALICE, "20.00", chf("20.00"), "semester:2026-H2:alice"))).isTrue();
    assertThat(ledger.quota(ALICE, CHF)).isEqualTo(chf("15.00"));
  }

  @Test
  @DisplayName("reversing a grant part of which is spent is refused with not_reversible, booking nothing")
  void reversingSpentGrantIsRefused() {
    NewEntry granted = grant(ALICE, "20.00", null, "grant-1");
    ledger.post(granted);
    ledger.post(charge(ALICE, PRINT, "15.00", null));

    assertThatThrownBy(() -> ledger.post(reversalOf(ALICE, QUOTA, granted, "-20.00", "storno-grant-1")))
        .isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.errorCode()).isEqualTo("not_reversible"))
        .hasMessageContaining("quota already spent cannot be taken back");
    assertThat(ledger.entries(ALICE)).hasSize(2);
    assertThat(ledger.quota(ALICE, CHF)).isEqualTo(chf("5.00"));
    assertThat(ledger.balance(ALICE, CHF)).isEqualTo(chf("5.00"));

    ledger.post(grant(ALICE, "15.00", null, "grant-2")); // with the pot refilled, the same grant reverses whole
    LedgerEntry reversed = ledger.post(reversalOf(ALICE, QUOTA, granted, "-20.00", "storno-grant-2")).entry();
    assertThat(reversed.quotaDelta()).isEqualTo(chf("-20.00"));
    assertThat(ledger.quota(ALICE, CHF)).isEqualTo(chf("0.00"));
    assertThat(ledger.balance(ALICE, CHF)).isEqualTo(chf("0.00"));
  }

  @Test
  @DisplayName("reversing a grant none of which is spent empties its part of the quota pot")
  void reversingUnspentGrantReturnsItWhole() {
    ledger.post(deposit(ALICE, "10.00"));
    NewEntry granted = grant(ALICE, "20.00", null, "grant-1");
    ledger.post(granted);

    LedgerEntry reversed = ledger.post(reversalOf(ALICE, QUOTA, granted, "-20.00", "storno-grant-1")).entry();

    assertThat(reversed.quotaDelta()).isEqualTo(chf("-20.00"));
    assertThat(reversed.creditDelta()).isEqualTo(chf("0.00"));
    assertThat(ledger.quota(ALICE, CHF)).isEqualTo(chf("0.00"));
    assertThat(ledger.balance(ALICE, CHF)).isEqualTo(chf("10.00"));
  }

  @Test
  @DisplayName("a grant adds at most what brings the quota pot to its cap, down to a grant of zero at the cap")
  void grantStopsAtItsCap() {
    ledger.post(grant(ALICE, "15.00", chf("30.00"), "g-1"));

    LedgerEntry topped = ledger.post(grant(ALICE, "20.00", chf("30.00"), "g-2")).entry();
    LedgerEntry atCap = ledger.post(grant(ALICE, "20.00", chf("30.00"), "g-3")).entry();

    assertThat(topped.delta()).isEqualTo(chf("15.00"));
    assertThat(topped.pot()).isEqualTo(Pot.QUOTA);
    assertThat(atCap.delta()).isEqualTo(chf("0.00"));
    assertThat(atCap.quotaAfter()).isEqualTo(chf("30.00"));
    assertThat(ledger.quota(ALICE, CHF)).isEqualTo(chf("30.00"));
    assertThat(ledger.entries(ALICE)).hasSize(3);
  }

  @Test
  @DisplayName("a lapse takes at most what is left in the quota pot and never touches paid credit")
  void lapseTakesOnlyQuota() {
    ledger.post(deposit(ALICE, "10.00"));
    ledger.post(grant(ALICE, "5.00", null, "g-1"));

    LedgerEntry lapsed = ledger.post(lapse(ALICE, "8.00", "lapse-1")).entry();
    LedgerEntry nothing = ledger.post(lapse(ALICE, "1.00", "lapse-2")).entry();

    assertThat(lapsed.delta()).isEqualTo(chf("-5.00"));
    assertThat(lapsed.creditDelta()).isEqualTo(chf("0.00"));
    assertThat(nothing.delta()).isEqualTo(chf("0.00"));
    assertThat(ledger.quota(ALICE, CHF)).isEqualTo(chf("0.00"));
    assertThat(ledger.balance(ALICE, CHF)).isEqualTo(chf("10.00"));
  }

  @Test
  @DisplayName("a lapse with a bound keeps that much in the quota pot: the later grants' part")
  void lapseKeepsItsBound() {
    ledger.post(grant(ALICE, "5.00", null, "g-1"));
    ledger.post(grant(ALICE, "20.00", null, "g-2"));
    ledger.post(charge(ALICE, PRINT, "2.00", null));

    NewEntry bounded = new NewEntry(EntryId.random(), EntryKind.CHARGE, QUOTA, ALICE,
        chf("-5.00"), "lapse", "uncloud", nextInstant(), IdempotencyKey.of("lapse-g-1"), null, null, Pot.QUOTA,
        chf("20.00"));
    LedgerEntry lapsed = ledger.post(bounded).entry();

    assertThat(lapsed.delta()).isEqualTo(chf("-3.00"));
    assertThat(ledger.quota(ALICE, CHF)).isEqualTo(chf("20.00"));
  }

  @Test
  @DisplayName("a reversal of a split charge returns each part to its own pot")
  void reversalReturnsEachPartToItsPot() {
    ledger.post(deposit(ALICE, "10.00"));
    ledger.post(grant(ALICE, "5.00", null, "g-1"));
    NewEntry split = charge(ALICE, PRINT, "8.00", null);
    ledger.post(split);

    LedgerEntry reversal = ledger.post(reversalOf(ALICE, PRINT, split, "8.00", null)).entry();

    assertThat(reversal.quotaDelta()).isEqualTo(chf("5.00"));
    assertThat(reversal.creditDelta()).isEqualTo(chf("3.00"));
    assertThat(ledger.quota(ALICE, CHF)).isEqualTo(chf("5.00"));
    assertThat(ledger.balance(ALICE, CHF)).isEqualTo(chf("15.00"));
  }

  @Test
  @DisplayName("a floor bounds paid credit below zero with the quota counted as available")
  void floorCountsQuotaAsAvailable() {
    ledger.post(grant(ALICE, "5.00", null, "g-1"));

    assertThatThrownBy(() -> ledger.post(charge(ALICE, PRINT, "7.01", null).withFloor(chf("-2.00"))))
        .isInstanceOfSatisfying(InsufficientFundsException.class,
            e -> assertThat(e.available()).isEqualTo(chf("5.00")));
    LedgerEntry booked = ledger.post(charge(ALICE, PRINT, "7.00", null).withFloor(chf("-2.00"))).entry();

    assertThat(booked.quotaDelta()).isEqualTo(chf("-5.00"));
    assertThat(booked.creditAfter()).isEqualTo(chf("-2.00"));
  }

  @Test
  @DisplayName("a batch splits each charge against the quota its earlier entries left")
  void batchSplitsAgainstRunningQuota() {
    ledger.post(grant(ALICE, "5.00", null, "g-1"));

    List<PostingOutcome> outcomes = ledger.postAll(List.of(
        charge(ALICE, PRINT, "3.00", "b-1"), charge(ALICE, PRINT, "3.00", "b-2"), charge(ALICE, PRINT, "3.00", "b-3")));

    assertThat(outcomes).extracting(o -> o.posting().entry().quotaDelta())
        .containsExactly(chf("-3.00"), chf("-2.00"), chf("0.00"));
    assertThat(outcomes).extracting(o -> o.posting().entry().creditAfter())
        .containsExactly(chf("0.00"), chf("-1.00"), chf("-4.00"));
    assertThat(ledger.quota(ALICE, CHF)).isEqualTo(chf("0.00"));
  }

  @Test
  @DisplayName("concurrent charges on one account with quota: exact totals in both pots and no overshoot of the floor")
  void concurrentChargesWithQuota() throws Exception {
    ledger.post(grant(ALICE, "10.00", null, "g-1"));
    ledger.post(deposit(ALICE, "3.00"));

    int booked = chargeTenCentsConcurrently("quota-", "20.00");

    List<LedgerEntry> entries = ledger.entries(ALICE);
    assertThat(booked).isEqualTo(330);
    assertThat(entries).hasSize(332);
    assertThat(entries.stream().map(LedgerEntry::quotaDelta).reduce(Money.zero(CHF), Money::plus))
        .isEqualTo(ledger.quota(ALICE, CHF)).isEqualTo(chf("0.00"));
    assertThat(entries.stream().map(LedgerEntry::creditDelta).reduce(Money.zero(CHF), Money::plus))
        .isEqualTo(ledger.balance(ALICE, CHF).minus(ledger.quota(ALICE, CHF))).isEqualTo(chf("-20.00"));
    assertThat(entries.stream().filter(e -> e.quotaDelta().isNegative())).hasSize(100);
  }

  @Test
  @DisplayName("a hold lowers what is held, never the balance; its capture books a charge of at most the hold and ends it")
  void holdThenCapture() {
    ledger.post(deposit(ALICE, "10.00"));
    Hold hold = ledger.reserve(hold(ALICE, PRINT, "6.00", null), null);

    assertThat(hold.replayed()).isFalse();
    assertThat(ledger.held(ALICE, CHF, nextInstant())).isEqualTo(chf("6.00"));
    assertThat(ledger.balance(ALICE, CHF)).isEqualTo(chf("10.00"));
    Posting captured = ledger.capture(hold.id(), charge(ALICE, PRINT, "4.50", null));

    assertThat(captured.entry().balanceAfter()).isEqualTo(chf("5.50"));
    assertThat(ledger.held(ALICE, CHF, nextInstant())).isEqualTo(Money.zero(CHF));
    assertThat(ledger.findHold(hold.id()).orElseThrow().state(nextInstant())).isEqualTo(HoldState.CAPTURED);
    assertThat(ledger.findHold(hold.id()).orElseThrow().capture()).isEqualTo(captured.entry().id());
  }

  @Test
  @DisplayName("a capture is once: again it replays the charge; past the hold it is capture_exceeds_hold; a release after it is hold_closed")
  void captureOnce() {
    Hold hold = ledger.reserve(hold(ALICE, PRINT, "2.00", null), null);

    assertThatThrownBy(() -> ledger.capture(hold.id(), charge(ALICE, PRINT, "2.01", null)))
        .isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "capture_exceeds_hold");
    Posting first = ledger.capture(hold.id(), charge(ALICE, PRINT, "2.00", null));
    Posting again = ledger.capture(hold.id(), charge(ALICE, PRINT, "2.00", null));

    assertThat(again.replayed()).isTrue();
    assertThat(again.entry()).isEqualTo(first.entry());
    assertThat(ledger.entries(ALICE)).hasSize(1);
    assertThatThrownBy(() -> ledger.release(hold.id(), nextInstant()))
        .isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("errorCode", "hold_closed");
    assertThatThrownBy(() -> ledger.capture(HoldId.of("no-such-hold"), charge(ALICE, PRINT, "1.00", null)))
        .isInstanceOf(NotFoundException.class).hasFieldOrPropertyWithValue("errorCode", "unknown_hold");
    assertThatThrownBy(() -> ledger.capture(ledger.reserve(hold(ALICE, PRINT, "1.00", null), null).id(),
        charge(BOB, PRINT, "1.00", null)))
        .isInstanceOf(NotFoundException.class).hasFieldOrPropertyWithValue("errorCode", "unknown_hold");
  }

  @Test
  @DisplayName("a release ends a hold once without booking; a released hold cannot be captured")
  void releaseEndsHold() {
    Hold hold = ledger.reserve(hold(ALICE, PRINT, "3.00", null), null);
    Hold released = ledger.release(hold.id(), nextInstant());

    assertThat(released.state(nextInstant())).isEqualTo(HoldState.RELEASED);
    assertThat(ledger.release(hold.id(), nextInstant())).isEqualTo(released);
    assertThat(ledger.held(ALICE, CHF, nextInstant())).isEqualTo(Money.zero(CHF));
    assertThatThrownBy(() -> ledger.capture(hold.id(), charge(ALICE, PRINT, "1.00", null)))
        .isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("errorCode", "hold_closed");
    assertThat(ledger.entries(ALICE)).isEmpty();
  }

  @Test
  @DisplayName("a hold past its expiry no longer counts and cannot be captured: it released itself")
  void expiredHoldReleasesItself() {
    Hold hold = ledger.reserve(hold(ALICE, PRINT, "3.00", null), null);
    Instant expired = hold.expiresAt();

    assertThat(ledger.held(ALICE, CHF, expired.minusNanos(1000))).isEqualTo(chf("3.00"));
    assertThat(ledger.held(ALICE, CHF, expired)).isEqualTo(Money.zero(CHF));
    NewEntry late = new NewEntry(EntryId.random(), EntryKind.CHARGE, PRINT, ALICE, chf("-1.00"), "late", "raplab",
        expired, null, null);
    assertThatThrownBy(() -> ledger.capture(hold.id(), late))
        .isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("errorCode", "hold_closed");
    assertThat(ledger.release(hold.id(), expired).state(expired)).isEqualTo(HoldState.EXPIRED);
  }

  @Test
  @DisplayName("a floor counts open holds: new holds and charges see the available amount, and a release frees it")
  void floorSeesHolds() {
    ledger.post(deposit(ALICE, "10.00"));
    Hold big = ledger.reserve(hold(ALICE, PRINT, "8.00", null), chf("0"));

    assertThatThrownBy(() -> ledger.reserve(hold(ALICE, LASER, "3.00", null), chf("0")))
        .isInstanceOfSatisfying(InsufficientFundsException.class,
            e -> assertThat(e.available()).isEqualTo(chf("2.00")));
    assertThatThrownBy(() -> ledger.post(charge(ALICE, LASER, "3.00", null).withFloor(chf("0"))))
        .isInstanceOf(InsufficientFundsException.class);
    ledger.release(big.id(), nextInstant());
    assertThat(ledger.reserve(hold(ALICE, LASER, "3.00", null), chf("0")).replayed()).isFalse();
  }

  @Test
  @DisplayName("a reserve with the same service and key returns the first hold and holds nothing more")
  void reserveIsIdempotent() {
    Hold first = ledger.reserve(hold(ALICE, PRINT, "3.00", "job-1"), null);
    Hold again = ledger.reserve(hold(ALICE, PRINT, "3.00", "job-1"), null);

    assertThat(again.replayed()).isTrue();
    assertThat(again.id()).isEqualTo(first.id());
    assertThat(ledger.held(ALICE, CHF, nextInstant())).isEqualTo(chf("3.00"));
  }

  @Test
  @DisplayName("an account's open holds are those neither captured, released nor expired, its own only, oldest first, "
      + "with every field as reserved")
  void openHoldsAreTheAccountsOwnStillOpen() {
    Hold captured = ledger.reserve(hold(ALICE, PRINT, "1.00", null), null);
    Hold first = ledger.reserve(hold(ALICE, PRINT, "2.00", "job-2"), null);
    Hold released = ledger.reserve(hold(ALICE, LASER, "3.00", null), null);
    Hold second = ledger.reserve(hold(ALICE, LASER, "4.00", null), null);
    ledger.reserve(hold(BOB, PRINT, "5.00", null), null);
    ledger.capture(captured.id(), charge(ALICE, PRINT, "1.00", null));
    ledger.release(released.id(), nextInstant());

    assertThat(ledger.openHolds(ALICE, nextInstant())).containsExactly(first, second);
    assertThat(ledger.openHolds(ALICE, first.expiresAt())).as("the first has expired").containsExactly(second);
    assertThat(ledger.openHolds(Username.of("nobody"), nextInstant())).isEmpty();
  }

  @Test
  @DisplayName("concurrent holds with a floor on one account never overshoot it")
  void concurrentHoldsNeverOvershoot() throws Exception {
    ledger.post(deposit(ALICE, "5.00"));
    List<Callable<Boolean>> tasks = new ArrayList<>();
    for (int t = 0; t < Math.max(16, concurrency() * 2); t++) {
      tasks.add(() -> {
        try {
          ledger.reserve(hold(ALICE, PRINT, "1.00", null), chf("0"));
          return true;
        } catch (InsufficientFundsException refused) {
          return false;
        }
      });
    }

    assertThat(runAll(tasks).stream().filter(Boolean::booleanValue).count()).isEqualTo(5);
    assertThat(ledger.held(ALICE, CHF, nextInstant())).isEqualTo(chf("5.00"));
  }

  @Test
  @DisplayName("charges, reserves and captures on one account from many threads keep every running balance in its chain")
  void concurrentChargesAndCapturesChainTheRunningBalance() throws Exception {
    int threads = Math.max(16, concurrency() * 2);
    int rounds = 20;
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      tasks.add(() -> {
        for (int i = 0; i < rounds; i++) {
          ledger.post(charge(ALICE, PRINT, "0.10", null));
          Hold hold = ledger.reserve(hold(ALICE, LASER, "0.50", null), null);
          ledger.capture(hold.id(), charge(ALICE, LASER, "0.25", null));
        }
        return null;
      });
    }
    runAll(tasks);

    List<LedgerEntry> entries = ledger.entries(ALICE);
    assertThat(entries).hasSize(threads * rounds * 2);
    Money running = Money.zero(CHF);
    for (LedgerEntry entry : entries) {
      running = running.plus(entry.delta());
      assertThat(entry.balanceAfter()).as("balance after %s", entry.id()).isEqualTo(running);
    }
    assertThat(ledger.balance(ALICE, CHF)).isEqualTo(running)
        .isEqualTo(Money.of(new BigDecimal("-0.35").multiply(BigDecimal.valueOf((long) threads * rounds)), CHF));
    assertThat(ledger.held(ALICE, CHF, nextInstant())).isEqualTo(Money.zero(CHF));
  }

  // ---- the transactional outbox (issue 19): every ledger keeps its entries' events with the entries

  /** The kit's rule: every entry announces itself, with the balance the ledger reports after it. */
  private static final ch.uncloud.spi.EntryEvents EVERY_ENTRY = entry -> List.of(booked(entry));

  private static ch.uncloud.api.events.Event booked(LedgerEntry entry) {
    java.util.Map<String, String> data = new java.util.HashMap<>();
    data.put("entry", entry.id().value());
    data.put("kind", entry.kind().name().toLowerCase(java.util.Locale.ROOT));
    data.put("service", entry.service().value());
    data.put("amount", entry.delta().toPlainString());
    data.put("balance", entry.balanceAfter().toPlainString());
    data.put("currency", entry.delta().currency().getCurrencyCode());
    data.put("comment", entry.comment());
    return new ch.uncloud.api.events.Event(ch.uncloud.api.events.EventId.derived("entry.booked/" + entry.id()),
        ch.uncloud.api.events.EventType.ENTRY_BOOKED, entry.bookedAt(), entry.account(), data);
  }

  private ch.uncloud.spi.EventOutbox outbox() {
    return ledger.outbox().orElseThrow(() -> new AssertionError("a ledger for uncloud has an outbox"));
  }

  private List<String> announcedEntries() {
    return outbox().events(0, 100_000).stream().map(e -> e.data().get("entry")).toList();
  }

  @Test
  @DisplayName("outbox: without a rule, bookings keep no events (an outbox nobody reads costs nothing)")
  void outboxWithoutRuleKeepsNothing() {
    ledger.post(deposit(ALICE, "10.00"));
    ledger.post(charge(ALICE, PRINT, "1.00", "k1"));
    ledger.postAll(List.of(charge(BOB, PRINT, "1.00", null)));
    Hold hold = ledger.reserve(hold(ALICE, PRINT, "2.00", null), null);
    ledger.capture(hold.id(), charge(ALICE, PRINT, "1.50", null));

    assertThat(outbox().events(0, 100)).isEmpty();
  }

  @Test
  @DisplayName("outbox: each booked entry's events are kept with it, in booking order, with the balance after it")
  void outboxKeepsEachEntrysEvents() {
    outbox().announceEntries(EVERY_ENTRY);
    Posting deposit = ledger.post(deposit(ALICE, "10.00"));
    Posting charge = ledger.post(charge(ALICE, PRINT, "4.20", null));
    NewEntry bobs = charge(BOB, LASER, "1.00", null);
    ledger.postAll(List.of(bobs));

    List<ch.uncloud.api.events.Event> events = outbox().events(0, 100);
    assertThat(events).extracting(e -> e.data().get("entry"))
        .containsExactly(deposit.entry().id().value(), charge.entry().id().value(), bobs.id().value());
    assertThat(events.get(1)).isEqualTo(booked(charge.entry()));
    assertThat(events.get(1).data()).containsEntry("balance", "5.80");
    assertThat(outbox().events(1, 100)).hasSize(2);
  }

  @Test
  @DisplayName("outbox: a replay, a refused charge and a refused entry of a batch announce nothing")
  void outboxKeepsNothingForWhatWasNotBooked() {
    outbox().announceEntries(EVERY_ENTRY);
    Posting first = ledger.post(charge(ALICE, PRINT, "1.00", "same"));
    assertThat(ledger.post(charge(ALICE, PRINT, "1.00", "same")).replayed()).isTrue();
    assertThatThrownBy(() -> ledger.post(charge(ALICE, PRINT, "5.00", null).withFloor(chf("-2.00"))))
        .isInstanceOf(InsufficientFundsException.class);
    NewEntry fine = deposit(BOB, "3.00");
    List<PostingOutcome> outcomes = ledger.postAll(List.of(
        reversalOf(ALICE, PRINT, charge(ALICE, PRINT, "1.00", null), "1.00", null), fine));
    assertThat(outcomes.get(0).refusal()).isNotNull();

    assertThat(announcedEntries()).containsExactly(first.entry().id().value(), fine.id().value());
  }

  @Test
  @DisplayName("outbox: a rule that fails books nothing, so there is never an entry without its events")
  void outboxFailingRuleBooksNothing() {
    outbox().announceEntries(entry -> {
      throw new IllegalStateException("rule broke");
    });
    assertThatThrownBy(() -> ledger.post(charge(ALICE, PRINT, "1.00", null))).isInstanceOf(RuntimeException.class);
    outbox().announceEntries(null);

    assertThat(ledger.entries(ALICE)).isEmpty();
    assertThat(ledger.balance(ALICE, CHF)).isEqualTo(Money.zero(CHF));
    assertThat(outbox().events(0, 10)).isEmpty();
  }

  @Test
  @DisplayName("outbox: a hold's capture announces its charge; a replayed capture announces nothing more")
  void outboxKeepsCaptureEvents() {
    outbox().announceEntries(EVERY_ENTRY);
    Hold hold = ledger.reserve(hold(ALICE, PRINT, "2.00", null), null);
    NewEntry charge = charge(ALICE, PRINT, "1.50", null);
    ledger.capture(hold.id(), charge);
    ledger.capture(hold.id(), charge);

    assertThat(announcedEntries()).containsExactly(charge.id().value());
  }

  @Test
  @DisplayName("outbox: an appended event is kept once by its id")
  void outboxAppendsOncePerId() {
    ch.uncloud.api.events.Event event = booked(ledger.post(deposit(ALICE, "1.00")).entry());

    assertThat(outbox().append(List.of(event, event))).isEqualTo(1);
    assertThat(outbox().append(List.of(event))).isZero();
    assertThat(outbox().events(0, 10)).containsExactly(event);
  }

  @Test
  @DisplayName("outbox: concurrent bookings keep exactly one event per entry, each account's in its booking order")
  void outboxUnderConcurrency() throws Exception {
    outbox().announceEntries(EVERY_ENTRY);
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int t = 0; t < concurrency(); t++) {
      Username user = t % 2 == 0 ? ALICE : BOB;
      tasks.add(() -> {
        for (int i = 0; i < 25; i++) {
          ledger.post(charge(user, PRINT, "0.10", null));
        }
        return 25;
      });
    }
    runAll(tasks);

    List<ch.uncloud.api.events.Event> events = outbox().events(0, 100_000);
    for (Username user : List.of(ALICE, BOB)) {
      assertThat(events.stream().filter(e -> e.account().equals(user)).map(e -> e.data().get("entry")).toList())
          .as("%s's events in booking order", user)
          .containsExactlyElementsOf(ledger.entries(user).stream().map(e -> e.id().value()).toList());
    }
    assertThat(events).hasSize(concurrency() * 25);
  }

  @Test
  @DisplayName("outbox: a sink gets the types it accepts, each account's oldest pending delivery first, one per account")
  void outboxDeliversPerAccountInOrder() {
    outbox().announceEntries(EVERY_ENTRY);
    Posting a1 = ledger.post(deposit(ALICE, "1.00"));
    Posting a2 = ledger.post(deposit(ALICE, "2.00"));
    Posting b1 = ledger.post(deposit(BOB, "3.00"));
    Instant now = nextInstant();

    assertThat(outbox().enqueue("hook", Set.of(ch.uncloud.api.events.EventType.ENTRY_BOOKED), now, 2)).isEqualTo(2);
    assertThat(outbox().enqueue("hook", Set.of(ch.uncloud.api.events.EventType.ENTRY_BOOKED), now, 100)).isEqualTo(1);
    assertThat(outbox().enqueue("hook", Set.of(ch.uncloud.api.events.EventType.ENTRY_BOOKED), now, 100)).isZero();
    assertThat(outbox().enqueue("mail", Set.of(ch.uncloud.api.events.EventType.ACCOUNT_LOCKED), now, 100)).isEqualTo(3);

    assertThat(outbox().due("mail", now, 10)).isEmpty();
    List<ch.uncloud.spi.OutboxDelivery> due = outbox().due("hook", now, 10);
    assertThat(due).extracting(d -> d.event().data().get("entry"))
        .containsExactly(a1.entry().id().value(), b1.entry().id().value());
    assertThat(due.get(0).attempts()).isZero();

    // alice's first fails: her second waits behind it; bob's is delivered
    Instant later = now.plusSeconds(60);
    outbox().update(List.of(due.get(0).failed("HTTP 500", now, later), due.get(1).delivered()));
    assertThat(outbox().due("hook", now.plusSeconds(1), 10)).isEmpty();
    List<ch.uncloud.spi.OutboxDelivery> retried = outbox().due("hook", later, 10);
    assertThat(retried).singleElement().satisfies(d -> {
      assertThat(d.event().data().get("entry")).isEqualTo(a1.entry().id().value());
      assertThat(d.attempts()).isEqualTo(1);
      assertThat(d.firstFailure()).isEqualTo(now);
      assertThat(d.lastError()).isEqualTo("HTTP 500");
    });
    outbox().update(retried.stream().map(ch.uncloud.spi.OutboxDelivery::delivered).toList());
    assertThat(outbox().due("hook", later, 10)).extracting(d -> d.event().data().get("entry"))
        .containsExactly(a2.entry().id().value());
  }

  @Test
  @DisplayName("outbox: a parked delivery is listed, no longer holds its account's later events up, and is sent again on request")
  void outboxParksAndResends() {
    outbox().announceEntries(EVERY_ENTRY);
    Posting a1 = ledger.post(deposit(ALICE, "1.00"));
    Posting a2 = ledger.post(deposit(ALICE, "2.00"));
    Instant now = nextInstant();
    outbox().enqueue("hook", Set.of(ch.uncloud.api.events.EventType.ENTRY_BOOKED), now, 100);
    ch.uncloud.spi.OutboxDelivery first = outbox().due("hook", now, 10).get(0);

    outbox().update(List.of(first.parked("HTTP 410", now)));

    assertThat(outbox().parked(10)).singleElement().satisfies(d -> {
      assertThat(d.sink()).isEqualTo("hook");
      assertThat(d.event().id()).isEqualTo(booked(a1.entry()).id());
      assertThat(d.state()).isEqualTo(ch.uncloud.spi.OutboxDelivery.State.PARKED);
      assertThat(d.lastError()).isEqualTo("HTTP 410");
    });
    assertThat(outbox().due("hook", now, 10)).extracting(d -> d.event().data().get("entry"))
        .containsExactly(a2.entry().id().value());
    assertThat(outbox().resend("other", first.event().id(), now)).isEmpty();
    assertThat(outbox().resend("hook", booked(a2.entry()).id(), now)).as("not parked").isEmpty();

    assertThat(outbox().resend("hook", first.event().id(), now.plusSeconds(5))).hasValueSatisfying(d -> {
      assertThat(d.state()).isEqualTo(ch.uncloud.spi.OutboxDelivery.State.PENDING);
      assertThat(d.attempts()).isZero();
      assertThat(d.firstFailure()).isNull();
    });
    assertThat(outbox().parked(10)).isEmpty();
    assertThat(outbox().due("hook", now.plusSeconds(5), 10)).extracting(d -> d.event().data().get("entry"))
        .containsExactly(a1.entry().id().value());
  }

  @Test
  @DisplayName("outbox: marks are kept by name")
  void outboxKeepsMarks() {
    assertThat(outbox().mark("holds")).isEmpty();
    outbox().setMark("holds", 42L);
    outbox().setMark("holds", 43L);
    outbox().setMark("other", -1L);
    assertThat(outbox().mark("holds")).contains(43L);
    assertThat(outbox().mark("other")).contains(-1L);
  }

  @Test
  @DisplayName("expired holds: those never captured or released whose expiry lies in the period, by expiry")
  void holdsExpiredInPeriod() {
    Hold open = ledger.reserve(hold(ALICE, PRINT, "1.00", null), null);
    Hold released = ledger.reserve(hold(ALICE, PRINT, "1.00", null), null);
    ledger.release(released.id(), nextInstant());
    Hold captured = ledger.reserve(hold(BOB, PRINT, "1.00", null), null);
    ledger.capture(captured.id(), charge(BOB, PRINT, "1.00", null));
    Hold later = ledger.reserve(hold(BOB, PRINT, "1.00", null), null);

    assertThat(ledger.holdsExpired(open.expiresAt(), later.expiresAt())).extracting(Hold::id).containsExactly(open.id());
    assertThat(ledger.holdsExpired(open.expiresAt(), later.expiresAt().plusNanos(1000))).extracting(Hold::id)
        .containsExactly(open.id(), later.id());
    assertThat(ledger.holdsExpired(START, open.expiresAt())).isEmpty();
  }

  /**
   * @param user whose credit is held
   * @param service which service holds
   * @param amount positive amount
   * @param key idempotency key or null
   * @return a new hold, open for an hour
   */
  protected final Hold hold(Username user, ServiceName service, String amount, String key) {
    Instant at = nextInstant();
    return new Hold(HoldId.random(), service, user, chf(amount), "hold " + amount, "raplab", at,
        at.plus(Duration.ofHours(1)), key == null ? null : IdempotencyKey.of(key), null, null, null, false);
  }

  /**
   * @return the ledger under test
   */
  protected final Ledger ledger() {
    return ledger;
  }

  /**
   * @param amount e.g. "-4.20"
   * @return that amount in CHF
   */
  protected static Money chf(String amount) {
    return Money.of(amount.replace("+", ""), "CHF");
  }

  /**
   * @return the next booking time, one millisecond after the previous
   */
  protected final Instant nextInstant() {
    return START.plusMillis(tick.incrementAndGet());
  }

  /**
   * @param user who is charged
   * @param service which service books
   * @param amount positive amount
   * @param key idempotency key or null
   * @return a charge booking
   */
  protected final NewEntry charge(Username user, ServiceName service, String amount, String key) {
    return new NewEntry(EntryId.random(), EntryKind.CHARGE, service, user, chf(amount).negate(), "charge " + amount,
        "raplab", nextInstant(), key == null ? null : IdempotencyKey.of(key), null);
  }

  /**
   * @param user who is credited
   * @param amount positive amount
   * @return a deposit booking
   */
  protected final NewEntry deposit(Username user, String amount) {
    return new NewEntry(EntryId.random(), EntryKind.DEPOSIT, ServiceName.of("deposits"), user, chf(amount),
        "deposit " + amount, "bursar", nextInstant(), null, null);
  }

  /**
   * @param user who is granted quota
   * @param amount positive amount
   * @param cap the most the quota pot may hold after it, or null
   * @param key idempotency key
   * @return a grant into the quota pot
   */
  protected final NewEntry grant(Username user, String amount, Money cap, String key) {
    return new NewEntry(EntryId.random(), EntryKind.DEPOSIT, QUOTA, user, chf(amount),
        "grant " + amount, "uncloud", nextInstant(), IdempotencyKey.of(key), null, null, Pot.QUOTA, cap);
  }

  /**
   * @param user whose quota lapses
   * @param amount positive amount, the most that lapses
   * @param key idempotency key
   * @return a lapse from the quota pot
   */
  protected final NewEntry lapse(Username user, String amount, String key) {
    return new NewEntry(EntryId.random(), EntryKind.CHARGE, QUOTA, user, chf(amount).negate(),
        "lapse " + amount, "uncloud", nextInstant(), IdempotencyKey.of(key), null, null, Pot.QUOTA, null);
  }

  private NewEntry reversalOf(Username user, ServiceName service, NewEntry original, String delta, String key) {
    return new NewEntry(EntryId.random(), EntryKind.REVERSAL, service, user, chf(delta), "storno", "raplab",
        nextInstant(), key == null ? null : IdempotencyKey.of(key), original.id());
  }

  /**
   * Charges ALICE 0.10 at a time from many threads (16 or more, 40 charges each), each charge with a
   * floor of minus {@code limit}.
   *
   * @return how many charges were booked
   */
  private int chargeTenCentsConcurrently(String keyPrefix, String limit) throws Exception {
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int t = 0; t < Math.max(16, concurrency() * 2); t++) {
      int thread = t;
      tasks.add(() -> {
        int booked = 0;
        for (int i = 0; i < 40; i++) {
          try {
            ledger.post(charge(ALICE, PRINT, "0.10", keyPrefix + thread + "-" + i).withFloor(chf(limit).negate()));
            booked++;
          } catch (InsufficientFundsException refused) {
            assertThat(refused.limit()).isEqualTo(chf(limit));
          }
        }
        return booked;
      });
    }
    return runAll(tasks).stream().mapToInt(Integer::intValue).sum();
  }

  private static Money sum(List<LedgerEntry> entries) {
    Money sum = Money.zero(CHF);
    for (LedgerEntry e : entries) {
      sum = sum.plus(e.delta());
    }
    return sum;
  }

  private static <T> List<T> runAll(List<? extends Callable<T>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      List<T> results = new ArrayList<>();
      for (Future<T> f : pool.invokeAll(tasks)) {
        results.add(f.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
