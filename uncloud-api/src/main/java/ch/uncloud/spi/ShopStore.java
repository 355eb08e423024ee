package ch.uncloud.spi;

import ch.uncloud.api.Username;
import ch.uncloud.api.shop.Bill;
import ch.uncloud.api.shop.Order;
import ch.uncloud.api.shop.PaymentChoice;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

/**
 * Where the shop keeps orders and final bills. Implementations are thread-safe; every method is
 * atomic.
 */
public interface ShopStore extends AutoCloseable {

  /**
   * Stores a new order. If the account already has an order with the same idempotency key, nothing
   * is stored and that order is returned.
   *
   * @param order the order
   * @return the stored order (the earlier one on a replay)
   */
  Order insert(Order order);

  /**
   * Atomically ends one order and stores the order replacing it (an upgrade or downgrade). A replay
   * of the replacement's idempotency key returns the stored replacement and changes nothing.
   *
   * @param replacedId the order being replaced
   * @param replacedEnd when it ends
   * @param replacement the new order, whose {@code replaces} names the old one
   * @return the stored replacement
   */
  Order replace(String replacedId, Instant replacedEnd, Order replacement);

  /**
   * Sets an order's end. An end already set that is earlier stays.
   *
   * @param orderId the order
   * @param end the end
   * @return the order as stored now
   */
  Order end(String orderId, Instant end);

  /**
   * @param orderId an order id
   * @return the order, if it exists
   */
  Optional<Order> order(String orderId);

  /**
   * @param account a user
   * @return the user's orders, oldest first
   */
  List<Order> orders(Username account);

  /**
   * @param from start of a period
   * @param to end of the period (exclusive)
   * @return every order active at some time in the period
   */
  List<Order> ordersOverlapping(Instant from, Instant to);

  /**
   * Stores a final bill once; if one exists for the account, month and payment choice, returns that one.
   *
   * @param bill the bill
   * @return the stored bill
   */
  Bill saveBill(Bill bill);

  /**
   * Records a payment state change of a stored bill (status, due date, note), found by its account,
   * month and payment choice; lines never change.
   *
   * @param bill the bill with its new payment state
   * @return the stored bill
   */
  Bill updatePayment(Bill bill);

  /**
   * @param account a user
   * @param month a month
   * @param payment how the bill is paid (an account has one bill per month and payment choice)
   * @return the final bill, if one was made
   */
  Optional<Bill> bill(Username account, YearMonth month, PaymentChoice payment);

  /**
   * @param account a user
   * @return the user's final bills, oldest month first, then balance, card, invoice
   */
  List<Bill> bills(Username account);

  /**
   * Asks the store to write the events of the bills it stores ({@link #saveBill}, only when the bill
   * is new) and of their payment changes ({@link #updatePayment}) into {@code outbox} in the write's
   * own transaction. A store can do so only if the outbox is in its own database; then it answers
   * {@code true} and the caller announces bills no more itself. The default answers {@code false}:
   * the caller appends the events after the write committed.
   *
   * @param outbox the ledger's outbox
   * @param rule what a bill announces
   * @return whether the store writes the bills' events from now on
   */
  default boolean announceBills(EventOutbox outbox, BillEvents rule) {
    return false;
  }

  /** Releases resources. Idempotent. */
  @Override
  void close();
}
