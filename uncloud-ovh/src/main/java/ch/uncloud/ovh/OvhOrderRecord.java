package ch.uncloud.ovh;

import ch.uncloud.api.servers.ServerOrderRequest;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything uncloud knows about one OVH server order, as kept in the {@link OvhOrderJournal}: the
 * cart, item and configuration ids, the quoted prices, the OVH order id, and every step taken.
 * Immutable; the {@code with...} methods return changed copies.
 *
 * @param id uncloud's order id
 * @param sequence position in the journal, for newest-first listings when times tie
 * @param request what was ordered
 * @param subsidiary the OVH subsidiary the cart was created for, e.g. {@code FR}
 * @param state where the order stands
 * @param cartId the OVH cart id, once created
 * @param itemId the cart item id of the server, once added
 * @param configurations configuration label to OVH configuration id, for those set
 * @param priceWithoutTax the dry-run (or, once checked out, the order's) price without tax
 * @param priceWithTax the same with tax
 * @param currency the currency code of the prices
 * @param ovhOrderId OVH's order id, once checked out and known
 * @param orderUrl OVH's URL of the order (for paying or downloading), once checked out
 * @param createdAt when preparation began
 * @param updatedAt when the record last changed
 * @param steps every step taken, oldest first
 */
public record OvhOrderRecord(String id, long sequence, ServerOrderRequest request, String subsidiary, State state,
    String cartId, Long itemId, Map<String, Long> configurations, BigDecimal priceWithoutTax,
    BigDecimal priceWithTax, String currency, Long ovhOrderId, String orderUrl, Instant createdAt,
    Instant updatedAt, List<Step> steps) {

  /** Where an OVH order stands. */
  public enum State {
    /** Cart, item and configuration are being set up; {@code resume} continues. */
    PREPARING,
    /** Assigned and priced by a dry-run checkout; nothing bought. */
    PREPARED,
    /** The checkout is being sent (durably marked before sending); if found after a crash, it is in doubt. */
    SENDING,
    /** The checkout was sent but its outcome is unknown; never sent again, an operator checks OVH. */
    UNCONFIRMED,
    /** OVH created the sales order. */
    CHECKED_OUT,
    /** Preparation failed or the cart expired; prepare a new order. */
    FAILED
  }

  /**
   * One step of the order.
   *
   * @param name e.g. {@code cart_created}
   * @param at when it happened
   * @param detail ids, prices or the error, for people reading the journal
   */
  public record Step(String name, Instant at, String detail) {
    /**
     * Requires name and time.
     *
     * @param name e.g. {@code cart_created}
     * @param at when it happened
     * @param detail ids, prices or the error, for people reading the journal
     */
    public Step {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * Copies the collections; each component is described with the record.
   *
   * @param id uncloud's order id
   * @param sequence position in the journal, for newest-first listings when times tie
   * @param request what was ordered
   * @param subsidiary the OVH subsidiary the cart was created for, e.g. {@code FR}
   * @param state where the order stands
   * @param cartId the OVH cart id, once created
   * @param itemId the cart item id of the server, once added
   * @param configurations configuration label to OVH configuration id, for those set
   * @param priceWithoutTax the dry-run (or, once checked out, the order's) price without tax
   * @param priceWithTax the same with tax
   * @param currency the currency code of the prices
   * @param ovhOrderId OVH's order id, once checked out and known
   * @param orderUrl OVH's URL of the order (for paying or downloading), once checked out
   * @param createdAt when preparation began
   * @param updatedAt when the record last changed
   * @param steps every step taken, oldest first
   */
  public OvhOrderRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    configurations = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(configurations));
    steps = List.copyOf(steps);
  }

  /**
   * @param id uncloud's order id
   * @param sequence position in the journal
   * @param request what to order
   * @param subsidiary the OVH subsidiary
   * @param now the current time
   * @return a new record in state {@link State#PREPARING}
   */
  public static OvhOrderRecord start(String id, long sequence, ServerOrderRequest request, String subsidiary,
      Instant now) {
    return new OvhOrderRecord(id, sequence, request, subsidiary, State.PREPARING, null, null, Map.of(), null, null,
        null, null, null, now, now, List.of(new Step("started", now, request.planCode())));
  }

  /**
   * @param name the step's name
   * @param detail the step's detail
   * @param now when
   * @return a copy with the step appended
   */
  public OvhOrderRecord step(String name, String detail, Instant now) {
    List<Step> more = new ArrayList<>(steps);
    more.add(new Step(name, now, detail));
    return new OvhOrderRecord(id, sequence, request, subsidiary, state, cartId, itemId, configurations,
        priceWithoutTax, priceWithTax, currency, ovhOrderId, orderUrl, createdAt, now, more);
  }

  /**
   * @param newState the state
   * @return a copy in that state
   */
  public OvhOrderRecord withState(State newState) {
    return new OvhOrderRecord(id, sequence, request, subsidiary, newState, cartId, itemId, configurations,
        priceWithoutTax, priceWithTax, currency, ovhOrderId, orderUrl, createdAt, updatedAt, steps);
  }

  /**
   * @param cart the cart id
   * @return a copy with it
   */
  public OvhOrderRecord withCart(String cart) {
    return new OvhOrderRecord(id, sequence, request, subsidiary, state, cart, itemId, configurations,
        priceWithoutTax, priceWithTax, currency, ovhOrderId, orderUrl, createdAt, updatedAt, steps);
  }

  /**
   * @param item the item id
   * @return a copy with it
   */
  public OvhOrderRecord withItem(Long item) {
    return new OvhOrderRecord(id, sequence, request, subsidiary, state, cartId, item, configurations,
        priceWithoutTax, priceWithTax, currency, ovhOrderId, orderUrl, createdAt, updatedAt, steps);
  }

  /**
   * @param label a configuration label
   * @param configurationId its OVH id
   * @return a copy with it
   */
  public OvhOrderRecord withConfiguration(String label, long configurationId) {
    Map<String, Long> more = new LinkedHashMap<>(configurations);
    more.put(label, configurationId);
    return new OvhOrderRecord(id, sequence, request, subsidiary, state, cartId, itemId, more,
        priceWithoutTax, priceWithTax, currency, ovhOrderId, orderUrl, createdAt, updatedAt, steps);
  }

  /**
   * @param label a configuration label
   * @return a copy without it (its configuration was deleted at OVH)
   */
  public OvhOrderRecord withoutConfiguration(String label) {
    Map<String, Long> fewer = new LinkedHashMap<>(configurations);
    fewer.remove(label);
    return new OvhOrderRecord(id, sequence, request, subsidiary, state, cartId, itemId, fewer,
        priceWithoutTax, priceWithTax, currency, ovhOrderId, orderUrl, createdAt, updatedAt, steps);
  }

  /**
   * @param changed the request with its new configuration
   * @return a copy for it
   */
  public OvhOrderRecord withRequest(ServerOrderRequest changed) {
    return new OvhOrderRecord(id, sequence, changed, subsidiary, state, cartId, itemId, configurations,
        priceWithoutTax, priceWithTax, currency, ovhOrderId, orderUrl, createdAt, updatedAt, steps);
  }

  /**
   * @param withoutTax price without tax
   * @param withTax price with tax
   * @param currencyCode the currency code
   * @return a copy with the prices
   */
  public OvhOrderRecord withPrices(BigDecimal withoutTax, BigDecimal withTax, String currencyCode) {
    return new OvhOrderRecord(id, sequence, request, subsidiary, state, cartId, itemId, configurations,
        withoutTax, withTax, currencyCode, ovhOrderId, orderUrl, createdAt, updatedAt, steps);
  }

  /**
   * @param orderId OVH's order id
   * @param url OVH's order URL
   * @return a copy with them
   */
  public OvhOrderRecord withOvhOrder(Long orderId, String url) {
    return new OvhOrderRecord(id, sequence, request, subsidiary, state, cartId, itemId, configurations,
        priceWithoutTax, priceWithTax, currency, orderId, url, createdAt, updatedAt, steps);
  }
}
