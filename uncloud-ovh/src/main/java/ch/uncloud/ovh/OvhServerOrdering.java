package ch.uncloud.ovh;

import ch.uncloud.api.ConflictException;
import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.UncloudException;
import ch.uncloud.api.servers.ServerOffer;
import ch.uncloud.api.servers.ServerOrder;
import ch.uncloud.api.servers.ServerOrderRequest;
import ch.uncloud.api.servers.ServerQuery;
import ch.uncloud.api.events.Event;
import ch.uncloud.spi.EventOutbox;
import ch.uncloud.spi.ServerOrdering;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orders OVH dedicated servers through the cart API: catalog search, cart, plan, required
 * configuration (datacenter, OS, region), assign, priced dry run, and checkout only when asked.
 * Every step is saved in an {@link OvhOrderJournal} before the next one begins, so an interrupted
 * order can be inspected and resumed, and a checkout is never sent twice: the order is durably
 * marked "sending" before the checkout leaves, and an order found in that state is never sent
 * again. Thread-safe.
 *
 * <p>Settling an order whose checkout outcome is unknown: OVH's order API schema (the part
 * uncloud uses) has no order listing, so uncloud asks the cart: a cart marked read-only has been
 * validated, i.e. the order exists. Otherwise the order stays unconfirmed and an operator checks
 * the account's orders (control panel, or {@code GET /me/order}).
 */
public final class OvhServerOrdering implements ServerOrdering {
  private static final Logger LOG = LoggerFactory.getLogger(OvhServerOrdering.class);
  /** Configuration labels OVH asks for on dedicated servers. */
  static final String DATACENTER = "dedicated_datacenter";
  static final String OS = "dedicated_os";
  static final String REGION = "region";
  /** OVH subsidiaries ({@code nichandle.OvhSubsidiaryEnum}). */
  public static final Set<String> SUBSIDIARIES =
      Set.of("CZ", "DE", "ES", "EU", "FI", "FR", "GB", "IE", "IT", "LT", "MA", "NL", "PL", "PT", "SN", "TN");

  private final OvhClient client;
  private final OvhOrderJournal journal;
  private final Clock clock;
  private final String subsidiary;
  private final String defaultRegion;
  private final String defaultDatacenter;
  private final String defaultOperatingSystem;
  private final boolean autoPay;
  private final boolean waiveRetractation;
  private final boolean ownsClient;
  private final Object journalLock = new Object();

  OvhServerOrdering(OvhServerOrderingBuilder b) {
    this.client = Objects.requireNonNull(b.client, "client");
    this.journal = Objects.requireNonNull(b.journal, "journal");
    this.clock = b.clock;
    this.subsidiary = b.subsidiary;
    this.defaultRegion = b.defaultRegion;
    this.defaultDatacenter = b.defaultDatacenter;
    this.defaultOperatingSystem = b.defaultOperatingSystem;
    this.autoPay = b.autoPay;
    this.waiveRetractation = b.waiveRetractation;
    this.ownsClient = b.ownsClient;
  }

  /**
   * @param client the OVH client (signed calls need its consumer key)
   * @param journal where orders are remembered
   * @return a builder
   */
  public static OvhServerOrderingBuilder builder(OvhClient client, OvhOrderJournal journal) {
    return new OvhServerOrderingBuilder(client, journal);
  }

  /**
   * @return the subsidiary carts are created for
   */
  public String subsidiary() {
    return subsidiary;
  }

  /**
   * Builds an order request, filling what the caller left out from the configured defaults
   * ({@code uncloud.ovh.datacenter}, {@code uncloud.ovh.os}, {@code uncloud.ovh.region}).
   *
   * @param planCode the plan, required
   * @param datacenter the datacenter, or {@code null} for the default
   * @param operatingSystem the operating system, or {@code null} for the default
   * @param region the region, or {@code null} for the default
   * @return the request
   * @throws InvalidRequestException ({@code invalid_argument}) if the plan is missing, or a value is missing and has no default
   */
  public ServerOrderRequest request(String planCode, String datacenter, String operatingSystem, String region) {
    if (planCode == null || planCode.isBlank()) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "give the plan code to order, e.g. 24ska01 (see the catalog)");
    }
    String dc = datacenter != null ? datacenter : defaultDatacenter;
    String os = operatingSystem != null ? operatingSystem : defaultOperatingSystem;
    if (dc == null) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "give a datacenter (e.g. gra) or set uncloud.ovh.datacenter");
    }
    if (os == null) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "give an operating system (e.g. none_64.en) or set uncloud.ovh.os");
    }
    ServerOrderRequest request = new ServerOrderRequest(planCode, dc, os, region != null ? region : defaultRegion);
    validate(request);
    return request;
  }

  /**
   * Searches the dedicated-server catalog ({@code GET /order/catalog/formatted/dedicated}, public).
   * The monthly price is the plan's renewal price without tax.
   */
  @Override
  public List<ServerOffer> catalog(ServerQuery query) {
    return catalog(subsidiary, query);
  }

  /**
   * Searches another subsidiary's dedicated-server catalog (prices and currency differ by subsidiary).
   *
   * @param ovhSubsidiary e.g. {@code FR}, {@code GB}
   * @param query filters; {@code null} matches every plan
   * @return the matching plans, cheapest first
   * @throws InvalidRequestException ({@code invalid_argument}) if the subsidiary is not one of {@link #SUBSIDIARIES}
   */
  public List<ServerOffer> catalog(String ovhSubsidiary, ServerQuery query) {
    if (ovhSubsidiary == null || !SUBSIDIARIES.contains(ovhSubsidiary)) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "unknown OVH subsidiary '" + ovhSubsidiary + "'; use one of "
          + new java.util.TreeSet<>(SUBSIDIARIES));
    }
    ServerQuery q = query == null ? ServerQuery.any() : query;
    JsonObject catalog = client.getUnsigned(OvhClient.query("/order/catalog/formatted/dedicated",
        Map.of("ovhSubsidiary", ovhSubsidiary))).asJsonObject();
    String currencyCode = catalog.getJsonObject("metadatas").getJsonObject("currency").getString("code");
    List<ServerOffer> offers = new ArrayList<>();
    for (JsonValue v : OvhClient.array(catalog.get("products"))) {
      JsonObject product = v.asJsonObject();
      if (!(product.get("prices") instanceof JsonObject prices) || !(prices.get("default") instanceof JsonObject d)
          || !(d.get("renew") instanceof JsonObject renew)) {
        continue; // not sold monthly by default pricing: nothing uncloud can order
      }
      BigDecimal monthly = OvhPrices.amount(renew);
      String currency = renew.getString("currencyCode", currencyCode);
      ServerOffer offer = new ServerOffer(product.getString("code"), product.getString("family", null),
          product.getString("invoiceName", product.getString("code")), memoryGb(product), monthly,
          OvhPrices.currency(currency));
      if (matches(offer, q)) {
        offers.add(offer);
      }
    }
    offers.sort(Comparator.comparing(ServerOffer::monthlyPrice).thenComparing(ServerOffer::planCode));
    return offers;
  }

  /**
   * One plan with its setup fee and the datacenters it can be delivered to, from the catalog.
   *
   * @param planCode e.g. {@code 24adv01}
   * @return the plan
   * @throws InvalidRequestException ({@code invalid_argument}) if the catalog has no such plan
   */
  public OvhPlan plan(String planCode) {
    return findPlan(planCode).orElseThrow(() -> new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "OVH's "
        + subsidiary + " catalog has no plan '" + planCode + "'; list the plans with `uncloud ovh catalog`"));
  }

  private java.util.Optional<OvhPlan> findPlan(String planCode) {
    JsonObject catalog = client.getUnsigned(OvhClient.query("/order/catalog/formatted/dedicated",
        Map.of("ovhSubsidiary", subsidiary))).asJsonObject();
    String currencyCode = catalog.getJsonObject("metadatas").getJsonObject("currency").getString("code");
    for (JsonValue v : OvhClient.array(catalog.get("products"))) {
      JsonObject product = v.asJsonObject();
      if (!product.getString("code").equals(planCode) || !(product.get("prices") instanceof JsonObject prices)
          || !(prices.get("default") instanceof JsonObject d) || !(d.get("renew") instanceof JsonObject renew)) {
        continue;
      }
      BigDecimal setup = d.get("installation") instanceof JsonObject install ? OvhPrices.amount(install)
          : BigDecimal.ZERO;
      Map<String, List<String>> allowed = allowedValues(planCode);
      List<String> datacenters = allowed.containsKey(DATACENTER) ? allowed.get(DATACENTER) : strings(product.get(
          "datacenters"));
      return java.util.Optional.of(new OvhPlan(planCode, product.getString("family", null),
          product.getString("invoiceName", planCode), OvhPrices.amount(renew), setup,
          OvhPrices.currency(renew.getString("currencyCode", currencyCode)), datacenters,
          allowed.getOrDefault(OS, List.of()), allowed.getOrDefault(REGION, List.of())));
    }
    return java.util.Optional.empty();
  }

  /** The values each configuration label accepts, from OVH's public bare-metal catalog. */
  private Map<String, List<String>> allowedValues(String planCode) {
    JsonObject catalog = client.getUnsigned(OvhClient.query("/order/catalog/public/baremetalServers",
        Map.of("ovhSubsidiary", subsidiary))).asJsonObject();
    Map<String, List<String>> allowed = new java.util.LinkedHashMap<>();
    for (JsonValue v : OvhClient.array(catalog.get("plans"))) {
      JsonObject plan = v.asJsonObject();
      if (planCode.equals(plan.getString("planCode", null))) {
        for (JsonValue c : OvhClient.array(plan.get("configurations"))) {
          allowed.put(c.asJsonObject().getString("name"), strings(c.asJsonObject().get("values")));
        }
      }
    }
    return allowed;
  }

  private static List<String> strings(JsonValue array) {
    List<String> out = new ArrayList<>();
    OvhClient.array(array).forEach(x -> out.add(((JsonString) x).getString()));
    return out;
  }

  /** Refuses a value the plan does not accept, naming those it does, before anything is ordered. */
  private void checkAllowed(ServerOrderRequest request) {
    OvhPlan plan = findPlan(request.planCode()).orElse(null);
    if (plan == null) {
      return; // a plan the catalog lacks goes on to OVH, which refuses it with its own message
    }
    for (String label : List.of(DATACENTER, OS, REGION)) {
      String value = chosen(label, request);
      List<String> allowed = plan.allowed(label);
      if (value != null && !allowed.isEmpty() && !allowed.contains(value)) {
        throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "plan " + plan.planCode() + " does not take "
            + label + " '" + value + "'; choose one of " + allowed + " (uncloud ovh catalog --plan "
            + plan.planCode() + ")");
      }
    }
  }

  /**
   * @param ovhSubsidiary e.g. {@code FR}
   * @return each plan's one-time setup fee (installation price without tax), by plan code
   */
  public Map<String, BigDecimal> setupFees(String ovhSubsidiary) {
    JsonObject catalog = client.getUnsigned(OvhClient.query("/order/catalog/formatted/dedicated",
        Map.of("ovhSubsidiary", ovhSubsidiary))).asJsonObject();
    Map<String, BigDecimal> fees = new java.util.LinkedHashMap<>();
    for (JsonValue v : OvhClient.array(catalog.get("products"))) {
      JsonObject product = v.asJsonObject();
      if (product.get("prices") instanceof JsonObject prices && prices.get("default") instanceof JsonObject d
          && d.get("installation") instanceof JsonObject install) {
        fees.put(product.getString("code"), OvhPrices.amount(install));
      }
    }
    return fees;
  }

  private static int memoryGb(JsonObject product) {
    JsonValue specs = product.get("specifications");
    if (specs instanceof JsonObject s && s.get("memory") instanceof JsonObject m && m.get("size") instanceof JsonNumber n) {
      return n.intValueExact();
    }
    return 0;
  }

  private static boolean matches(ServerOffer offer, ServerQuery q) {
    return (q.family() == null || q.family().equalsIgnoreCase(offer.family()))
        && (q.maxMonthlyPrice() == null || offer.monthlyPrice().compareTo(q.maxMonthlyPrice()) <= 0)
        && (q.minMemoryGb() == null || offer.memoryGb() >= q.minMemoryGb());
  }

  /**
   * Creates a cart, adds the plan, sets its required configuration, assigns the cart to the
   * account and asks for the priced dry run. Nothing is bought. If a step fails the order is
   * journaled as failed, its cart deleted, and the error thrown.
   */
  @Override
  public ServerOrder prepare(ServerOrderRequest request) {
    validate(request);
    checkAllowed(request);
    OvhOrderRecord record;
    synchronized (journalLock) {
      long sequence = journal.all().stream().mapToLong(OvhOrderRecord::sequence).max().orElse(0) + 1;
      record = OvhOrderRecord.start("ovh-" + UUID.randomUUID(), sequence, request, subsidiary, clock.instant());
      journal.save(record);
    }
    return toServerOrder(advance(record, false));
  }

  /**
   * Continues an interrupted order: a preparation is completed (reusing the cart, item and
   * configurations already made), a checkout in doubt is looked up without sending it again.
   *
   * @param orderId the order id
   * @return the order as it now stands
   * @throws NotFoundException ({@code unknown_server_order}) if there is no such order
   * @throws ConflictException ({@code checkout_outcome_unknown}) if a checkout's outcome is still unknown
   */
  public ServerOrder resume(String orderId) {
    find(orderId); // an unknown id fails here, before a lock file is made for it
    try (OvhOrderJournal.OrderLock lock = journal.lock(orderId)) {
      OvhOrderRecord record = find(orderId);
      switch (record.state()) {
        case PREPARING:
          return toServerOrder(advance(record.step("resumed", null, clock.instant()), true));
        case SENDING:
        case UNCONFIRMED:
          return settle(record, null);
        case FAILED:
          throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "order " + orderId + " failed (" + lastStep(record)
              + "); prepare a new order");
        default:
          return toServerOrder(record);
      }
    }
  }

  /**
   * Changes the configuration of a prepared order, for instance after OVH refused its checkout: each
   * changed value replaces the item's configuration in the same cart, and the dry run is asked again
   * for the new prices. Nothing is bought.
   *
   * @param orderId a prepared order
   * @param datacenter the new datacenter, or {@code null} to keep it
   * @param operatingSystem the new operating system, or {@code null} to keep it
   * @param region the new region, or {@code null} to keep it
   * @return the order, prepared again
   * @throws InvalidRequestException ({@code invalid_argument}) if the order is not prepared or a value is not
   *     one the plan takes
   */
  public ServerOrder reconfigure(String orderId, String datacenter, String operatingSystem, String region) {
    find(orderId);
    try (OvhOrderJournal.OrderLock lock = journal.lock(orderId)) {
      OvhOrderRecord record = find(orderId);
      if (record.state() != OvhOrderRecord.State.PREPARED) {
        throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "order " + orderId + " is " + record.state()
            + "; only a prepared order can be reconfigured");
      }
      ServerOrderRequest old = record.request();
      ServerOrderRequest changed = new ServerOrderRequest(old.planCode(),
          datacenter != null ? datacenter : old.datacenter(),
          operatingSystem != null ? operatingSystem : old.operatingSystem(),
          region != null ? region : old.region());
      validate(changed);
      checkAllowed(changed);
      OvhOrderRecord r = record.withRequest(changed).withState(OvhOrderRecord.State.PREPARING);
      for (String label : List.of(DATACENTER, OS, REGION)) {
        Long configurationId = r.configurations().get(label);
        if (configurationId != null && !java.util.Objects.equals(chosen(label, old), chosen(label, changed))) {
          client.delete(OvhClient.path("/order/cart/{}/item/{}/configuration/{}", r.cartId(), r.itemId(),
              configurationId));
          r = save(r.withoutConfiguration(label).step("unconfigured", label + "=" + chosen(label, old),
              clock.instant()));
        }
      }
      return toServerOrder(advance(r.step("reconfigured", null, clock.instant()), false));
    }
  }

  /**
   * Buys a prepared order ({@code POST /order/cart/{cartId}/checkout}). Sent at most once: the
   * journal marks the order "sending" durably first; a checkout already sent, or found marked after
   * a crash, is never sent again.
   */
  @Override
  public ServerOrder checkout(String orderId) {
    return checkout(orderId, null);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The events of the answer are saved with the journal record that makes the order checked out
   * (in one transaction when the journal is in the outbox's database); an order checked out before is
   * announced again, which an outbox that keeps each event id once ignores.
   */
  @Override
  public ServerOrder checkout(String orderId, EventOutbox outbox, Function<ServerOrder, List<Event>> events) {
    return checkout(orderId, new Announce(Objects.requireNonNull(outbox, "outbox"), Objects.requireNonNull(events,
        "events")));
  }

  /** Where and what a checkout announces. */
  private record Announce(EventOutbox outbox, Function<ServerOrder, List<Event>> events) {}

  private ServerOrder checkout(String orderId, Announce announce) {
    find(orderId); // an unknown id fails here, before a lock file is made for it
    try (OvhOrderJournal.OrderLock lock = journal.lock(orderId)) {
      OvhOrderRecord record = find(orderId);
      switch (record.state()) {
        case CHECKED_OUT:
          ServerOrder done = toServerOrder(record);
          if (announce != null) {
            announce.outbox().append(announce.events().apply(done));
          }
          return done;
        case SENDING:
        case UNCONFIRMED:
          return settle(record, announce);
        case PREPARING:
          throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "order " + orderId + " was interrupted while being prepared;"
              + " call resume(\"" + orderId + "\") to finish preparing it, then check out");
        case FAILED:
          throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "order " + orderId + " cannot be checked out: " + lastStep(record)
              + "; prepare a new order");
        case PREPARED:
        default:
          return send(record, announce);
      }
    }
  }

  private ServerOrder send(OvhOrderRecord prepared, Announce announce) {
    OvhOrderRecord record = save(prepared.withState(OvhOrderRecord.State.SENDING)
        .step("checkout_sending", "cart " + prepared.cartId(), clock.instant()));
    JsonValue body = client.json().createObjectBuilder()
        .add("waiveRetractationPeriod", waiveRetractation)
        .add("autoPayWithPreferredPaymentMethod", autoPay).build();
    JsonObject order;
    try {
      order = client.post(OvhClient.path("/order/cart/{}/checkout", record.cartId()), body).asJsonObject();
    } catch (OvhUnavailableException e) {
      if (!e.mayHaveBeenProcessed()) {
        save(record.withState(OvhOrderRecord.State.PREPARED).step("checkout_not_sent", e.getMessage(), clock.instant()));
        throw e;
      }
      throw unconfirmed(record, e);
    } catch (ch.uncloud.api.ConfigurationException e) {
      // refused locally before anything was sent (e.g. no consumer key configured)
      save(record.withState(OvhOrderRecord.State.PREPARED).step("checkout_not_sent", e.getMessage(), clock.instant()));
      throw e;
    } catch (OvhResourceExpiredException e) {
      save(record.withState(OvhOrderRecord.State.FAILED).step("checkout_rejected", e.getMessage(), clock.instant()));
      throw e;
    } catch (UncloudException e) {
      if (e instanceof OvhApiError) {
        // OVH answered with a client error: it did not create an order, the checkout may be tried again
        save(record.withState(OvhOrderRecord.State.PREPARED).step("checkout_rejected", e.getMessage(), clock.instant()));
        throw e;
      }
      throw unconfirmed(record, e);
    } catch (RuntimeException e) {
      throw unconfirmed(record, e);
    }
    Long ovhOrderId = order.get("orderId") instanceof JsonNumber n ? n.longValueExact() : null;
    OvhOrderRecord done = record.withState(OvhOrderRecord.State.CHECKED_OUT)
        .withOvhOrder(ovhOrderId, order.getString("url", null));
    done = withOrderPrices(done, order);
    done = saveCheckedOut(done.step("checked_out", "OVH order " + ovhOrderId + ", " + done.priceWithoutTax() + " "
        + done.currency() + " without tax", clock.instant()), announce);
    LOG.info("OVH order {} checked out: cart {}, OVH order id {}", done.id(), done.cartId(), ovhOrderId);
    return toServerOrder(done);
  }

  private ConflictException unconfirmed(OvhOrderRecord record, Throwable cause) {
    String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    OvhOrderRecord saved = save(record.withState(OvhOrderRecord.State.UNCONFIRMED)
        .step("checkout_outcome_unknown", why, clock.instant()));
    LOG.warn("OVH checkout of order {} (cart {}) has an unknown outcome: {}", saved.id(), saved.cartId(), why);
    return new ConflictException(ErrorCodes.CHECKOUT_OUTCOME_UNKNOWN, unknownMessage(saved), cause);
  }

  private static String unknownMessage(OvhOrderRecord r) {
    return "the checkout of order " + r.id() + " (OVH cart " + r.cartId() + ") was sent, but whether OVH created"
        + " the sales order is unknown; uncloud will not send it again. Check the account's orders at OVH"
        + " (control panel or GET /me/order) for cart " + r.cartId() + ", then resume(\"" + r.id()
        + "\") once the cart shows as validated";
  }

  /** Decides a checkout in doubt from the cart's state, never by sending it again. */
  private ServerOrder settle(OvhOrderRecord record, Announce announce) {
    if (record.state() == OvhOrderRecord.State.SENDING) {
      record = save(record.withState(OvhOrderRecord.State.UNCONFIRMED)
          .step("checkout_interrupted", "found marked sending; never sent again", clock.instant()));
    }
    JsonObject cart;
    try {
      cart = client.get(OvhClient.path("/order/cart/{}", record.cartId())).asJsonObject();
    } catch (UncloudException e) {
      save(record.step("settle_failed", e.getMessage(), clock.instant()));
      throw new ConflictException(ErrorCodes.CHECKOUT_OUTCOME_UNKNOWN, unknownMessage(record) + " (looking at the cart failed: "
          + e.getMessage() + ")", e);
    }
    if (cart.getBoolean("readOnly", false)) {
      OvhOrderRecord done = saveCheckedOut(record.withState(OvhOrderRecord.State.CHECKED_OUT)
          .step("checkout_confirmed", "cart " + record.cartId() + " is validated at OVH; OVH order id unknown,"
              + " see the account's orders", clock.instant()), announce);
      return toServerOrder(done);
    }
    save(record.step("checkout_still_unknown", "cart " + record.cartId() + " not validated", clock.instant()));
    throw new ConflictException(ErrorCodes.CHECKOUT_OUTCOME_UNKNOWN, unknownMessage(record)
        + " (the cart is not validated at OVH yet; if the checkout never arrived, prepare a new order)");
  }

  /**
   * Runs the remaining preparation steps, each recorded before the next. When resuming, an item or
   * configuration whose creation may have happened without being recorded is looked up first.
   */
  private OvhOrderRecord advance(OvhOrderRecord start, boolean resuming) {
    OvhOrderRecord r = start;
    try {
      if (r.cartId() == null) {
        JsonObject cart = client.post("/order/cart", client.json().createObjectBuilder()
            .add("ovhSubsidiary", r.subsidiary()).add("description", "uncloud " + r.id()).build()).asJsonObject();
        r = save(r.withCart(cart.getString("cartId")).step("cart_created", cart.getString("cartId"), clock.instant()));
      }
      if (r.itemId() == null) {
        Long existing = resuming ? findItem(r) : null;
        if (existing != null) {
          r = save(r.withItem(existing).step("item_found", "item " + existing, clock.instant()));
        } else {
          JsonObject item = client.post(OvhClient.path("/order/cart/{}/dedicated", r.cartId()),
              client.json().createObjectBuilder().add("duration", "P1M").add("planCode", r.request().planCode())
                  .add("pricingMode", "default").add("quantity", 1).build()).asJsonObject();
          long itemId = item.getJsonNumber("itemId").longValueExact();
          r = save(r.withItem(itemId).step("item_added", "item " + itemId + " plan " + r.request().planCode(),
              clock.instant()));
        }
      }
      for (JsonValue v : OvhClient.array(client.get(OvhClient.path("/order/cart/{}/item/{}/requiredConfiguration",
          r.cartId(), r.itemId())))) {
        JsonObject requirement = v.asJsonObject();
        String label = requirement.getString("label");
        if (!requirement.getBoolean("required", false) || r.configurations().containsKey(label)) {
          continue;
        }
        String value = valueFor(label, r.request());
        Long existing = resuming ? findConfiguration(r, label) : null;
        if (existing != null) {
          r = save(r.withConfiguration(label, existing).step("configuration_found", label, clock.instant()));
          continue;
        }
        JsonObject configured = client.post(OvhClient.path("/order/cart/{}/item/{}/configuration", r.cartId(),
            r.itemId()), client.json().createObjectBuilder().add("label", label).add("value", value).build())
            .asJsonObject();
        r = save(r.withConfiguration(label, configured.getJsonNumber("id").longValueExact())
            .step("configured", label + "=" + value, clock.instant()));
      }
      client.post(OvhClient.path("/order/cart/{}/assign", r.cartId()), null);
      r = save(r.step("assigned", "cart " + r.cartId(), clock.instant()));
      JsonObject dryRun = client.get(OvhClient.path("/order/cart/{}/checkout", r.cartId())).asJsonObject();
      r = withOrderPrices(r, dryRun).withState(OvhOrderRecord.State.PREPARED);
      r = save(r.step("priced", r.priceWithoutTax() + " " + r.currency() + " without tax, " + r.priceWithTax()
          + " with tax", clock.instant()));
      return r;
    } catch (UncloudException e) {
      fail(r, e);
      throw e;
    } catch (RuntimeException e) {
      fail(r, e);
      throw new OvhUnavailableException("OVH answered the preparation of order " + r.id() + " unexpectedly ("
          + e + "); prepare again later", new OvhErrorDetails(200, null, null, String.valueOf(e.getMessage()),
          null, "-", "-"), true, e);
    }
  }

  private void fail(OvhOrderRecord r, RuntimeException e) {
    if (e instanceof OvhUnavailableException) {
      // a read or write that may be repeated: keep the order resumable
      save(r.step("interrupted", e.getMessage(), clock.instant()));
      return;
    }
    OvhOrderRecord failed = save(r.withState(OvhOrderRecord.State.FAILED).step("failed", e.getMessage(), clock.instant()));
    if (failed.cartId() != null) {
      try {
        client.delete(OvhClient.path("/order/cart/{}", failed.cartId()));
        save(failed.step("cart_deleted", failed.cartId(), clock.instant()));
      } catch (UncloudException ignored) {
        LOG.debug("could not delete cart {} of failed order {}", failed.cartId(), failed.id());
      }
    }
  }

  private Long findItem(OvhOrderRecord r) {
    for (JsonValue id : OvhClient.array(client.get(OvhClient.path("/order/cart/{}/item", r.cartId())))) {
      long itemId = ((JsonNumber) id).longValueExact();
      JsonObject item = client.get(OvhClient.path("/order/cart/{}/item/{}", r.cartId(), itemId)).asJsonObject();
      if (item.get("settings") instanceof JsonObject settings
          && r.request().planCode().equals(settings.getString("planCode", null))) {
        return itemId;
      }
    }
    return null;
  }

  private Long findConfiguration(OvhOrderRecord r, String label) {
    var ids = OvhClient.array(client.get(OvhClient.query(OvhClient.path("/order/cart/{}/item/{}/configuration",
        r.cartId(), r.itemId()), Map.of("label", label))));
    return ids.isEmpty() ? null : ids.getJsonNumber(0).longValueExact();
  }

  /** The value a request gives a label, with the configured default region; {@code null} if none. */
  private String chosen(String label, ServerOrderRequest request) {
    if (label.equals(REGION)) {
      return request.region() != null ? request.region() : defaultRegion;
    }
    return valueFor(label, request);
  }

  private String valueFor(String label, ServerOrderRequest request) {
    switch (label) {
      case DATACENTER:
        return request.datacenter();
      case OS:
        return request.operatingSystem();
      case REGION:
        if (request.region() != null) {
          return request.region();
        }
        if (defaultRegion != null) {
          return defaultRegion;
        }
        throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "plan " + request.planCode() + " needs a region (e.g. europe);"
            + " give one in the request or set uncloud.ovh.region");
      default:
        throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "plan " + request.planCode() + " requires the configuration '" + label
            + "', which uncloud cannot set; order this plan in the OVH control panel");
    }
  }

  private static OvhOrderRecord withOrderPrices(OvhOrderRecord r, JsonObject order) {
    if (!(order.get("prices") instanceof JsonObject prices) || !(prices.get("withoutTax") instanceof JsonObject without)) {
      return r;
    }
    BigDecimal withTax = prices.get("withTax") instanceof JsonObject with ? OvhPrices.amount(with) : null;
    String currency = without.getString("currencyCode", null);
    OvhPrices.currency(currency);
    return r.withPrices(OvhPrices.amount(without), withTax, currency);
  }

  private static void validate(ServerOrderRequest request) {
    Objects.requireNonNull(request, "request");
    requireWord("plan code", request.planCode());
    requireWord("datacenter", request.datacenter());
    requireWord("operating system", request.operatingSystem());
    if (request.region() != null) {
      requireWord("region", request.region());
    }
  }

  private static void requireWord(String what, String value) {
    if (value.isBlank() || !value.matches("[A-Za-z0-9._-]{1,100}")) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, what + " '" + value + "' is not valid: use letters, digits, '.', '_' and '-'"
          + " as in the OVH catalog (e.g. 24ska01, gra, none_64.en)");
    }
  }

  @Override
  public List<ServerOrder> orders() {
    return journal.all().stream()
        .filter(r -> r.priceWithoutTax() != null && r.state() != OvhOrderRecord.State.FAILED
            && r.state() != OvhOrderRecord.State.PREPARING)
        .sorted(Comparator.comparing(OvhOrderRecord::createdAt).thenComparingLong(OvhOrderRecord::sequence).reversed())
        .map(OvhServerOrdering::toServerOrder)
        .toList();
  }

  /**
   * @return every journaled order, failed and interrupted ones included, newest first
   */
  public List<OvhOrderRecord> records() {
    return journal.all().stream()
        .sorted(Comparator.comparing(OvhOrderRecord::createdAt).thenComparingLong(OvhOrderRecord::sequence).reversed())
        .toList();
  }

  /**
   * @param orderId an order id
   * @return its journal record with every step
   * @throws NotFoundException ({@code unknown_server_order}) if there is none
   */
  public OvhOrderRecord inspect(String orderId) {
    return find(orderId);
  }

  private OvhOrderRecord find(String orderId) {
    return journal.find(orderId).orElseThrow(() -> new NotFoundException(ErrorCodes.UNKNOWN_SERVER_ORDER, "no OVH server order '" + orderId
        + "'; list the orders to find its id"));
  }

  private OvhOrderRecord save(OvhOrderRecord record) {
    journal.save(record);
    return record;
  }

  /** Saves the record that makes an order checked out, with the events it announces if asked to. */
  private OvhOrderRecord saveCheckedOut(OvhOrderRecord record, Announce announce) {
    if (announce == null) {
      return save(record);
    }
    journal.save(record, announce.outbox(), announce.events().apply(toServerOrder(record)));
    return record;
  }

  private static String lastStep(OvhOrderRecord r) {
    OvhOrderRecord.Step last = r.steps().get(r.steps().size() - 1);
    return last.name() + (last.detail() == null ? "" : ": " + last.detail());
  }

  static ServerOrder toServerOrder(OvhOrderRecord r) {
    ServerOrder.Status status = switch (r.state()) {
      case CHECKED_OUT -> ServerOrder.Status.CHECKED_OUT;
      case SENDING, UNCONFIRMED -> ServerOrder.Status.CHECKOUT_UNCONFIRMED;
      default -> ServerOrder.Status.PREPARED;
    };
    return new ServerOrder(r.id(), r.request(), status, r.priceWithoutTax(), OvhPrices.currency(r.currency()),
        r.ovhOrderId() == null ? null : r.ovhOrderId().toString(), r.createdAt());
  }

  @Override
  public void close() {
    if (ownsClient) {
      client.close();
      if (journal instanceof StoredOvhOrderJournal stored) {
        stored.close(); // the provider opened both
      }
    }
  }

  @Override
  public String toString() {
    return "OvhServerOrdering[" + client.endpoint() + ", " + subsidiary + ", " + journal + "]";
  }

}
