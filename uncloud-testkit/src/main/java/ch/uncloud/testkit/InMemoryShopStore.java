package ch.uncloud.testkit;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.Username;
import ch.uncloud.api.shop.Bill;
import ch.uncloud.api.shop.Order;
import ch.uncloud.api.shop.PaymentChoice;
import ch.uncloud.spi.ShopStore;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Orders and bills in memory, with the same guarantees as a durable store (atomic replacement,
 * set-once ends, one final bill per account, month and payment choice) but no durability. Thread-safe: every method
 * runs under one lock. Not registered for discovery.
 */
public final class InMemoryShopStore implements ShopStore {
  private record BillKey(Username account, YearMonth month, PaymentChoice payment) {
    BillKey(Bill bill) {
      this(bill.account(), bill.month(), bill.payment());
    }
  }

  private final Map<String, Order> orders = new LinkedHashMap<>();
  private final Map<BillKey, Bill> bills = new LinkedHashMap<>();

  private InMemoryShopStore() {}

  /** @return a new, empty store */
  public static InMemoryShopStore create() {
    return new InMemoryShopStore();
  }

  @Override
  public synchronized Order insert(Order order) {
    Order replay = replay(order);
    if (replay != null) {
      return replay;
    }
    orders.put(order.id(), order);
    return order;
  }

  @Override
  public synchronized Order replace(String replacedId, Instant replacedEnd, Order replacement) {
    Order replay = replay(replacement);
    if (replay != null) {
      return replay;
    }
    end(replacedId, replacedEnd);
    orders.put(replacement.id(), replacement);
    return replacement;
  }

  @Override
  public synchronized Order end(String orderId, Instant end) {
    Order order = orders.get(orderId);
    if (order == null) {
      throw new NotFoundException(ErrorCodes.UNKNOWN_ORDER, "no order " + orderId);
    }
    if (order.end() == null || end.isBefore(order.end())) {
      order = order.endingAt(end);
      orders.put(orderId, order);
    }
    return order;
  }

  @Override
  public synchronized Optional<Order> order(String orderId) {
    return Optional.ofNullable(orders.get(orderId));
  }

  @Override
  public synchronized List<Order> orders(Username account) {
    return orders.values().stream().filter(o -> o.account().equals(account)).toList();
  }

  @Override
  public synchronized List<Order> ordersOverlapping(Instant from, Instant to) {
    return orders.values().stream()
        .filter(o -> o.startsAt().isBefore(to) && (o.end() == null || o.end().isAfter(from)))
        .toList();
  }

  @Override
  public synchronized Bill saveBill(Bill bill) {
    return bills.computeIfAbsent(new BillKey(bill), k -> bill);
  }

  @Override
  public synchronized Bill updatePayment(Bill bill) {
    BillKey key = new BillKey(bill);
    Bill stored = bills.get(key);
    if (stored == null) {
      throw new IllegalStateException("no final bill for " + bill.account() + " in " + bill.month());
    }
    Bill updated = new Bill(stored.account(), stored.month(), bill.status(), stored.lines(), stored.total(),
        stored.payment(), bill.dueDate(), bill.note(), bill.cardAttempts(), stored.createdAt());
    bills.put(key, updated);
    return updated;
  }

  @Override
  public synchronized Optional<Bill> bill(Username account, YearMonth month, PaymentChoice payment) {
    return Optional.ofNullable(bills.get(new BillKey(account, month, payment)));
  }

  @Override
  public synchronized List<Bill> bills(Username account) {
    List<Bill> result = new ArrayList<>();
    bills.forEach((k, b) -> {
      if (k.account().equals(account)) {
        result.add(b);
      }
    });
    result.sort(Comparator.comparing(Bill::month).thenComparing(Bill::payment));
    return result;
  }

  @Override
  public void close() {
    // nothing to release
  }

  private Order replay(Order order) {
    if (order.idempotencyKey() == null) {
      return null;
    }
    return orders.values().stream()
        .filter(o -> o.account().equals(order.account()) && order.idempotencyKey().equals(o.idempotencyKey()))
        .findFirst().orElse(null);
  }
}
