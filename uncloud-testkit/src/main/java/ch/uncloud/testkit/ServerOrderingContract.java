package ch.uncloud.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConflictException;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.servers.ServerOffer;
import ch.uncloud.api.servers.ServerOrder;
import ch.uncloud.api.servers.ServerOrderRequest;
import ch.uncloud.api.servers.ServerQuery;
import ch.uncloud.spi.ServerOrdering;
import java.math.BigDecimal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ServerOrdering} must show, run against the {@link SeedServers}
 * catalog. Subclass it and provide a fresh ordering service whose provider side offers exactly the
 * seed plans, plus two hooks to observe and disturb that provider side.
 */
public abstract class ServerOrderingContract {
  /** The service under test, fresh for each test. */
  protected ServerOrdering ordering;

  /**
   * @return a new service over an empty order book and the seed catalog
   */
  protected abstract ServerOrdering newOrdering();

  /**
   * @return how many checkouts the provider side has received since {@link #newOrdering()}
   */
  protected abstract long checkoutsReceived();

  /** Makes the provider side act on the next checkout but lose its answer. */
  protected abstract void loseNextCheckoutAnswer();

  /** Creates the service. */
  @BeforeEach
  protected void createOrdering() {
    ordering = newOrdering();
  }

  /** Closes the service. */
  @AfterEach
  protected void closeOrdering() {
    if (ordering != null) {
      ordering.close();
    }
  }

  private static ServerOrderRequest kimsufi() {
    return new ServerOrderRequest("24ska01", "gra", "none_64.en", "europe");
  }

  @Test
  @DisplayName("the catalog lists every seed plan, cheapest first, with exact prices")
  void catalogListsEveryPlanCheapestFirst() {
    var offers = ordering.catalog(ServerQuery.any());
    assertThat(offers).extracting(ServerOffer::planCode)
        .containsExactly("24ska01", "24sk10", "24sys012", "24rise01", "24adv01");
    assertThat(offers.get(0).monthlyPrice()).isEqualByComparingTo("4.99");
    assertThat(offers.get(0).currency()).isEqualTo(SeedServers.EUR);
    assertThat(offers.get(0).memoryGb()).isEqualTo(4);
    assertThat(offers.get(0).family()).isEqualTo("kimsufi");
  }

  @Test
  @DisplayName("the catalog filters by family, maximum monthly price and minimum memory")
  void catalogFilters() {
    assertThat(ordering.catalog(new ServerQuery("kimsufi", null, null))).extracting(ServerOffer::planCode)
        .containsExactly("24ska01", "24sk10");
    assertThat(ordering.catalog(new ServerQuery(null, new BigDecimal("29.99"), null))).extracting(ServerOffer::planCode)
        .containsExactly("24ska01", "24sk10", "24sys012");
    assertThat(ordering.catalog(new ServerQuery(null, null, 64))).extracting(ServerOffer::planCode)
        .containsExactly("24rise01", "24adv01");
    assertThat(ordering.catalog(new ServerQuery("rise", new BigDecimal("10"), 8))).isEmpty();
  }

  @Test
  @DisplayName("preparing quotes the first month's price without tax and buys nothing")
  void prepareQuotesAndBuysNothing() {
    ServerOrder prepared = ordering.prepare(new ServerOrderRequest("24adv01", "gra", "debian12_64", "europe"));
    assertThat(prepared.status()).isEqualTo(ServerOrder.Status.PREPARED);
    assertThat(prepared.totalPrice()).isEqualByComparingTo(SeedServers.plan("24adv01").orElseThrow().firstMonthPrice());
    assertThat(prepared.currency()).isEqualTo(SeedServers.EUR);
    assertThat(prepared.providerOrderId()).isNull();
    assertThat(checkoutsReceived()).isZero();
    assertThat(ordering.orders()).extracting(ServerOrder::id).containsExactly(prepared.id());
  }

  @Test
  @DisplayName("checking out a prepared order creates the provider's sales order")
  void checkoutCreatesSalesOrder() {
    ServerOrder prepared = ordering.prepare(kimsufi());
    ServerOrder bought = ordering.checkout(prepared.id());
    assertThat(bought.status()).isEqualTo(ServerOrder.Status.CHECKED_OUT);
    assertThat(bought.id()).isEqualTo(prepared.id());
    assertThat(bought.providerOrderId()).isNotBlank();
    assertThat(bought.totalPrice()).isEqualByComparingTo("4.99");
    assertThat(checkoutsReceived()).isEqualTo(1);
    assertThat(ordering.orders()).singleElement().extracting(ServerOrder::status).isEqualTo(ServerOrder.Status.CHECKED_OUT);
  }

  @Test
  @DisplayName("checking out twice returns the same order and sends nothing the second time")
  void checkoutIsNeverSentTwice() {
    ServerOrder prepared = ordering.prepare(kimsufi());
    ServerOrder first = ordering.checkout(prepared.id());
    ServerOrder second = ordering.checkout(prepared.id());
    assertThat(second).isEqualTo(first);
    assertThat(checkoutsReceived()).isEqualTo(1);
  }

  @Test
  @DisplayName("a checkout whose answer was lost is reported unknown, then settled without being sent again")
  void lostCheckoutAnswerIsNotRepeated() {
    ServerOrder prepared = ordering.prepare(kimsufi());
    loseNextCheckoutAnswer();
    assertThatThrownBy(() -> ordering.checkout(prepared.id())).isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("errorCode", "checkout_outcome_unknown")
        .hasMessageContaining(prepared.id());
    assertThat(ordering.orders()).singleElement().extracting(ServerOrder::status)
        .isEqualTo(ServerOrder.Status.CHECKOUT_UNCONFIRMED);
    ServerOrder settled = ordering.checkout(prepared.id());
    assertThat(settled.status()).isEqualTo(ServerOrder.Status.CHECKED_OUT);
    assertThat(checkoutsReceived()).isEqualTo(1);
  }

  @Test
  @DisplayName("an unknown order id is a not-found error")
  void unknownOrderIsNotFound() {
    assertThatThrownBy(() -> ordering.checkout("no-such-order")).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("no-such-order");
    assertThat(checkoutsReceived()).isZero();
  }

  @Test
  @DisplayName("a plan missing from the catalog is rejected and leaves no order behind")
  void unknownPlanIsRejected() {
    assertThatThrownBy(() -> ordering.prepare(new ServerOrderRequest("99nope01", "gra", "none_64.en", "europe")))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(ordering.orders()).isEmpty();
  }

  @Test
  @DisplayName("a datacenter the plan is not delivered to is rejected before anything is bought")
  void wrongDatacenterIsRejected() {
    assertThatThrownBy(() -> {
      ServerOrder prepared = ordering.prepare(new ServerOrderRequest("24ska01", "bhs", "none_64.en", "europe"));
      ordering.checkout(prepared.id());
    }).isInstanceOf(InvalidRequestException.class).hasMessageContaining("bhs");
    assertThat(ordering.orders()).noneMatch(o -> o.status() == ServerOrder.Status.CHECKED_OUT);
  }

  @Test
  @DisplayName("orders are listed newest first")
  void ordersNewestFirst() {
    ServerOrder first = ordering.prepare(kimsufi());
    ServerOrder second = ordering.prepare(new ServerOrderRequest("24sk10", "sbg", "none_64.en", "europe"));
    assertThat(ordering.orders()).extracting(ServerOrder::id).containsExactly(second.id(), first.id());
  }
}
