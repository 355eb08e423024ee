package ch.uncloud.core.internal;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.ConflictException;
import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.Username;
import ch.uncloud.api.payments.Cards;
import ch.uncloud.api.payments.PaymentMethod;
import ch.uncloud.api.shop.Catalog;
import ch.uncloud.api.shop.Order;
import ch.uncloud.api.shop.OrderRequest;
import ch.uncloud.api.shop.OrderService;
import ch.uncloud.api.shop.PaymentChoice;
import ch.uncloud.api.shop.PlacedOrder;
import ch.uncloud.api.shop.Product;
import ch.uncloud.api.shop.Quote;
import ch.uncloud.spi.PaymentGateway;
import ch.uncloud.spi.ShopStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Places, changes and cancels shop orders. Orders are immutable: a change is a new order replacing
 * the old one (an upgrade at once, a downgrade from the next period), and a cancel ends an order at
 * the end of its current billing period, its next monthly anniversary (an order placed on the 20th
 * ends on a 20th), and never before its minimum end (one month after its start).
 *
 * <p>A product that requires the membership is ordered only while a membership runs and is not
 * cancelled, and a membership is cancelled only once every such order is cancelled: it then ends at
 * its own end or when the last of them ends, whichever is later. So the prerequisite holds for the
 * whole life of the dependent orders.
 *
 * <p>Account names are resolved to the directory's stored spelling first ({@link KnownUsers}).
 *
 * <p>Thread-safe. Orders of one account are placed one at a time in this process, so the
 * membership rule and per-account limits hold under concurrent calls.
 */
public final class CoreOrderService implements OrderService {
  private static final String MEMBERSHIP = "membership";
  private static final int STRIPES = 256;

  private final Catalog catalog;
  private final ShopStore store;
  private final KnownUsers users;
  private final Supplier<PaymentGateway> payments;
  private final Clock clock;
  private final Periods periods;
  private final Object[] stripes = new Object[STRIPES];

  public CoreOrderService(Catalog catalog, ShopStore store, KnownUsers users, Supplier<PaymentGateway> payments,
      Clock clock, Periods periods) {
    this.catalog = catalog;
    this.store = store;
    this.users = users;
    this.payments = payments;
    this.clock = clock;
    this.periods = periods;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Object();
    }
  }

  @Override
  public PlacedOrder placeOrder(OrderRequest request) {
    Product product = catalog.product(request.productCode());
    if (!product.orderable()) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, product.code() + " is not ordered directly (it is created by its own service)");
    }
    Quote quote = catalog.quote(product.code(), request.parameters());
    Username account = users.require(request.account());
    synchronized (stripe(account)) {
      Instant now = clock.instant();
      Order replay = replayOf(account, request.idempotencyKey());
      if (replay != null) {
        return new PlacedOrder(requireSame(replay, product.code(), quote.parameters()), true);
      }
      List<Order> active = store.orders(account).stream().filter(o -> o.activeAt(now)).toList();
      if (product.requiresMembership() && active.stream().noneMatch(o -> o.productCode().equals(MEMBERSHIP))) {
        throw new ConflictException(ErrorCodes.ORDER_NOT_ALLOWED, product.code() + " needs an active membership; order '" + MEMBERSHIP + "' first");
      }
      if (product.requiresMembership() && active.stream().noneMatch(o -> o.productCode().equals(MEMBERSHIP) && o.end() == null)) {
        throw new ConflictException(ErrorCodes.ORDER_NOT_ALLOWED, product.code() + " needs a membership that runs on, "
            + "but " + account + "'s membership is cancelled; once it has ended, order a new '" + MEMBERSHIP + "' first");
      }
      long sameProduct = active.stream().filter(o -> o.productCode().equals(product.code())).count();
      if (product.maxActivePerAccount() > 0 && sameProduct >= product.maxActivePerAccount()) {
        throw new ConflictException(ErrorCodes.ORDER_NOT_ALLOWED, "at most " + product.maxActivePerAccount() + " active " + product.code()
            + " per account; " + account + " has " + sameProduct);
      }
      if (request.payment() == PaymentChoice.CARD) {
        requireDefaultCard(account);
      }
      Order order = new Order(newId(), account, product.code(), quote.parameters(), quote.oneTime(),
          quote.monthly(), request.payment(), now, null, periods.onePeriodAfter(now), null, request.idempotencyKey(), now);
      // The store decides atomically: another process sharing it may have stored the key first.
      Order stored = requireSame(store.insert(order), product.code(), quote.parameters());
      return new PlacedOrder(stored, !stored.id().equals(order.id()));
    }
  }

  @Override
  public Order change(Username asked, String orderId, Map<String, String> parameters, IdempotencyKey idempotencyKey) {
    Username account = users.canonicalOrSame(asked);
    synchronized (stripe(account)) {
      Order replay = replayOf(account, idempotencyKey);
      if (replay != null) {
        return requireSame(replay, replay.productCode(), catalog.quote(replay.productCode(), parameters).parameters());
      }
      Order old = owned(account, orderId);
      Instant now = clock.instant();
      if (old.end() != null) {
        throw new ConflictException(ErrorCodes.ORDER_NOT_ALLOWED, "order " + orderId + " has ended, is cancelled or was replaced; "
            + "place a new order instead");
      }
      Quote quote = catalog.quote(old.productCode(), parameters);
      boolean upgrade = quote.monthly().compareTo(old.monthly()) > 0;
      Instant switchAt = upgrade ? now : periods.nextPeriodStart(now);
      Instant minimumEnd = old.minimumEnd().isAfter(switchAt) ? old.minimumEnd() : switchAt;
      Order replacement = new Order(newId(), account, old.productCode(), quote.parameters(),
          Money.zero(quote.oneTime().currency()), quote.monthly(), old.payment(), switchAt, null, minimumEnd,
          old.id(), idempotencyKey, now);
      return store.replace(old.id(), switchAt, replacement);
    }
  }

  @Override
  public Order cancel(Username asked, String orderId) {
    Username account = users.canonicalOrSame(asked);
    synchronized (stripe(account)) {
      Order order = owned(account, orderId);
      Instant now = clock.instant();
      Instant end = later(order.minimumEnd(), periods.anniversaryAfter(order.startsAt(), now));
      if (order.productCode().equals(MEMBERSHIP) && order.end() == null) {
        end = later(end, lastDependentEnd(account, order, now));
      }
      return store.end(order.id(), end);
    }
  }

  @Override
  public List<Order> orders(Username account) {
    return store.orders(users.canonicalOrSame(account));
  }

  @Override
  public Order order(Username account, String orderId) {
    return owned(users.canonicalOrSame(account), orderId);
  }

  /**
   * The latest end of the orders that need the membership; refuses while one of them runs on.
   *
   * @throws ConflictException ({@code order_not_allowed}) naming the orders to cancel first
   */
  private Instant lastDependentEnd(Username account, Order membership, Instant now) {
    Instant last = membership.startsAt();
    List<String> runningOn = new ArrayList<>();
    for (Order o : store.orders(account)) {
      boolean dependent = !o.productCode().equals(MEMBERSHIP) && catalog.product(o.productCode()).requiresMembership();
      if (!dependent || (o.end() != null && !o.end().isAfter(now))) {
        continue;
      }
      if (o.end() == null) {
        runningOn.add(o.id() + " (" + o.productCode() + ")");
      } else {
        last = later(last, o.end());
      }
    }
    if (!runningOn.isEmpty()) {
      throw new ConflictException(ErrorCodes.ORDER_NOT_ALLOWED, "the membership is needed while " + String.join(", ", runningOn)
          + " run" + (runningOn.size() == 1 ? "s" : "") + "; cancel " + (runningOn.size() == 1 ? "it" : "them")
          + " first, then the membership (it then ends when the last of them ends)");
    }
    return last;
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private Order owned(Username account, String orderId) {
    return store.order(orderId).filter(o -> o.account().equals(account))
        .orElseThrow(() -> new NotFoundException(ErrorCodes.UNKNOWN_ORDER, "no order " + orderId + " for " + account));
  }

  private Order replayOf(Username account, IdempotencyKey key) {
    if (key == null) {
      return null;
    }
    return store.orders(account).stream().filter(o -> key.equals(o.idempotencyKey())).findFirst().orElse(null);
  }

  private static Order requireSame(Order stored, String product, Map<String, String> parameters) {
    if (!stored.productCode().equals(product) || !stored.parameters().equals(parameters)) {
      throw new ConflictException(ErrorCodes.IDEMPOTENCY_CONFLICT, "idempotency key " + stored.idempotencyKey()
          + " was already used for order " + stored.id() + " of " + stored.productCode() + "; use a new key");
    }
    return stored;
  }

  private void requireDefaultCard(Username account) {
    PaymentGateway gateway;
    try {
      gateway = payments.get();
    } catch (ConfigurationException e) {
      // the operator's setup, not the user's request: the user can still order paying another way
      throw new ConflictException(ErrorCodes.ORDER_NOT_ALLOWED, "paying by card is not offered here (no payment "
          + "provider is configured); order with payment balance or invoice");
    }
    if (gateway.paymentMethods(account).stream().noneMatch(PaymentMethod::isDefault)) {
      throw new ConflictException(ErrorCodes.ORDER_NOT_ALLOWED, account + " has no default card; " + Cards.HOW_TO_REGISTER + " before choosing card payment");
    }
  }

  private Object stripe(Username account) {
    return stripes[Math.floorMod(account.hashCode(), STRIPES)];
  }

  private static String newId() {
    return "ord_" + UUID.randomUUID().toString().replace("-", "");
  }
}
