package ch.uncloud.api;

import ch.uncloud.spi.AccountDirectory;
import ch.uncloud.spi.PaymentGateway;
import ch.uncloud.spi.ShopStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Places, changes and cancels shop orders. Orders are immutable: a change is a new order replacing
 * the old one (an upgrade at once, a downgrade from the next period), and a cancel ends an order at
 * the end of the current period, but never before one period after its start.
 *
 * <p>Thread-safe. Orders of one account are placed one at a time in this process, so the
 * membership rule and per-account limits hold under concurrent calls.
 */
public final class OrderService {
  private static final String MEMBERSHIP = "membership";
  private static final int STRIPES = 256;

  private final Catalog catalog;
  private final ShopStore store;
  private final AccountDirectory directory;
  private final Supplier<PaymentGateway> payments;
  private final Clock clock;
  private final Periods periods;
  private final Object[] stripes = new Object[STRIPES];

  OrderService(Catalog catalog, ShopStore store, AccountDirectory directory, Supplier<PaymentGateway> payments,
      Clock clock, Periods periods) {
    this.catalog = catalog;
    this.store = store;
    this.directory = directory;
    this.payments = payments;
    this.clock = clock;
    this.periods = periods;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Object();
    }
  }

  /**
   * Places an order starting now.
   *
   * @param request what to order
   * @return the stored order (or, for a repeated idempotency key, the first one)
   * @throws UnknownProductException if the product does not exist
   * @throws InvalidArgumentException if a parameter is missing, unknown or out of range, or the
   *     product cannot be ordered directly
   * @throws UnknownUserException if the account is not in the directory
   * @throws OrderNotAllowedException if a membership is required and missing, the product's limit
   *     is reached, or card payment is chosen without a default card
   * @throws IdempotencyConflictException if the key was used for a different order
   */
  public ShopOrder placeOrder(OrderRequest request) {
    CatalogProduct product = catalog.product(request.productCode());
    if (!product.orderable()) {
      throw new InvalidArgumentException(product.code() + " is not ordered directly (it is created by its own service)");
    }
    Quote quote = catalog.quote(product.code(), request.parameters());
    requireAccount(request.account());
    synchronized (stripe(request.account())) {
      Instant now = clock.instant();
      ShopOrder replay = replayOf(request.account(), request.idempotencyKey());
      if (replay != null) {
        return requireSame(replay, product.code(), quote.parameters());
      }
      List<ShopOrder> active = store.orders(request.account()).stream().filter(o -> o.activeAt(now)).toList();
      if (product.requiresMembership() && active.stream().noneMatch(o -> o.productCode().equals(MEMBERSHIP))) {
        throw new OrderNotAllowedException(product.code() + " needs an active membership; order '" + MEMBERSHIP + "' first");
      }
      long sameProduct = active.stream().filter(o -> o.productCode().equals(product.code())).count();
      if (product.maxActivePerAccount() > 0 && sameProduct >= product.maxActivePerAccount()) {
        throw new OrderNotAllowedException("at most " + product.maxActivePerAccount() + " active " + product.code()
            + " per account; " + request.account() + " has " + sameProduct);
      }
      if (request.payment() == PaymentChoice.CARD) {
        requireDefaultCard(request.account());
      }
      ShopOrder order = new ShopOrder(newId(), request.account(), product.code(), quote.parameters(), quote.oneTime(),
          quote.monthly(), request.payment(), now, null, periods.onePeriodAfter(now), null, request.idempotencyKey(), now);
      return requireSame(store.insert(order), product.code(), quote.parameters());
    }
  }

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
   * @throws UnknownOrderException if the account has no such order
   * @throws OrderNotAllowedException if the order has ended, is cancelled or was replaced
   */
  public ShopOrder change(Username account, String orderId, Map<String, String> parameters, IdempotencyKey idempotencyKey) {
    synchronized (stripe(account)) {
      ShopOrder replay = replayOf(account, idempotencyKey);
      if (replay != null) {
        return requireSame(replay, replay.productCode(), catalog.quote(replay.productCode(), parameters).parameters());
      }
      ShopOrder old = owned(account, orderId);
      Instant now = clock.instant();
      if (old.end() != null) {
        throw new OrderNotAllowedException("order " + orderId + " has ended, is cancelled or was replaced; "
            + "place a new order instead");
      }
      Quote quote = catalog.quote(old.productCode(), parameters);
      boolean upgrade = quote.monthly().compareTo(old.monthly()) > 0;
      Instant switchAt = upgrade ? now : periods.nextPeriodStart(now);
      Instant minimumEnd = old.minimumEnd().isAfter(switchAt) ? old.minimumEnd() : switchAt;
      ShopOrder replacement = new ShopOrder(newId(), account, old.productCode(), quote.parameters(),
          Money.zero(quote.oneTime().currency()), quote.monthly(), old.payment(), switchAt, null, minimumEnd,
          old.id(), idempotencyKey, now);
      return store.replace(old.id(), switchAt, replacement);
    }
  }

  /**
   * Cancels an order: it ends at the end of the current period, or at its minimum end if that is
   * later. Cancelling again changes nothing.
   *
   * @param account the order's owner
   * @param orderId the order
   * @return the order with its end
   * @throws UnknownOrderException if the account has no such order
   */
  public ShopOrder cancel(Username account, String orderId) {
    synchronized (stripe(account)) {
      ShopOrder order = owned(account, orderId);
      Instant periodEnd = periods.nextPeriodStart(clock.instant());
      Instant end = order.minimumEnd().isAfter(periodEnd) ? order.minimumEnd() : periodEnd;
      return store.end(order.id(), end);
    }
  }

  /**
   * @param account a user
   * @return the user's orders, oldest first
   */
  public List<ShopOrder> orders(Username account) {
    return store.orders(account);
  }

  /**
   * @param account a user
   * @param orderId an order id
   * @return the order, if the user owns it
   * @throws UnknownOrderException otherwise (another user's order is not revealed)
   */
  public ShopOrder order(Username account, String orderId) {
    return owned(account, orderId);
  }

  private ShopOrder owned(Username account, String orderId) {
    return store.order(orderId).filter(o -> o.account().equals(account))
        .orElseThrow(() -> new UnknownOrderException("no order " + orderId + " for " + account));
  }

  private ShopOrder replayOf(Username account, IdempotencyKey key) {
    if (key == null) {
      return null;
    }
    return store.orders(account).stream().filter(o -> key.equals(o.idempotencyKey())).findFirst().orElse(null);
  }

  private static ShopOrder requireSame(ShopOrder stored, String product, Map<String, String> parameters) {
    if (!stored.productCode().equals(product) || !stored.parameters().equals(parameters)) {
      throw new IdempotencyConflictException("idempotency key " + stored.idempotencyKey()
          + " was already used for order " + stored.id() + " of " + stored.productCode() + "; use a new key");
    }
    return stored;
  }

  private void requireAccount(Username account) {
    if (directory.find(account).isEmpty()) {
      throw new UnknownUserException("no user named " + account + " exists in the directory");
    }
  }

  private void requireDefaultCard(Username account) {
    PaymentGateway gateway = payments.get();
    if (gateway.paymentMethods(account).stream().noneMatch(PaymentMethod::isDefault)) {
      throw new OrderNotAllowedException(account + " has no default card; register one before choosing card payment");
    }
  }

  private Object stripe(Username account) {
    return stripes[Math.floorMod(account.hashCode(), STRIPES)];
  }

  private static String newId() {
    return "ord_" + UUID.randomUUID().toString().replace("-", "");
  }
}
