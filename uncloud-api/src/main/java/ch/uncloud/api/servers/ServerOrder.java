package ch.uncloud.api.servers;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.Objects;

/**
 * A server order and where it stands: prepared (a priced dry run, nothing bought yet) or checked out.
 *
 * @param id uncloud's id for the order, stable from preparation to checkout
 * @param request what was ordered
 * @param status where it stands
 * @param totalPrice the price the provider quoted, without tax
 * @param currency the price's currency
 * @param providerOrderId the provider's order id once checked out, else {@code null} (also when the
 *     checkout is known to have happened but the provider's id could not be learned)
 * @param createdAt when it was prepared
 */
public record ServerOrder(String id, ServerOrderRequest request, Status status, BigDecimal totalPrice,
    Currency currency, String providerOrderId, Instant createdAt) {

  /** Where an order stands. */
  public enum Status {
    /** Priced dry run; confirm to buy. */
    PREPARED,
    /**
     * The checkout was sent but its outcome is unknown (the answer was lost, or the process stopped
     * while sending). It is never sent again: check the provider's order list, then resolve it.
     */
    CHECKOUT_UNCONFIRMED,
    /** Checked out: the provider created a sales order. */
    CHECKED_OUT
  }

  /**
   * Checks the components; each is described with the record.
   *
   * @param id uncloud's id for the order, stable from preparation to checkout
   * @param request what was ordered
   * @param status where it stands
   * @param totalPrice the price the provider quoted, without tax
   * @param currency the price's currency
   * @param providerOrderId the provider's order id once checked out, else {@code null}
   * @param createdAt when it was prepared
   */
  public ServerOrder {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(totalPrice, "totalPrice");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
