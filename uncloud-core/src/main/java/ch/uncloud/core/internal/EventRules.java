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
 * threshold crossings and the lock changes. The thresholds of an entry are its account's own (or, if
 * it has none, the global ones) and its service's: a service's threshold is announced only when an
 * entry of that service takes the account's balance below it; the lock rule is {@link LockPolicy#locks}, the same the
 * directory flag follows.
 */
public final class EventRules implements EntryEvents {
  private final List<Money> thresholds;
  private final Map<String, List<Money>> serviceThresholds;
  private final Map<String, List<Money>> accountThresholds;
  private final Currency lockCurrency;

  /**
   * @param thresholds the balances whose downward crossing is announced, in any currency (an entry
   *     is compared with those in its own)
   * @param lockCurrency the currency whose paid credit decides the lock
   */
  public EventRules(List<Money> thresholds, Currency lockCurrency) {
    this(thresholds, Map.of(), Map.of(), lockCurrency);
  }

  /**
   * @param thresholds the balances whose downward crossing is announced, in any currency (an entry
   *     is compared with those in its own)
   * @param serviceThresholds by service name: more balances, whose crossing is announced only when an
   *     entry of that service crosses them
   * @param accountThresholds by canonical account name: the balances announced for that account
   *     instead of {@code thresholds}
   * @param lockCurrency the currency whose paid credit decides the lock
   */
  public EventRules(List<Money> thresholds, Map<String, List<Money>> serviceThresholds,
      Map<String, List<Money>> accountThresholds, Currency lockCurrency) {
    this.thresholds = List.copyOf(thresholds);
    this.serviceThresholds = copy(serviceThresholds);
    this.accountThresholds = copy(accountThresholds);
    this.lockCurrency = lockCurrency;
  }

  private static Map<String, List<Money>> copy(Map<String, List<Money>> byName) {
    Map<String, List<Money>> copied = new java.util.HashMap<>();
    byName.forEach((name, values) -> copied.put(name, List.copyOf(values)));
    return copied;
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
    // the entry's service's thresholds first, so a value both lists hold is announced once, as the service's
    Map<Money, String> crossed = new LinkedHashMap<>();
    crossings(serviceThresholds.getOrDefault(entry.service().value(), List.of()), "service", balanceBefore,
        balanceAfter, crossed);
    List<Money> own = accountThresholds.get(entry.account().value());
    crossings(own != null ? own : thresholds, own != null ? "account" : "all", balanceBefore, balanceAfter, crossed);
    crossed.forEach((threshold, scope) -> events.add(thresholdCrossed(entry, threshold, scope)));
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

  /** Adds each of {@code candidates} the balance crossed downwards (not yet in {@code crossed}) with its scope. */
  private static void crossings(List<Money> candidates, String scope, Money before, Money after,
      Map<Money, String> crossed) {
    for (Money threshold : candidates) {
      if (threshold.currency().equals(after.currency()) && before.compareTo(threshold) >= 0
          && after.compareTo(threshold) < 0 && crossed.keySet().stream().noneMatch(t -> t.compareTo(threshold) == 0)) {
        crossed.put(threshold, scope);
      }
    }
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

  private static Event thresholdCrossed(LedgerEntry e, Money threshold, String scope) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("threshold", threshold.toPlainString());
    data.put("balance", e.balanceAfter().toPlainString());
    data.put("currency", threshold.currency().getCurrencyCode());
    data.put("entry", e.id().value());
    data.put("service", e.service().value());
    data.put("scope", scope);
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
