package ch.uncloud.core;

import ch.uncloud.api.Username;
import ch.uncloud.api.shop.Bill;
import ch.uncloud.api.shop.Order;
import ch.uncloud.api.shop.PaymentChoice;
import ch.uncloud.spi.ShopStore;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A shop store shared with another process that, on every insert, gets there first: before each
 * insert it runs {@code competitor} (which stores a rival order), then inserts as asked.
 */
final class RacingShopStore implements ShopStore {
  private final ShopStore shared;
  private final Consumer<Order> competitor;

  RacingShopStore(ShopStore shared, Consumer<Order> competitor) {
    this.shared = shared;
    this.competitor = competitor;
  }

  @Override
  public Order insert(Order order) {
    competitor.accept(order);
    return shared.insert(order);
  }

  @Override
  public Order replace(String replacedId, Instant replacedEnd, Order replacement) {
    return shared.replace(replacedId, replacedEnd, replacement);
  }

  @Override
  public Order end(String orderId, Instant end) {
    return shared.end(orderId, end);
  }

  @Override
  public Optional<Order> order(String orderId) {
    return shared.order(orderId);
  }

  @Override
  public List<Order> orders(Username account) {
    return shared.orders(account);
  }

  @Override
  public List<Order> ordersOverlapping(Instant from, Instant to) {
    return shared.ordersOverlapping(from, to);
  }

  @Override
  public Bill saveBill(Bill bill) {
    return shared.saveBill(bill);
  }

  @Override
  public Bill updatePayment(Bill bill) {
    return shared.updatePayment(bill);
  }

  @Override
  public Optional<Bill> bill(Username account, YearMonth month, PaymentChoice payment) {
    return shared.bill(account, month, payment);
  }

  @Override
  public List<Bill> bills(Username account) {
    return shared.bills(account);
  }

  @Override
  public void close() {
    shared.close();
  }
}
