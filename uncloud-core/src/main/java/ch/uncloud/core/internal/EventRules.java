package ch.uncloud.core.internal;

import ch.uncloud.api.Money;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.Hold;
import ch.uncloud.api.credit.LedgerEntry;
import ch.uncloud.api.events.Event;
import ch.uncloud.api.events.EventId;
import ch.uncloud.api.events.EventType;
import ch.uncloud.api.shop.Bill;
import ch.uncloud.spi.EntryEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What announces what: the one place that turns a change into its events and their stable ids. The
 * entry rule ({@link #entryEvents}) runs inside the ledger's transaction with the stored entry, whose
 * balance and quota pot after it (and so, with its delta and quota part, before it) decide the
 * threshold crossings and the lock changes; the lock rule is {@link LockPolicy#locks}, the same the
 * directory flag follows.
 */
public final class EventRules implements EntryEvents {
  private final List<Money> thresholds;
  private final Currency lockCurrency;

  /**
   * @param thresholds the balances whose downward crossing is announced, in any currency (an entry
   *     is compared with those in its own)
   * @param lockCurrency the currency whose paid credit decides the lock
   */
  public EventRules(List<Money> thresholds, Currency lockCurrency) {
    this.thresholds = List.copyOf(thresholds);
    this.lockCurrency = lockCurrency;
  }

  /**
   * @param entry a booked entry
   * @return its events
   */
  public List<Event> entryEvents(LedgerEntry entry) {
    List<Event> events = new ArrayList<>(1);
    events.add(entryBooked(entry));
    Money balanceAfter = entry.balanceAfter();
    Money balanceBefore = balanceAfter.minus(entry.delta());
    for (Money threshold : thresholds) {
      if (threshold.currency().equals(balanceAfter.currency()) && balanceBefore.compareTo(threshold) >= 0
          && balanceAfter.compareTo(threshold) < 0) {
        events.add(thresholdCrossed(entry, threshold));
      }
    }
    if (entry.delta().currency().equals(lockCurrency)) {
      Money creditAfter = entry.creditAfter();
      Money creditBefore = creditAfter.minus(entry.creditDelta());
      boolean lockedBefore = LockPolicy.locks(creditBefore);
      boolean lockedAfter = LockPolicy.locks(creditAfter);
      if (lockedBefore != lockedAfter) {
        events.add(lockChanged(entry, lockedAfter));
      }
    }
    return events;
  }

  @Override
  public List<Event> eventsFor(LedgerEntry booked) {
    return entryEvents(booked);
  }

  private static Event entryBooked(LedgerEntry e) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("entry", e.id().value());
    data.put("kind", e.kind().name().toLowerCase(Locale.ROOT));
    data.put("service", e.service().value());
    data.put("amount", e.delta().toPlainString());
    data.put("balance", e.balanceAfter().toPlainString());
    data.put("currency", e.delta().currency().getCurrencyCode());
    data.put("comment", e.comment());
    if (e.reverses() != null) {
      data.put("reverses", e.reverses().value());
    }
    return event(EventType.ENTRY_BOOKED, "entry.booked/" + e.id(), e.bookedAt(), e.account(), data);
  }

  private static Event thresholdCrossed(LedgerEntry e, Money threshold) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("threshold", threshold.toPlainString());
    data.put("balance", e.balanceAfter().toPlainString());
    data.put("currency", threshold.currency().getCurrencyCode());
    data.put("entry", e.id().value());
    data.put("service", e.service().value());
    return event(EventType.BALANCE_BELOW_THRESHOLD, "balance.below_threshold/" + e.id() + "/" + threshold.toPlainString(),
        e.bookedAt(), e.account(), data);
  }

  private static Event lockChanged(LedgerEntry e, boolean locked) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("credit", e.creditAfter().toPlainString());
    data.put("currency", e.delta().currency().getCurrencyCode());
    data.put("entry", e.id().value());
    data.put("service", e.service().value());
    EventType type = locked ? EventType.ACCOUNT_LOCKED : EventType.ACCOUNT_UNLOCKED;
    return event(type, type.code() + "/" + e.id(), e.bookedAt(), e.account(), data);
  }

  /**
   * @param hold a hold that expired unended
   * @return its event
   */
  public static Event holdExpired(Hold hold) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("hold", hold.id().value());
    data.put("service", hold.service().value());
    data.put("amount", hold.amount().toPlainString());
    data.put("currency", hold.amount().currency().getCurrencyCode());
    data.put("expires_at", hold.expiresAt().toString());
    return event(EventType.HOLD_EXPIRED, "hold.expired/" + hold.id(), hold.expiresAt(), hold.account(), data);
  }

  /**
   * @param bill a final bill, open (unpaid) after its due date
   * @param at when it became overdue (the start of the day after its due date)
   * @return its {@code bill.overdue} event, whose id is derived from the bill alone
   */
  public static Event billOverdue(Bill bill, Instant at) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("bill", bill.id());
    data.put("month", bill.month().toString());
    data.put("payment", bill.payment().name().toLowerCase(Locale.ROOT));
    data.put("total", bill.total().toPlainString());
    data.put("currency", bill.total().currency().getCurrencyCode());
    data.put("due_date", bill.dueDate().toString());
    return event(EventType.BILL_OVERDUE, "bill.overdue/" + bill.id(), at, bill.account(), data);
  }

  /**
   * @param type the event's type
   * @param name what happened, unique: the source of the stable id
   * @param at when
   * @param account whose
   * @param data the payload
   * @return the event
   */
  public static Event event(EventType type, String name, Instant at, Username account, Map<String, String> data) {
    return new Event(EventId.derived(name), type, at, account, data);
  }
}
