package ch.uncloud.spi;

import ch.uncloud.api.ConflictException;
import ch.uncloud.api.Money;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.UncloudException;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.AccountBalance;
import ch.uncloud.api.credit.EntryId;
import ch.uncloud.api.credit.Hold;
import ch.uncloud.api.credit.HoldId;
import ch.uncloud.api.credit.LedgerEntry;
import ch.uncloud.api.credit.NewEntry;
import ch.uncloud.api.credit.Posting;
import ch.uncloud.api.credit.PostingOutcome;
import ch.uncloud.api.payments.UnappliedPayment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;

/**
 * The append-only store of bookings. Implementations are thread-safe; every method is atomic.
 *
 * <p>The ledger applies no business rules beyond its own integrity: the credit service decides
 * whether a charge is allowed, the ledger makes sure that what it accepts is stored exactly once,
 * durably, and that each account's balance always equals the sum of its entries.
 *
 * <p>An account has two pots per currency, paid credit and quota (see {@link ch.uncloud.api.credit.Pot}),
 * and the ledger splits each entry between them atomically with the booking, by
 * {@link NewEntry#quotaPart}: a charge is spent from quota first. A floor is checked against the
 * account's whole available amount (both pots less open holds), so it bounds how far paid credit
 * goes below zero. Each pot's balance always equals the sum of the entries' parts in it.
 */
public interface Ledger extends AutoCloseable {

  /**
   * Appends an entry and updates the account's balance atomically. When {@link #post} returns, the
   * entry is durable (as durable as the store promises).
   *
   * <p>Idempotency: if an entry with the same service and idempotency key exists, nothing is written
   * and that entry is returned with {@link Posting#replayed()} set; the caller compares payloads.
   *
   * @param entry the booking
   * @return the stored entry with the account's balance right after it
   * @throws NotFoundException ({@code unknown_charge}) if the entry is a reversal of an entry that does not exist
   * <p>Credit limit: a charge with a {@link NewEntry#floor()} is refused, writing nothing, if the
   * account's available amount (balance less open holds) would fall below that floor; the check and
   * the booking are one atomic step, so concurrent charges never overshoot it.
   *
   * @throws ConflictException ({@code already_reversed}) if it is a reversal of an entry that was already reversed
   * @throws ch.uncloud.api.InvalidRequestException ({@code not_reversible}) if it is a reversal that would take
   *     the quota pot below zero (a grant part of which is spent; {@link NewEntry#quotaPart})
   * @throws ch.uncloud.api.InsufficientFundsException ({@code insufficient_funds}) if a charge would pass its floor
   * @throws ch.uncloud.api.ProviderUnavailableException if the store cannot be reached
   */
  Posting post(NewEntry entry);

  /**
   * Books many entries in one step, each as {@link #post} would (idempotency, reversal checks, its
   * floor against the balance left by the batch's earlier entries); an entry that is refused does
   * not fail the others. A durable store books the accepted entries in one commit. Outcomes are in
   * the order of {@code entries}.
   *
   * <p>This default posts them one by one; stores override it to commit once.
   *
   * @param entries the bookings
   * @return one outcome per entry, in order
   * @throws ch.uncloud.api.ProviderUnavailableException if the store cannot be reached (then it is
   *     unknown which entries are stored: retry the batch, whose entries keep their idempotency keys)
   */
  default List<PostingOutcome> postAll(List<NewEntry> entries) {
    List<PostingOutcome> outcomes = new ArrayList<>(entries.size());
    for (NewEntry entry : entries) {
      try {
        outcomes.add(PostingOutcome.booked(post(entry)));
      } catch (ProviderUnavailableException unavailable) {
        throw unavailable;
      } catch (UncloudException refused) {
        outcomes.add(PostingOutcome.refused(refused));
      }
    }
    return outcomes;
  }

  /**
   * Reserves credit: stores an open hold, atomically with a check that the account's available
   * amount (balance less open holds at {@link Hold#createdAt()}) stays at or above {@code floor}.
   * Idempotent per service and key like {@link #post}: a stored hold is returned with
   * {@link Hold#replayed()} set and nothing is written; the caller compares payloads.
   *
   * @param hold the new hold, not ended
   * @param floor the lowest the available amount may be after it, or {@code null} for no limit
   * @return the stored hold
   * @throws ch.uncloud.api.InsufficientFundsException ({@code insufficient_funds}) if it would pass the floor
   */
  Hold reserve(Hold hold, Money floor);

  /**
   * Ends an open hold by booking its charge, both in one atomic step; the charge is not checked
   * against a floor (its credit was reserved). A hold already captured returns the capture's entry
   * with {@link Posting#replayed()} set, writing nothing; the caller compares payloads.
   *
   * @param hold the hold
   * @param charge the charge to book: same service and account, at most the held amount, at a time before the expiry
   * @return the booked charge
   * @throws NotFoundException ({@code unknown_hold}) if there is no such hold for that service and account
   * @throws ConflictException ({@code hold_closed}) if it was released or has expired
   * @throws ch.uncloud.api.InvalidRequestException ({@code capture_exceeds_hold}) if the charge is larger than the hold
   */
  Posting capture(HoldId hold, NewEntry charge);

  /**
   * Ends an open hold without booking anything. Releasing a released or expired hold changes nothing.
   *
   * @param hold the hold
   * @param at the time of the release
   * @return the hold as stored now
   * @throws NotFoundException ({@code unknown_hold}) if there is no such hold
   * @throws ConflictException ({@code hold_closed}) if it was captured
   */
  Hold release(HoldId hold, Instant at);

  /**
   * @param id a hold id
   * @return the hold, ended or not, if it exists
   */
  Optional<Hold> findHold(HoldId id);

  /**
   * @param account the user
   * @param currency the currency
   * @param now the time that decides which holds have expired
   * @return the sum of the account's holds open at {@code now}; zero if there are none
   */
  Money held(Username account, Currency currency, Instant now);

  /**
   * @param account the user
   * @param now the time that decides which holds have expired
   * @return the account's holds open at {@code now} (neither captured, released nor expired), oldest first
   */
  List<Hold> openHolds(Username account, Instant now);

  /**
   * @param account the user
   * @param currency the currency
   * @return the sum of the user's entries in that currency; zero if there are none
   */
  Money balance(Username account, Currency currency);

  /**
   * @param account the user
   * @param currency the currency
   * @return the account's quota pot: the sum of its entries' quota parts; zero if there are none. Its
   *     paid credit is {@link #balance} less this
   */
  Money quota(Username account, Currency currency);

  /**
   * @param id an entry id
   * @return the entry, if it exists
   */
  Optional<LedgerEntry> find(EntryId id);

  /**
   * @param reversed an entry id
   * @return the reversal of that entry, if one was booked
   */
  Optional<LedgerEntry> findReversalOf(EntryId reversed);

  /**
   * @param account the user
   * @return all the user's entries, in booking order
   */
  List<LedgerEntry> entries(Username account);

  /**
   * One page of an account's entries: those the query matches, booked after its {@code after} entry,
   * in booking order, at most {@code limit} of them. Stores answer it from an index on the account and
   * the booking order, without reading the account's other entries.
   *
   * @param query the account, period, services, where the page starts and its size
   * @return the page's entries, in booking order; empty if {@code after} is not an entry of the account
   */
  List<LedgerEntry> entries(AccountEntriesQuery query);

  /**
   * @param service the booking service
   * @param fromInclusive start of the period
   * @param toExclusive end of the period
   * @return the service's entries booked in the period, in booking order
   */
  List<LedgerEntry> entries(ServiceName service, Instant fromInclusive, Instant toExclusive);

  /**
   * @param currency the currency
   * @return the balance of every account that has entries in that currency
   */
  List<AccountBalance> balances(Currency currency);

  /**
   * Keeps a succeeded payment that could not be booked (its account is not in the directory), once
   * per {@link UnappliedPayment#paymentId()}, as durably as the entries: a redelivered event keeps
   * nothing new.
   *
   * @param payment the payment, not applied
   * @return the kept payment (the earlier one if its id was kept before)
   */
  UnappliedPayment keepUnapplied(UnappliedPayment payment);

  /**
   * @return every kept payment, applied or not, in the order they were kept
   */
  List<UnappliedPayment> unappliedPayments();

  /**
   * Records, once, that a kept payment was booked on an account. A payment already applied stays as it is.
   *
   * @param paymentId the kept payment's id
   * @param account the account it was booked on
   * @param entry the deposit booked for it
   * @param appliedBy the admin who applied it
   * @param appliedAt when
   * @return the payment as stored now (the earlier application if it was applied before)
   * @throws NotFoundException ({@code unknown_payment}) if no payment with that id was kept
   */
  UnappliedPayment markApplied(String paymentId, Username account, EntryId entry, String appliedBy, Instant appliedAt);

  /**
   * The ledger's transactional outbox: where the events of its bookings are kept, in the booking's
   * transaction, and where the dispatcher keeps its delivery state. Stores that share the ledger's
   * database keep their own events there too.
   *
   * @return the outbox, or empty if this ledger has none (then no sink can be configured)
   */
  default Optional<EventOutbox> outbox() {
    return Optional.empty();
  }

  /**
   * Holds that expired in a period without being captured or released: their expiry lies in the
   * period and they were still open when it came.
   *
   * @param fromInclusive start of the period
   * @param toExclusive end of the period
   * @return the holds, by expiry
   * @throws UnsupportedOperationException if the ledger cannot list them (the default)
   */
  default List<Hold> holdsExpired(Instant fromInclusive, Instant toExclusive) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot list expired holds");
  }

  /** Releases connections and threads. Idempotent. */
  @Override
  void close();
}
