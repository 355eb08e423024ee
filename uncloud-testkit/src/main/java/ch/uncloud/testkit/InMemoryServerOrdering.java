package ch.uncloud.testkit;

import ch.uncloud.api.ConflictException;
import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.UncloudException;
import ch.uncloud.api.servers.ServerOffer;
import ch.uncloud.api.servers.ServerOrder;
import ch.uncloud.api.servers.ServerOrderRequest;
import ch.uncloud.api.servers.ServerQuery;
import ch.uncloud.spi.ServerOrdering;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An in-memory {@link ServerOrdering} over the {@link SeedServers} catalog, behaving like the OVH
 * provider: configuration is checked at checkout, a checkout is received at most once, and a
 * checkout whose answer was lost is settled later without being sent again. Thread-safe.
 *
 * <p>Scripted faults: {@link #failNextCall}, {@link #loseNextCheckoutAnswer}. Inspection:
 * {@link #checkoutsReceived}, {@link #salesOrders}.
 */
public final class InMemoryServerOrdering implements ServerOrdering {
  private final Clock clock;
  private final Map<String, Entry> orders = new LinkedHashMap<>();
  private long sequence;
  private long nextProviderOrderId = 1;
  private long checkoutsReceived;
  private final List<String> salesOrders = new ArrayList<>();
  private UncloudException nextFailure;
  private boolean loseNextCheckoutAnswer;

  private InMemoryServerOrdering(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * @return an empty order book over the seed catalog, on the system clock
   */
  public static InMemoryServerOrdering create() {
    return new InMemoryServerOrdering(Clock.systemUTC());
  }

  /**
   * @param clock the clock for order times
   * @return an empty order book over the seed catalog
   */
  public static InMemoryServerOrdering create(Clock clock) {
    return new InMemoryServerOrdering(clock);
  }

  /**
   * @param failure thrown by the next call of any method, instead of doing it
   */
  public synchronized void failNextCall(UncloudException failure) {
    this.nextFailure = Objects.requireNonNull(failure, "failure");
  }

  /** The next checkout is received and the sales order created, but the caller never hears so. */
  public synchronized void loseNextCheckoutAnswer() {
    this.loseNextCheckoutAnswer = true;
  }

  /**
   * @return how many checkouts the "provider" received, accepted or not
   */
  public synchronized long checkoutsReceived() {
    return checkoutsReceived;
  }

  /**
   * @return the provider order ids of every sales order created, oldest first
   */
  public synchronized List<String> salesOrders() {
    return List.copyOf(salesOrders);
  }

  private void maybeFail() {
    UncloudException failure = nextFailure;
    if (failure != null) {
      nextFailure = null;
      throw failure;
    }
  }

  @Override
  public synchronized List<ServerOffer> catalog(ServerQuery query) {
    maybeFail();
    ServerQuery q = query == null ? ServerQuery.any() : query;
    return SeedServers.plans().stream().map(SeedServers.Plan::offer)
        .filter(o -> q.family() == null || q.family().equalsIgnoreCase(o.family()))
        .filter(o -> q.maxMonthlyPrice() == null || o.monthlyPrice().compareTo(q.maxMonthlyPrice()) <= 0)
        .filter(o -> q.minMemoryGb() == null || o.memoryGb() >= q.minMemoryGb())
        .sorted(Comparator.comparing(ServerOffer::monthlyPrice).thenComparing(ServerOffer::planCode))
        .toList();
  }

  @Override
  public synchronized ServerOrder prepare(ServerOrderRequest request) {
    maybeFail();
    Objects.requireNonNull(request, "request");
    for (String value : new String[] {request.planCode(), request.datacenter(), request.operatingSystem()}) {
      if (value.isBlank()) {
        throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "plan, datacenter and operating system must not be blank");
      }
    }
    SeedServers.Plan plan = SeedServers.plan(request.planCode()).orElseThrow(() -> new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, 
        "plan " + request.planCode() + " is not in the catalog; search the catalog for a plan code"));
    String id = "mem-" + (++sequence);
    ServerOrder order = new ServerOrder(id, request, ServerOrder.Status.PREPARED, plan.firstMonthPrice(),
        SeedServers.EUR, null, clock.instant());
    orders.put(id, new Entry(order, sequence, null));
    return order;
  }

  @Override
  public synchronized ServerOrder checkout(String orderId) {
    maybeFail();
    Entry entry = orders.get(orderId);
    if (entry == null) {
      throw new NotFoundException(ErrorCodes.UNKNOWN_SERVER_ORDER, "no server order '" + orderId + "'; list the orders to find its id");
    }
    switch (entry.order.status()) {
      case CHECKED_OUT:
        return entry.order;
      case CHECKOUT_UNCONFIRMED:
        ServerOrder settled = with(entry.order, ServerOrder.Status.CHECKED_OUT, entry.hiddenProviderOrderId);
        orders.put(orderId, new Entry(settled, entry.sequence, null));
        return settled;
      default:
        break;
    }
    checkoutsReceived++;
    ServerOrderRequest r = entry.order.request();
    SeedServers.Plan plan = SeedServers.plan(r.planCode()).orElseThrow();
    if (!plan.datacenters().contains(r.datacenter()) || !SeedServers.OPERATING_SYSTEMS.contains(r.operatingSystem())
        || r.region() != null && !SeedServers.REGIONS.contains(r.region())) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "plan " + r.planCode() + " cannot be delivered with datacenter "
          + r.datacenter() + ", OS " + r.operatingSystem() + ", region " + r.region()
          + "; choose values the catalog lists and prepare again");
    }
    String providerOrderId = Long.toString(nextProviderOrderId++);
    salesOrders.add(providerOrderId);
    if (loseNextCheckoutAnswer) {
      loseNextCheckoutAnswer = false;
      orders.put(orderId, new Entry(with(entry.order, ServerOrder.Status.CHECKOUT_UNCONFIRMED, null),
          entry.sequence, providerOrderId));
      throw new ConflictException(ErrorCodes.CHECKOUT_OUTCOME_UNKNOWN, "the checkout of order " + orderId + " was sent but its answer was"
          + " lost; it will not be sent again; check out again to settle it");
    }
    ServerOrder done = with(entry.order, ServerOrder.Status.CHECKED_OUT, providerOrderId);
    orders.put(orderId, new Entry(done, entry.sequence, null));
    return done;
  }

  private static ServerOrder with(ServerOrder o, ServerOrder.Status status, String providerOrderId) {
    return new ServerOrder(o.id(), o.request(), status, o.totalPrice(), o.currency(), providerOrderId, o.createdAt());
  }

  @Override
  public synchronized List<ServerOrder> orders() {
    maybeFail();
    return orders.values().stream()
        .sorted(Comparator.comparing((Entry e) -> e.order.createdAt()).thenComparingLong(e -> e.sequence).reversed())
        .map(e -> e.order).toList();
  }

  /** Nothing to release. */
  @Override
  public void close() {
    // in memory
  }

  private record Entry(ServerOrder order, long sequence, String hiddenProviderOrderId) {
  }
}
