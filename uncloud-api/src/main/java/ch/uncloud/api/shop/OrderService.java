package ch.uncloud.api.shop;

import ch.uncloud.api.ConflictException;
import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.Username;
import java.util.List;
import java.util.Map;

/**
 * Places, changes and cancels shop orders. Orders are immutable: a change is a new order replacing
 * the old one, a cancel sets its end. The shop's rules (membership first, limits per account,
 * minimum durations, upgrades at once and downgrades next period) are checked here. Thread-safe.
 * Obtain it from {@link ch.uncloud.api.Uncloud#orders()}.
 */
public interface OrderService {
  /**
   * Places an order starting now. A repeated idempotency key (same product and parameters) places
   * nothing and returns the first order, marked as a replay.
   *
   * @param request what to order
   * @return the stored order (or, for a repeated idempotency key, the first one) and whether it was a replay
   * @throws NotFoundException ({@code unknown_product}) if the product does not exist
   * @throws InvalidRequestException ({@code invalid_argument}) if a parameter is missing, unknown or out of range, or the
   *     product cannot be ordered directly
   * @throws NotFoundException ({@code unknown_user}) if the account is not in the directory
   * @throws ConflictException ({@code order_not_allowed}) if a membership is required and missing, the product's limit
   *     is reached, or card payment is chosen without a default card
   * @throws ConflictException ({@code idempotency_conflict}) if the key was used for a different order
   */
  PlacedOrder placeOrder(OrderRequest request);

  /**
   * Changes an order's parameters by placing a new order that replaces it. A higher monthly price
   * (an upgrade) takes effect now, so the difference is billed pro rata for the rest of the period;
   * a lower or equal one (a downgrade) takes effect at the start of the next period.
   *
   * @param account the order's owner
   * @param orderId the order to change
   * @param parameters the new parameters
   * @param idempotencyKey the caller's key, or {@code null}
   * @return the replacing order
   * @throws NotFoundException ({@code unknown_order}) if the account has no such order
   * @throws ConflictException ({@code order_not_allowed}) if the order has ended, is cancelled or was replaced
   */
  Order change(Username account, String orderId, Map<String, String> parameters, IdempotencyKey idempotencyKey);

  /**
   * Cancels an order: it ends at the end of its current billing period, the next monthly anniversary
   * of its start (an order placed on 20 November and cancelled on 25 December ends on 20 January),
   * and never before its minimum end. A membership ends no earlier than the orders that need it, and
   * is refused while one of them runs on. Cancelling again changes nothing.
   *
   * @param account the order's owner
   * @param orderId the order
   * @return the order with its end
   * @throws NotFoundException ({@code unknown_order}) if the account has no such order
   * @throws ConflictException ({@code order_not_allowed}) for a membership while orders that need it
   *     run on; the message names them, to cancel first
   */
  Order cancel(Username account, String orderId);

  /**
   * @param account a user
   * @return the user's orders, oldest first
   */
  List<Order> orders(Username account);

  /**
   * @param account a user
   * @param orderId an order id
   * @return the order, if the user owns it
   * @throws NotFoundException ({@code unknown_order}) otherwise (another user's order is not revealed)
   */
  Order order(Username account, String orderId);
}
