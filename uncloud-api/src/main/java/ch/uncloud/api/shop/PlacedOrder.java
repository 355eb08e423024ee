package ch.uncloud.api.shop;

import java.util.Objects;

/**
 * The answer to placing an order: the stored order, and whether this call placed it or replayed an
 * earlier call with the same idempotency key (then {@link #order()} is the order that call placed,
 * and nothing new was stored). The flag is decided where the order is stored, so two concurrent
 * calls with one key get one {@code replayed == false}.
 *
 * @param order the stored order
 * @param replayed whether an earlier call with the same idempotency key placed it
 */
public record PlacedOrder(Order order, boolean replayed) {
  /**
   * Checks the order.
   *
   * @param order the stored order
   * @param replayed whether an earlier call with the same idempotency key placed it
   */
  public PlacedOrder {
    Objects.requireNonNull(order, "order");
  }
}
