package ch.uncloud.testkit;


import ch.uncloud.api.ConflictException;
import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.InsufficientFundsException;
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
import ch.uncloud.api.payments.UnappliedPayment;
import ch.uncloud.spi.AccountEntriesQuery;
import ch.uncloud.spi.Ledger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fast, thread-safe ledger in memory, with the same guarantees as a real one (atomic postings,
 * idempotency per service and key, one reversal per entry) but no durability. Not registered for
 * discovery: wire it explicitly with {@code UncloudCore.builder().ledger(InMemoryLedger.create())}.
 *
 * <p>Postings for one account are serialized; different accounts proceed in parallel, and a
 * service that receives every charge is no lock of its own.
 */
public final class InMemoryLedger implements Ledger {
  private record ServiceKey(ServiceName service, IdempotencyKey key) {}

  /** One account's entries, their places in the booking order, and balances; guarded by its own monitor. */
  private static final class AccountBook {
    final List<LedgerEntry> entries = new ArrayList<>();
    long[] sequence = new long[4];
    final Map<Currency, Money> balances = new HashMap<>(2);
    final Map<Currency, Money> quotas = new HashMap<>(2);
    final List<HoldId> holds = new ArrayList<>(0);

    Money held(Map<HoldId, Hold> all, Currency currency, Instant now) {
      Money sum = Money.zero(currency);
      for (HoldId id : holds) {
        Hold hold = all.get(id);
        if (hold.isOpen(now) && hold.amount().currency().equals(currency)) {
          sum = sum.plus(hold.amount());
        }
      }
      return sum;
    }

    void add(LedgerEntry entry, long place) {
      if (entries.size() == sequence.length) {
        sequence = Arrays.copyOf(sequence, sequence.length * 2);
      }
      sequence[entries.size()] = place;
      entries.add(entry);
    }
  }

  /** An entry and its place in the ledger's booking order. */
  private record Placed(long place, LedgerEntry entry) {}

  private final ConcurrentHashMap<Username, AccountBook> books = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<EntryId, LedgerEntry> byId = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ServiceKey, LedgerEntry> byKey = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<EntryId, LedgerEntry> reversals = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<HoldId, Hold> holds = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ServiceKey, HoldId> holdsByKey = new ConcurrentHashMap<>();
  // the booking order across accounts; per service there is no shared structure to contend on
  private final AtomicLong bookings = new AtomicLong();
  private final Faults postFaults = new Faults();
  private final Map<String, UnappliedPayment> unapplied = new LinkedHashMap<>();
  private final InMemoryOutbox outbox = InMemoryOutbox.create();
  private volatile boolean closed;

  private InMemoryLedger() {}

  /**
   * @return a new, empty ledger
   */
  public static InMemoryLedger create() {
    return new InMemoryLedger();
  }

  /**
   * Makes the next {@code calls} postings fail with a
   * {@link ch.uncloud.api.ProviderUnavailableException}, writing nothing.
   *
   * @param calls how many postings fail
   */
  public void failNextPosts(int calls) {
    postFaults.failNext(calls);
  }

  /**
   * @return the number of entries stored
   */
  public int size() {
    return byId.size();
  }

  @Override
  public Posting post(NewEntry entry) {
    requireOpen();
    postFaults.maybeFail("post");
    AccountBook book = book(entry.account());
    synchronized (book) {
      return postLocked(book, entry, true);
    }
  }

  private AccountBook book(Username account) {
    AccountBook known = books.get(account);
    return known != null ? known : books.computeIfAbsent(account, u -> new AccountBook());
  }

  @Override
  public Hold reserve(Hold hold, Money floor) {
    requireOpen();
    postFaults.maybeFail("reserve");
    AccountBook book = book(hold.account());
    synchronized (book) {
      ServiceKey key = hold.idempotencyKey() == null ? null : new ServiceKey(hold.service(), hold.idempotencyKey());
      if (key != null && holdsByKey.containsKey(key)) {
        return holds.get(holdsByKey.get(key)).withReplayed(true);
      }
      if (floor != null) {
        Currency currency = hold.amount().currency();
        Money available = book.balances.getOrDefault(currency, Money.zero(currency))
            .minus(book.held(holds, currency, hold.createdAt()));
        if (available.minus(hold.amount()).compareTo(floor) < 0) {
          throw new InsufficientFundsException(available, floor.negate(), "a hold of " + hold.amount());
        }
      }
      if (key != null && holdsByKey.putIfAbsent(key, hold.id()) != null) {
        return holds.get(holdsByKey.get(key)).withReplayed(true); // the same key for another account meanwhile
      }
      holds.put(hold.id(), hold.withReplayed(false));
      book.holds.add(hold.id());
      return hold.withReplayed(false);
    }
  }

  @Override
  public Posting capture(HoldId id, NewEntry charge) {
    requireOpen();
    postFaults.maybeFail("capture");
    Hold found = holds.get(id);
    if (found == null) {
      throw Hold.unknown(id);
    }
    AccountBook book = book(found.account());
    synchronized (book) {
      Hold hold = holds.get(id);
      if (hold.endedAs() == HoldState.CAPTURED) {
        return new Posting(byId.get(hold.capture()), true);
      }
      hold.checkCapture(charge);
      Posting posting = postLocked(book, charge.withFloor(null), false);
      holds.put(id, hold.ended(HoldState.CAPTURED, charge.bookedAt(), posting.entry().id()));
      return posting;
    }
  }

  @Override
  public Hold release(HoldId id, Instant at) {
    requireOpen();
    Hold found = holds.get(id);
    if (found == null) {
      throw Hold.unknown(id);
    }
    synchronized (book(found.account())) {
      Hold hold = holds.get(id);
      if (hold.checkRelease(at)) {
        hold = hold.ended(HoldState.RELEASED, at, null);
        holds.put(id, hold);
      }
      return hold;
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Kept in memory with the entries; its events are appended under the account's lock, with the entry.
   */
  @Override
  public Optional<ch.uncloud.spi.EventOutbox> outbox() {
    return Optional.of(outbox);
  }

  /** @return the outbox, for the in-memory stores that keep their events in it and for inspection */
  public InMemoryOutbox inMemoryOutbox() {
    return outbox;
  }

  @Override
  public List<Hold> holdsExpired(Instant fromInclusive, Instant toExclusive) {
    requireOpen();
    return holds.values().stream()
        .filter(h -> h.endedAs() == null && !h.expiresAt().isBefore(fromInclusive) && h.expiresAt().isBefore(toExclusive))
        .sorted(Comparator.comparing(Hold::expiresAt).thenComparing(h -> h.id().value()))
        .toList();
  }

  @Override
  public Optional<Hold> findHold(HoldId id) {
    requireOpen();
    return Optional.ofNullable(holds.get(id));
  }

  @Override
  public Money held(Username account, Currency currency, Instant now) {
    requireOpen();
    AccountBook book = books.get(account);
    if (book == null) {
      return Money.zero(currency);
    }
    synchronized (book) {
      return book.held(holds, currency, now);
    }
  }

  @Override
  public List<Hold> openHolds(Username account, Instant now) {
    requireOpen();
    Objects.requireNonNull(now, "now");
    AccountBook book = books.get(account);
    if (book == null) {
      return List.of();
    }
    synchronized (book) {
      return book.holds.stream().map(holds::get).filter(hold -> hold.isOpen(now)).toList();
    }
  }

  private Posting postLocked(AccountBook book, NewEntry entry, boolean checkFloor) {
    {
      ServiceKey key = entry.idempotencyKey() == null ? null : new ServiceKey(entry.service(), entry.idempotencyKey());
      if (key != null) {
        LedgerEntry existing = byKey.get(key);
        if (existing != null) {
          return new Posting(existing, true);
        }
      }
      if (entry.kind() == EntryKind.REVERSAL) {
        checkReversible(entry);
      }
      Currency currency = entry.delta().currency();
      Money previous = book.balances.getOrDefault(currency, Money.zero(currency));
      if (checkFloor && entry.floor() != null) {
        entry.checkFloor(previous.minus(book.held(holds, currency, entry.bookedAt())));
      }
      Money quota = book.quotas.getOrDefault(currency, Money.zero(currency));
      LedgerEntry stored = entry.bookedAgainst(previous, quota,
          entry.reverses() == null ? null : byId.get(entry.reverses()).quotaDelta());
      Money balance = stored.balanceAfter();
      List<ch.uncloud.api.events.Event> events = outbox.eventsFor(stored); // before any change: a failing rule books nothing
      if (key != null) {
        LedgerEntry raced = byKey.putIfAbsent(key, stored);
        if (raced != null) {
          return new Posting(raced, true); // the same key was booked for another account meanwhile
        }
      }
      if (entry.reverses() != null) {
        reversals.put(entry.reverses(), stored);
      }
      book.balances.put(currency, balance);
      book.quotas.put(currency, stored.quotaAfter());
      book.add(stored, bookings.incrementAndGet());
      byId.put(stored.id(), stored);
      if (!events.isEmpty()) {
        outbox.append(events);
      }
      return new Posting(stored, false);
    }
  }

  private void checkReversible(NewEntry entry) {
    LedgerEntry original = byId.get(entry.reverses());
    if (original == null || !original.account().equals(entry.account())) {
      throw new NotFoundException(ErrorCodes.UNKNOWN_CHARGE, "no entry with id " + entry.reverses() + " exists for " + entry.account());
    }
    if (reversals.containsKey(entry.reverses())) {
      throw new ConflictException(ErrorCodes.ALREADY_REVERSED, "entry " + entry.reverses() + " was already reversed by "
          + reversals.get(entry.reverses()).id());
    }
  }

  @Override
  public Money balance(Username account, Currency currency) {
    requireOpen();
    AccountBook book = books.get(account);
    if (book == null) {
      return Money.zero(currency);
    }
    synchronized (book) {
      return book.balances.getOrDefault(currency, Money.zero(currency));
    }
  }

  @Override
  public Money quota(Username account, Currency currency) {
    requireOpen();
    AccountBook book = books.get(account);
    if (book == null) {
      return Money.zero(currency);
    }
    synchronized (book) {
      return book.quotas.getOrDefault(currency, Money.zero(currency));
    }
  }

  @Override
  public Optional<LedgerEntry> find(EntryId id) {
    requireOpen();
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public Optional<LedgerEntry> findReversalOf(EntryId reversed) {
    requireOpen();
    return Optional.ofNullable(reversals.get(reversed));
  }

  @Override
  public List<LedgerEntry> entries(Username account) {
    requireOpen();
    AccountBook book = books.get(account);
    if (book == null) {
      return List.of();
    }
    synchronized (book) {
      return List.copyOf(book.entries);
    }
  }

  @Override
  public List<LedgerEntry> entries(AccountEntriesQuery query) {
    requireOpen();
    AccountBook book = books.get(query.account());
    if (book == null) {
      return List.of();
    }
    synchronized (book) {
      int step = query.newestFirst() ? -1 : 1;
      int start = query.newestFirst() ? book.entries.size() - 1 : 0;
      if (query.after() != null) {
        int cursor = -1;
        for (int i = 0; i < book.entries.size() && cursor < 0; i++) {
          cursor = book.entries.get(i).id().equals(query.after()) ? i : -1;
        }
        if (cursor < 0) {
          return List.of();
        }
        start = cursor + step;
      }
      List<LedgerEntry> page = new ArrayList<>();
      for (int i = start; i >= 0 && i < book.entries.size() && page.size() < query.limit(); i += step) {
        if (query.matches(book.entries.get(i))) {
          page.add(book.entries.get(i));
        }
      }
      return page;
    }
  }

  /** Scans every account: a settlement is rare, a booking is not. */
  @Override
  public List<LedgerEntry> entries(ServiceName service, Instant fromInclusive, Instant toExclusive) {
    requireOpen();
    List<Placed> found = new ArrayList<>();
    for (AccountBook book : books.values()) {
      synchronized (book) {
        for (int i = 0; i < book.entries.size(); i++) {
          LedgerEntry e = book.entries.get(i);
          if (e.service().equals(service) && !e.bookedAt().isBefore(fromInclusive) && e.bookedAt().isBefore(toExclusive)) {
            found.add(new Placed(book.sequence[i], e));
          }
        }
      }
    }
    found.sort(Comparator.comparingLong(Placed::place));
    return found.stream().map(Placed::entry).toList();
  }

  @Override
  public List<AccountBalance> balances(Currency currency) {
    requireOpen();
    List<AccountBalance> result = new ArrayList<>();
    books.forEach((user, book) -> {
      synchronized (book) {
        Money balance = book.balances.get(currency);
        if (balance != null) {
          result.add(new AccountBalance(user, balance));
        }
      }
    });
    return result;
  }

  @Override
  public UnappliedPayment keepUnapplied(UnappliedPayment payment) {
    synchronized (unapplied) {
      return unapplied.computeIfAbsent(payment.paymentId(), id -> payment);
    }
  }

  @Override
  public List<UnappliedPayment> unappliedPayments() {
    synchronized (unapplied) {
      return List.copyOf(unapplied.values());
    }
  }

  @Override
  public UnappliedPayment markApplied(String paymentId, Username account, EntryId entry, String appliedBy,
      Instant appliedAt) {
    synchronized (unapplied) {
      UnappliedPayment kept = unapplied.get(paymentId);
      if (kept == null) {
        throw new NotFoundException(ErrorCodes.UNKNOWN_PAYMENT, "no unapplied payment " + paymentId + " is kept");
      }
      if (!kept.isApplied()) {
        kept = kept.appliedTo(account, entry, appliedBy, appliedAt);
        unapplied.put(paymentId, kept);
      }
      return kept;
    }
  }

  @Override
  public void close() {
    closed = true;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("this ledger is closed");
    }
  }
}
