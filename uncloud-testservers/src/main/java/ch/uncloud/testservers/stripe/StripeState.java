package ch.uncloud.testservers.stripe;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fake's Stripe account: customers, payment methods, setup intents, payment intents, charges
 * and refunds, kept as the JSON objects Stripe would return (shaped from Stripe's own fixtures).
 * Not thread-safe: the server calls it under one lock.
 */
final class StripeState {
  static final String API_VERSION = "2026-07-29.dahlia";
  private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final Pattern SEARCH_CLAUSE =
      Pattern.compile("\\s*(metadata\\['([^']+)'\\]|[a-z_]+)\\s*:\\s*'([^']*)'\\s*");

  private final Clock clock;
  private final Map<String, Object> fixtures;
  private final SecureRandom random = new SecureRandom();
  private final Consumer<Map<String, Object>> eventSink;

  private final Map<String, Map<String, Object>> customers = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> paymentMethods = new LinkedHashMap<>();
  private final Map<String, TestCard> cardOf = new LinkedHashMap<>();
  private final Map<String, Boolean> detached = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> setupIntents = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> paymentIntents = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> charges = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> refunds = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> setupAttempts = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> balanceTransactions = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> deletedCustomers = new LinkedHashMap<>();
  private final List<Map<String, Object>> events = new ArrayList<>();
  private long sequence;

  /** Who asked: the request id and idempotency key that an event names, and the API version asked for. */
  record Origin(String requestId, String idempotencyKey, ApiVersion version) {
    Origin(String requestId, String idempotencyKey) {
      this(requestId, idempotencyKey, ApiVersion.ACCOUNT_DEFAULT);
    }
  }

  @SuppressWarnings("unchecked")
  StripeState(Clock clock, Consumer<Map<String, Object>> eventSink) {
    this.clock = clock;
    this.eventSink = eventSink;
    this.fixtures = (Map<String, Object>) Json.readResource("stripe-fixtures3.2026-07-29.core.json").get("resources");
  }

  // ---------------------------------------------------------------- customers

  Map<String, Object> createCustomer(Map<String, Object> p) {
    Map<String, Object> c = template("customer");
    c.put("id", newId("cus"));
    c.put("created", now());
    c.put("currency", null);
    c.put("discount", null);
    c.put("shipping", null);
    c.put("address", null);
    c.put("email", str(p, "email"));
    c.put("name", str(p, "name"));
    c.put("description", str(p, "description"));
    c.put("invoice_prefix", randomText(8).toUpperCase());
    c.put("metadata", metadata(p, new LinkedHashMap<>()));
    Map<String, Object> invoiceSettings = map(c, "invoice_settings");
    invoiceSettings.put("default_payment_method", null);
    customers.put((String) c.get("id"), c);
    Map<String, Object> settings = subMap(p, "invoice_settings");
    if (settings != null && settings.get("default_payment_method") != null) {
      setDefault(c, (String) settings.get("default_payment_method"));
    }
    return c;
  }

  Map<String, Object> customer(String id) {
    Map<String, Object> c = customers.get(id);
    if (c == null) {
      throw StripeError.missing("customer", id, "id");
    }
    return c;
  }

  /** GET of a deleted customer answers its deleted stub, as Stripe does; other calls do not find it. */
  Map<String, Object> customerOrDeleted(String id) {
    Map<String, Object> deleted = deletedCustomers.get(id);
    return deleted != null ? deleted : customer(id);
  }

  Map<String, Object> listCustomers(Map<String, Object> p) {
    String email = str(p, "email");
    List<Map<String, Object>> all = new ArrayList<>();
    for (Map<String, Object> c : customers.values()) {
      if (email == null || email.equals(c.get("email"))) {
        all.add(c);
      }
    }
    return page(all, p, "/v1/customers");
  }

  Map<String, Object> deleteCustomer(String id) {
    customer(id);
    customers.remove(id);
    for (Map<String, Object> pm : paymentMethods.values()) {
      if (id.equals(pm.get("customer"))) {
        pm.put("customer", null);
        detached.put((String) pm.get("id"), true);
      }
    }
    Map<String, Object> deleted = new LinkedHashMap<>();
    deleted.put("id", id);
    deleted.put("object", "customer");
    deleted.put("deleted", true);
    deletedCustomers.put(id, deleted);
    return deleted;
  }

  Map<String, Object> updateCustomer(String id, Map<String, Object> p) {
    Map<String, Object> c = customer(id);
    for (String field : List.of("email", "name", "description")) {
      if (p.containsKey(field)) {
        c.put(field, emptyToNull(str(p, field)));
      }
    }
    if (p.containsKey("metadata")) {
      c.put("metadata", metadata(p, map(c, "metadata")));
    }
    Map<String, Object> settings = subMap(p, "invoice_settings");
    if (settings != null && settings.containsKey("default_payment_method")) {
      setDefault(c, emptyToNull((String) settings.get("default_payment_method")));
    }
    return c;
  }

  private void setDefault(Map<String, Object> customer, String paymentMethodId) {
    if (paymentMethodId != null) {
      Map<String, Object> pm = paymentMethods.get(paymentMethodId);
      if (pm == null || !Objects.equals(pm.get("customer"), customer.get("id"))) {
        throw StripeError.invalid(400, "resource_missing", "The customer does not have a payment method with the ID "
            + paymentMethodId + ". The payment method must be attached to the customer.",
            "invoice_settings[default_payment_method]");
      }
    }
    map(customer, "invoice_settings").put("default_payment_method", paymentMethodId);
  }

  // ---------------------------------------------------------------- payment methods

  Map<String, Object> createPaymentMethod(Map<String, Object> p) {
    if (!"card".equals(p.get("type"))) {
      throw StripeError.invalid(400, "parameter_invalid_empty", "This fake supports only type=card", "type");
    }
    Map<String, Object> card = subMap(p, "card");
    String token = card == null ? null : (String) card.get("token");
    if (token == null) {
      throw StripeError.invalid(400, "parameter_missing",
          "Sending raw card numbers is not supported here; use a test token such as card[token]=tok_visa", "card");
    }
    TestCard testCard = TestCard.named(token)
        .orElseThrow(() -> StripeError.missing("token", token, "card[token]"));
    Map<String, Object> pm = mint(testCard);
    pm.put("metadata", metadata(p, new LinkedHashMap<>()));
    return pm;
  }

  Map<String, Object> customerPaymentMethod(String customerId, String id) {
    Map<String, Object> pm = paymentMethod(id);
    if (!customerId.equals(pm.get("customer"))) {
      throw StripeError.missing("PaymentMethod", id, "payment_method");
    }
    return pm;
  }

  Map<String, Object> paymentMethod(String id) {
    Map<String, Object> pm = paymentMethods.get(id);
    if (pm == null) {
      throw StripeError.missing("PaymentMethod", id, "payment_method");
    }
    return pm;
  }

  /** Resolves a payment method reference; a test name like pm_card_visa mints a new one, as Stripe does. */
  private Map<String, Object> resolvePaymentMethod(String reference, String param) {
    Optional<TestCard> testCard = TestCard.named(reference);
    if (testCard.isPresent()) {
      return mint(testCard.get());
    }
    Map<String, Object> pm = paymentMethods.get(reference);
    if (pm == null) {
      throw StripeError.missing("PaymentMethod", reference, param);
    }
    return pm;
  }

  private Map<String, Object> mint(TestCard testCard) {
    Map<String, Object> pm = template("payment_method");
    String id = newId("pm");
    pm.put("id", id);
    pm.put("created", now());
    pm.put("customer", null);
    pm.put("metadata", new LinkedHashMap<>());
    Map<String, Object> billing = map(pm, "billing_details");
    billing.put("email", null);
    billing.put("phone", null);
    Map<String, Object> address = map(billing, "address");
    address.replaceAll((k, v) -> null);
    Map<String, Object> card = map(pm, "card");
    card.put("brand", testCard.brand());
    card.put("display_brand", testCard.brand());
    card.put("last4", testCard.last4());
    card.put("exp_month", 12L);
    card.put("exp_year", (long) clock.instant().atZone(ZoneOffset.UTC).getYear() + 3);
    card.put("fingerprint", randomText(16));
    card.put("generated_from", null);
    card.put("wallet", null);
    card.put("networks", new LinkedHashMap<>(Map.of("available", List.of(testCard.brand()))));
    map(card, "networks").put("preferred", null);
    paymentMethods.put(id, pm);
    cardOf.put(id, testCard);
    return pm;
  }

  Map<String, Object> attach(String reference, Map<String, Object> p) {
    String customerId = str(p, "customer");
    if (customerId == null) {
      throw StripeError.invalid(400, "parameter_missing", "Missing required param: customer.", "customer");
    }
    Map<String, Object> customer = customer(customerId);
    Map<String, Object> pm = resolvePaymentMethod(reference, "payment_method");
    Object owner = pm.get("customer");
    if (owner != null && !owner.equals(customerId)) {
      throw StripeError.invalid(400, "payment_method_unexpected_state",
          "The payment method you provided has already been attached to a customer.", null);
    }
    if (Boolean.TRUE.equals(detached.get(pm.get("id")))) {
      throw StripeError.invalid(400, "payment_method_unexpected_state", "This PaymentMethod was previously used "
          + "without being attached to a Customer or was detached from a Customer, and may not be used again.", null);
    }
    TestCard testCard = cardOf.get(pm.get("id"));
    if (testCard != null && testCard.onSetup().kind() == TestCard.Kind.DECLINE) {
      throw StripeError.card(testCard.onSetup(), Map.of());
    }
    pm.put("customer", customer.get("id"));
    return pm;
  }

  Map<String, Object> detach(String id) {
    Map<String, Object> pm = paymentMethod(id);
    Object owner = pm.get("customer");
    if (owner == null) {
      throw StripeError.invalid(400, "payment_method_unexpected_state", "The payment method you provided is not "
          + "attached to a customer so detachment is impossible.", null);
    }
    pm.put("customer", null);
    detached.put(id, true);
    Map<String, Object> customer = customers.get(owner);
    if (customer != null && id.equals(map(customer, "invoice_settings").get("default_payment_method"))) {
      map(customer, "invoice_settings").put("default_payment_method", null);
    }
    return pm;
  }

  Map<String, Object> listPaymentMethods(String customerId, Map<String, Object> p, String url) {
    if (customerId == null) {
      throw StripeError.invalid(400, "parameter_missing", "Missing required param: customer.", "customer");
    }
    customer(customerId);
    String type = str(p, "type");
    List<Map<String, Object>> all = new ArrayList<>();
    for (Map<String, Object> pm : paymentMethods.values()) {
      if (customerId.equals(pm.get("customer")) && (type == null || type.equals(pm.get("type")))) {
        all.add(pm);
      }
    }
    return page(all, p, url);
  }

  // ---------------------------------------------------------------- setup intents

  Map<String, Object> createSetupIntent(Map<String, Object> p, Origin origin) {
    String customerId = str(p, "customer");
    if (customerId != null) {
      customer(customerId);
    }
    String usage = str(p, "usage") == null ? "off_session" : str(p, "usage");
    if (!usage.equals("off_session") && !usage.equals("on_session")) {
      throw StripeError.invalid(400, "parameter_invalid_string", "Invalid usage: must be one of off_session or on_session", "usage");
    }
    Map<String, Object> si = template("setup_intent");
    String id = newId("seti");
    si.put("id", id);
    si.put("client_secret", id + "_secret_" + randomText(24));
    si.put("created", now());
    si.put("customer", customerId);
    si.put("description", str(p, "description"));
    si.put("usage", usage);
    si.put("status", "requires_payment_method");
    si.put("last_setup_error", null);
    si.put("next_action", null);
    si.put("payment_method", null);
    si.put("latest_attempt", null);
    si.put("payment_method_configuration_details", null);
    si.put("metadata", metadata(p, new LinkedHashMap<>()));
    Object types = p.get("payment_method_types");
    si.put("payment_method_types", types instanceof List ? types : List.of("card"));
    si.put("automatic_payment_methods", automaticPaymentMethods(p, origin.version()));
    setupIntents.put(id, si);
    event("setup_intent.created", si, origin);
    if ("true".equals(p.get("confirm"))) {
      return confirmSetupIntent(id, p, origin);
    }
    return si;
  }

  /**
   * Since 2023-08-16 an intent created without {@code payment_method_types} has automatic payment
   * methods enabled; before, and with explicit types, none.
   */
  private static Map<String, Object> automaticPaymentMethods(Map<String, Object> p, ApiVersion version) {
    Map<String, Object> given = subMap(p, "automatic_payment_methods");
    boolean enabled = given != null ? "true".equals(given.get("enabled"))
        : !p.containsKey("payment_method_types") && !version.before(ApiVersion.AUTOMATIC_PAYMENT_METHODS_DEFAULT);
    if (!enabled) {
      return null;
    }
    Map<String, Object> apm = new LinkedHashMap<>();
    apm.put("allow_redirects", given != null && given.get("allow_redirects") != null ? given.get("allow_redirects")
        : "always");
    apm.put("enabled", true);
    return apm;
  }

  Map<String, Object> setupIntent(String id) {
    Map<String, Object> si = setupIntents.get(id);
    if (si == null) {
      throw StripeError.missing("setupintent", id, "intent");
    }
    return si;
  }

  Map<String, Object> confirmSetupIntent(String id, Map<String, Object> p, Origin origin) {
    Map<String, Object> si = setupIntent(id);
    String status = (String) si.get("status");
    if (!status.equals("requires_payment_method") && !status.equals("requires_confirmation")) {
      throw StripeError.invalid(400, "setup_intent_unexpected_state", "You cannot confirm this SetupIntent because "
          + "it has a status of " + status + ".", null);
    }
    String reference = str(p, "payment_method") != null ? str(p, "payment_method") : (String) si.get("payment_method");
    if (reference == null) {
      throw StripeError.invalid(400, "parameter_missing", "You must provide a payment_method to confirm this SetupIntent.",
          "payment_method");
    }
    Map<String, Object> pm = resolvePaymentMethod(reference, "payment_method");
    TestCard testCard = cardOf.get(pm.get("id"));
    TestCard.Outcome outcome = testCard == null ? TestCard.Outcome.OK : testCard.onSetup();
    Map<String, Object> attempt = attempt(si, pm, outcome);
    si.put("latest_attempt", attempt.get("id"));
    switch (outcome.kind()) {
      case OK:
        si.put("payment_method", pm.get("id"));
        succeedSetup(si, origin);
        return si;
      case AUTHENTICATE:
        si.put("payment_method", pm.get("id"));
        si.put("status", "requires_action");
        si.put("next_action", nextAction());
        event("setup_intent.requires_action", si, origin);
        return si;
      default:
        Map<String, Object> error = cardErrorObject(outcome, pm);
        si.put("status", "requires_payment_method");
        si.put("payment_method", null);
        si.put("last_setup_error", error);
        event("setup_intent.setup_failed", si, origin);
        throw StripeError.card(outcome, Map.of("setup_intent", Json.copy(si), "payment_method", Json.copy(pm)));
    }
  }

  /** A setup attempt, as Stripe records one per confirmation ({@code setup_intent.latest_attempt}). */
  private Map<String, Object> attempt(Map<String, Object> si, Map<String, Object> pm, TestCard.Outcome outcome) {
    Map<String, Object> attempt = template("setup_attempt");
    String id = newId("setatt");
    attempt.put("id", id);
    attempt.put("created", now());
    attempt.put("customer", si.get("customer"));
    attempt.put("flow_directions", null);
    attempt.put("payment_method", pm.get("id"));
    Map<String, Object> card = map(map(attempt, "payment_method_details"), "card");
    Map<String, Object> pmCard = map(pm, "card");
    for (String field : List.of("brand", "exp_month", "exp_year", "fingerprint", "last4")) {
      card.put(field, pmCard.get(field));
    }
    card.put("wallet", null);
    attempt.put("setup_intent", si.get("id"));
    attempt.put("usage", si.get("usage"));
    switch (outcome.kind()) {
      case OK -> {
        attempt.put("status", "succeeded");
        attempt.put("setup_error", null);
      }
      case AUTHENTICATE -> {
        attempt.put("status", "requires_action");
        attempt.put("setup_error", null);
      }
      default -> {
        attempt.put("status", "failed");
        attempt.put("setup_error", cardErrorObject(outcome, pm));
      }
    }
    setupAttempts.put(id, attempt);
    return attempt;
  }

  /** What the card holder does in the front end when the bank asks: passes the 3-D Secure challenge. */
  Map<String, Object> completeSetupAuthentication(String id) {
    Map<String, Object> si = setupIntent(id);
    if (!"requires_action".equals(si.get("status"))) {
      throw new IllegalStateException("setup intent " + id + " does not wait for authentication; its status is "
          + si.get("status"));
    }
    Map<String, Object> attempt = setupAttempts.get(si.get("latest_attempt"));
    if (attempt != null) {
      attempt.put("status", "succeeded");
    }
    succeedSetup(si, new Origin(null, null));
    return si;
  }

  private void succeedSetup(Map<String, Object> si, Origin origin) {
    si.put("status", "succeeded");
    si.put("next_action", null);
    si.put("last_setup_error", null);
    String customerId = (String) si.get("customer");
    if (customerId != null) {
      Map<String, Object> pm = paymentMethods.get(si.get("payment_method"));
      pm.put("customer", customerId);
    }
    event("setup_intent.succeeded", si, origin);
  }

  // ---------------------------------------------------------------- payment intents

  Map<String, Object> createPaymentIntent(Map<String, Object> p, Origin origin) {
    long amount = positiveAmount(p, "amount");
    String currency = Currencies.check(str(p, "currency"), "currency");
    Currencies.checkMinimum(amount, currency, "amount");
    String customerId = str(p, "customer");
    if (customerId != null) {
      customer(customerId);
    }
    Map<String, Object> pm = null;
    if (str(p, "payment_method") != null) {
      pm = resolvePaymentMethod(str(p, "payment_method"), "payment_method");
      Object owner = pm.get("customer");
      if (owner != null && !owner.equals(customerId) || Boolean.TRUE.equals(detached.get(pm.get("id")))) {
        throw StripeError.invalid(400, "payment_method_unexpected_state",
            "The provided PaymentMethod does not belong to the Customer of this PaymentIntent or was detached from it.",
            "payment_method");
      }
    }
    Map<String, Object> pi = template("payment_intent");
    String id = newId("pi");
    pi.put("id", id);
    pi.put("client_secret", id + "_secret_" + randomText(24));
    pi.put("amount", amount);
    pi.put("amount_capturable", 0L);
    pi.put("amount_received", 0L);
    pi.put("automatic_payment_methods", null);
    pi.put("canceled_at", null);
    pi.put("created", now());
    pi.put("currency", currency);
    pi.put("customer", customerId);
    pi.put("description", str(p, "description"));
    pi.put("last_payment_error", null);
    pi.put("latest_charge", null);
    pi.put("managed_payments", null);
    pi.put("metadata", metadata(p, new LinkedHashMap<>()));
    pi.put("next_action", null);
    pi.put("payment_method", pm == null ? null : pm.get("id"));
    pi.put("payment_method_configuration_details", null);
    pi.put("processing", null);
    pi.put("shipping", null);
    pi.put("transfer_data", null);
    pi.put("setup_future_usage", str(p, "setup_future_usage"));
    pi.put("status", pm == null ? "requires_payment_method" : "requires_confirmation");
    paymentIntents.put(id, pi);
    event("payment_intent.created", pi, origin);
    if ("true".equals(p.get("confirm"))) {
      confirm(pi, isOffSession(p), origin);
    }
    return pi;
  }

  Map<String, Object> paymentIntent(String id) {
    Map<String, Object> pi = paymentIntents.get(id);
    if (pi == null) {
      throw StripeError.missing("payment_intent", id, "intent");
    }
    return pi;
  }

  Map<String, Object> confirmPaymentIntent(String id, Map<String, Object> p, Origin origin) {
    Map<String, Object> pi = paymentIntent(id);
    String status = (String) pi.get("status");
    if (!status.equals("requires_payment_method") && !status.equals("requires_confirmation")) {
      throw StripeError.invalid(400, "payment_intent_unexpected_state", "You cannot confirm this PaymentIntent "
          + "because it has a status of " + status + ".", null);
    }
    if (str(p, "payment_method") != null) {
      pi.put("payment_method", resolvePaymentMethod(str(p, "payment_method"), "payment_method").get("id"));
    }
    confirm(pi, isOffSession(p), origin);
    return pi;
  }

  Map<String, Object> cancelPaymentIntent(String id, Map<String, Object> p, Origin origin) {
    Map<String, Object> pi = paymentIntent(id);
    String status = (String) pi.get("status");
    if (status.equals("succeeded") || status.equals("canceled")) {
      throw StripeError.invalid(400, "payment_intent_unexpected_state", "You cannot cancel this PaymentIntent "
          + "because it has a status of " + status + ".", null);
    }
    pi.put("status", "canceled");
    pi.put("canceled_at", now());
    pi.put("cancellation_reason", str(p, "cancellation_reason"));
    event("payment_intent.canceled", pi, origin);
    return pi;
  }

  private void confirm(Map<String, Object> pi, boolean offSession, Origin origin) {
    String pmId = (String) pi.get("payment_method");
    if (pmId == null) {
      throw StripeError.invalid(400, "payment_intent_unexpected_state", "You cannot confirm this PaymentIntent "
          + "because it's missing a payment method.", "payment_method");
    }
    Map<String, Object> pm = paymentMethods.get(pmId);
    TestCard testCard = cardOf.get(pmId);
    TestCard.Outcome outcome = testCard == null ? TestCard.Outcome.OK : testCard.onCharge();
    if (outcome.kind() == TestCard.Kind.AUTHENTICATE && !offSession) {
      pi.put("status", "requires_action");
      pi.put("next_action", nextAction());
      event("payment_intent.requires_action", pi, origin);
      return;
    }
    if (outcome.kind() == TestCard.Kind.OK) {
      Map<String, Object> charge = charge(pi, pm, null);
      pi.put("latest_charge", charge.get("id"));
      pi.put("status", "succeeded");
      pi.put("amount_received", pi.get("amount"));
      pi.put("last_payment_error", null);
      event("charge.succeeded", charge, origin);
      event("payment_intent.succeeded", pi, origin);
      return;
    }
    Map<String, Object> error = cardErrorObject(outcome, pm);
    Map<String, Object> extra = new LinkedHashMap<>();
    if (outcome.kind() == TestCard.Kind.DECLINE) {
      Map<String, Object> charge = charge(pi, pm, outcome);
      pi.put("latest_charge", charge.get("id"));
      error.put("charge", charge.get("id"));
      extra.put("charge", charge.get("id"));
      event("charge.failed", charge, origin);
    }
    pi.put("status", "requires_payment_method");
    pi.put("last_payment_error", error);
    event("payment_intent.payment_failed", pi, origin);
    extra.put("payment_intent", Json.copy(pi));
    extra.put("payment_method", Json.copy(pm));
    throw StripeError.card(outcome, extra);
  }

  private Map<String, Object> charge(Map<String, Object> pi, Map<String, Object> pm, TestCard.Outcome failure) {
    boolean ok = failure == null;
    Map<String, Object> ch = template("charge");
    String id = newId("ch");
    ch.put("id", id);
    ch.put("amount", pi.get("amount"));
    ch.put("amount_captured", ok ? pi.get("amount") : 0L);
    ch.put("amount_refunded", 0L);
    ch.put("balance_transaction", ok ? balanceTransaction(id, (Long) pi.get("amount"), (String) pi.get("currency"),
        "charge") : null);
    ch.put("captured", ok);
    ch.put("created", now());
    ch.put("currency", pi.get("currency"));
    ch.put("customer", pi.get("customer"));
    ch.put("description", pi.get("description"));
    ch.put("failure_code", ok ? null : failure.code());
    ch.put("failure_message", ok ? null : failure.message());
    ch.put("metadata", Json.copy(pi.get("metadata")));
    Map<String, Object> outcome = map(ch, "outcome");
    outcome.put("network_status", ok ? "approved_by_network" : "declined_by_network");
    outcome.put("reason", ok ? null : failure.declineCode());
    outcome.put("seller_message", ok ? "Payment complete." : "The bank did not return any further details with this decline.");
    outcome.put("type", ok ? "authorized" : "issuer_declined");
    ch.put("paid", ok);
    ch.put("payment_intent", pi.get("id"));
    ch.put("payment_method", pm.get("id"));
    Map<String, Object> card = map(map(ch, "payment_method_details"), "card");
    Map<String, Object> pmCard = map(pm, "card");
    for (String field : List.of("brand", "last4", "exp_month", "exp_year", "fingerprint")) {
      card.put(field, pmCard.get(field));
    }
    card.put("wallet", null);
    ch.put("receipt_url", null);
    ch.put("refunded", false);
    ch.put("refunds", new LinkedHashMap<>(Map.of("object", "list", "data", new ArrayList<>(), "has_more", false,
        "url", "/v1/charges/" + id + "/refunds")));
    ch.put("shipping", null);
    ch.put("source", null);
    ch.put("transfer_data", null);
    ch.put("status", ok ? "succeeded" : "failed");
    charges.put(id, ch);
    return ch;
  }

  /** A balance transaction for money that moved (no fees in test mode); returns its id. */
  private String balanceTransaction(String source, long amount, String currency, String type) {
    Map<String, Object> txn = template("balance_transaction");
    String id = newId("txn");
    txn.put("id", id);
    txn.put("amount", amount);
    txn.put("available_on", now());
    txn.put("created", now());
    txn.put("currency", currency);
    txn.put("description", null);
    txn.put("fee", 0L);
    txn.put("net", amount);
    txn.put("reporting_category", type);
    txn.put("source", source);
    txn.put("type", type);
    balanceTransactions.put(id, txn);
    return id;
  }

  Map<String, Object> charge(String id) {
    Map<String, Object> ch = charges.get(id);
    if (ch == null) {
      throw StripeError.missing("charge", id, "charge");
    }
    return ch;
  }

  Map<String, Object> listPaymentIntents(Map<String, Object> p) {
    String customerId = str(p, "customer");
    List<Map<String, Object>> all = new ArrayList<>();
    for (Map<String, Object> pi : paymentIntents.values()) {
      if (customerId == null || customerId.equals(pi.get("customer"))) {
        all.add(pi);
      }
    }
    return page(all, p, "/v1/payment_intents");
  }

  /** Stripe's search query language, the subset {@code field:'value'} and {@code metadata['k']:'v'} joined by AND. */
  Map<String, Object> searchPaymentIntents(Map<String, Object> p) {
    String query = str(p, "query");
    if (query == null) {
      throw StripeError.invalid(400, "parameter_missing", "Missing required param: query.", "query");
    }
    List<Map<String, Object>> hits = new ArrayList<>();
    String[] clauses = query.split("(?i)\\s+AND\\s+");
    for (Map<String, Object> pi : paymentIntents.values()) {
      boolean all = true;
      for (String clause : clauses) {
        Matcher m = SEARCH_CLAUSE.matcher(clause);
        if (!m.matches()) {
          throw StripeError.invalid(400, "parameter_invalid_string", "Invalid search query: " + clause, "query");
        }
        Object actual = m.group(2) != null ? map(pi, "metadata").get(m.group(2)) : pi.get(m.group(1));
        all &= Objects.equals(String.valueOf(actual), m.group(3));
      }
      if (all) {
        hits.add(pi);
      }
    }
    hits.sort(newestFirst());
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("object", "search_result");
    result.put("data", new ArrayList<>(hits));
    result.put("has_more", false);
    result.put("next_page", null);
    result.put("url", "/v1/payment_intents/search");
    return result;
  }

  // ---------------------------------------------------------------- refunds

  Map<String, Object> createRefund(Map<String, Object> p, Origin origin) {
    Map<String, Object> charge;
    Map<String, Object> pi;
    if (str(p, "payment_intent") != null) {
      pi = paymentIntents.get(str(p, "payment_intent"));
      if (pi == null) {
        throw StripeError.missing("payment_intent", str(p, "payment_intent"), "payment_intent");
      }
      charge = charges.get(pi.get("latest_charge"));
      if (charge == null || !"succeeded".equals(charge.get("status"))) {
        throw StripeError.invalid(400, "charge_not_refundable",
            "This PaymentIntent does not have a successful charge to refund.", "payment_intent");
      }
    } else if (str(p, "charge") != null) {
      charge = charges.get(str(p, "charge"));
      if (charge == null) {
        throw StripeError.missing("charge", str(p, "charge"), "charge");
      }
      pi = paymentIntents.get(charge.get("payment_intent"));
    } else {
      throw StripeError.invalid(400, "parameter_missing", "One of the following params should be provided for this "
          + "request: payment_intent or charge.", null);
    }
    long captured = (Long) charge.get("amount_captured");
    long refunded = (Long) charge.get("amount_refunded");
    long remaining = captured - refunded;
    if (remaining == 0) {
      throw StripeError.invalid(400, "charge_already_refunded", "Charge " + charge.get("id")
          + " has already been refunded.", null);
    }
    long amount = p.containsKey("amount") ? positiveAmount(p, "amount") : remaining;
    if (amount > remaining) {
      throw StripeError.invalid(400, "amount_too_large", "Refund amount (" + amount + ") is greater than unrefunded "
          + "amount on charge (" + remaining + ")", "amount");
    }
    Map<String, Object> re = template("refund");
    String id = newId("re");
    re.put("id", id);
    re.put("amount", amount);
    re.put("balance_transaction", balanceTransaction(id, -amount, (String) charge.get("currency"), "refund"));
    re.put("charge", charge.get("id"));
    re.put("created", now());
    re.put("currency", charge.get("currency"));
    re.put("customer", charge.get("customer"));
    re.put("metadata", metadata(p, new LinkedHashMap<>()));
    re.put("payment_intent", pi == null ? null : pi.get("id"));
    re.put("payment_method", charge.get("payment_method"));
    re.put("reason", str(p, "reason"));
    re.put("status", "succeeded");
    refunds.put(id, re);
    charge.put("amount_refunded", refunded + amount);
    charge.put("refunded", refunded + amount == captured);
    @SuppressWarnings("unchecked")
    List<Object> data = (List<Object>) map(charge, "refunds").get("data");
    data.add(0, Json.copy(re));
    event("refund.created", re, origin);
    event("charge.refunded", charge, origin);
    return re;
  }

  Map<String, Object> listRefunds(Map<String, Object> p) {
    String chargeId = str(p, "charge");
    String intentId = str(p, "payment_intent");
    List<Map<String, Object>> all = new ArrayList<>();
    for (Map<String, Object> re : refunds.values()) {
      if ((chargeId == null || chargeId.equals(re.get("charge")))
          && (intentId == null || intentId.equals(re.get("payment_intent")))) {
        all.add(re);
      }
    }
    return page(all, p, "/v1/refunds");
  }

  Map<String, Object> refund(String id) {
    Map<String, Object> re = refunds.get(id);
    if (re == null) {
      throw StripeError.missing("refund", id, "id");
    }
    return re;
  }

  // ---------------------------------------------------------------- rendering, events, inspection

  /**
   * @param id any object's id
   * @return the object, or {@code null} if this fake keeps none with that id
   */
  Map<String, Object> lookup(String id) {
    for (Map<String, Map<String, Object>> store : List.of(customers, paymentMethods, setupIntents, setupAttempts,
        paymentIntents, charges, refunds, balanceTransactions)) {
      Map<String, Object> found = store.get(id);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private void event(String type, Map<String, Object> object, Origin origin) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("id", newId("evt"));
    event.put("object", "event");
    event.put("api_version", API_VERSION);
    event.put("created", now());
    event.put("data", new LinkedHashMap<>(Map.of("object", Json.copy(object))));
    event.put("livemode", false);
    event.put("pending_webhooks", 1L);
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("id", origin.requestId());
    request.put("idempotency_key", origin.idempotencyKey());
    event.put("request", request);
    event.put("type", type);
    events.add(event);
    eventSink.accept(event);
  }

  List<Map<String, Object>> events() {
    return Json.copy(events);
  }

  Optional<Map<String, Object>> event(String id) {
    return events.stream().filter(e -> id.equals(e.get("id"))).findFirst().map(Json::copy);
  }

  int paymentIntentCount() {
    return paymentIntents.size();
  }

  long succeededChargeCount() {
    return charges.values().stream().filter(c -> "succeeded".equals(c.get("status"))).count();
  }

  int customerCount() {
    return customers.size();
  }

  List<Map<String, Object>> paymentIntents() {
    return Json.copy(new ArrayList<>(paymentIntents.values()));
  }

  // ---------------------------------------------------------------- helpers

  private Map<String, Object> page(List<Map<String, Object>> all, Map<String, Object> p, String url) {
    all.sort(newestFirst());
    int limit = 10;
    if (str(p, "limit") != null) {
      try {
        limit = Integer.parseInt(str(p, "limit"));
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > 100) {
        throw StripeError.invalid(400, "parameter_invalid_integer", "Invalid limit: must be between 1 and 100", "limit");
      }
    }
    String after = str(p, "starting_after");
    String before = str(p, "ending_before");
    if (after != null && before != null) {
      throw StripeError.invalid("You may only specify one of these parameters: ending_before, starting_after.", null);
    }
    int start = 0;
    int end;
    if (before != null) {
      end = indexOf(all, before, "ending_before");
      start = Math.max(0, end - limit);
    } else {
      start = after == null ? 0 : indexOf(all, after, "starting_after") + 1;
      end = Math.min(start + limit, all.size());
    }
    List<Map<String, Object>> data = all.subList(start, end);
    Map<String, Object> list = new LinkedHashMap<>();
    list.put("object", "list");
    list.put("data", new ArrayList<>(data));
    list.put("has_more", before != null ? start > 0 : end < all.size());
    list.put("url", url);
    return list;
  }

  /** The position of a cursor object; Stripe refuses a cursor it does not know. */
  private int indexOf(List<Map<String, Object>> all, String id, String param) {
    for (int i = 0; i < all.size(); i++) {
      if (id.equals(all.get(i).get("id"))) {
        return i;
      }
    }
    if (lookup(id) == null) {
      throw StripeError.invalid(400, "resource_missing", "No such object: '" + id + "'", param);
    }
    throw StripeError.invalid(400, "parameter_invalid_string", "The object " + id + " given as " + param
        + " is not in this list.", param);
  }

  private Comparator<Map<String, Object>> newestFirst() {
    return Comparator.comparing((Map<String, Object> m) -> (Long) m.get("created"))
        .thenComparing(m -> (Long) m.get("__seq")).reversed();
  }

  private Map<String, Object> cardErrorObject(TestCard.Outcome outcome, Map<String, Object> pm) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", outcome.code());
    error.put("decline_code", outcome.declineCode());
    error.put("message", outcome.message());
    error.put("payment_method", Json.copy(pm));
    error.put("type", "card_error");
    return error;
  }

  private static Map<String, Object> nextAction() {
    Map<String, Object> action = new LinkedHashMap<>();
    action.put("type", "use_stripe_sdk");
    action.put("use_stripe_sdk", new LinkedHashMap<>(Map.of("type", "three_d_secure_redirect")));
    return action;
  }

  private static boolean isOffSession(Map<String, Object> p) {
    Object v = p.get("off_session");
    return "true".equals(v) || "one_off".equals(v) || "recurring".equals(v);
  }

  private static long positiveAmount(Map<String, Object> p, String param) {
    String text = str(p, param);
    if (text == null) {
      throw StripeError.invalid(400, "parameter_missing", "Missing required param: " + param + ".", param);
    }
    long value;
    try {
      value = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw StripeError.invalid(400, "parameter_invalid_integer", "Invalid integer: " + text, param);
    }
    if (value < 1 || value > 99_999_999L) {
      throw StripeError.invalid(400, value < 1 ? "amount_too_small" : "amount_too_large",
          "Amount must be between 1 and 99999999 in the currency's smallest unit.", param);
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> metadata(Map<String, Object> p, Map<String, Object> existing) {
    Object given = p.get("metadata");
    Map<String, Object> out = new LinkedHashMap<>(existing);
    if ("".equals(given)) {
      return new LinkedHashMap<>();
    }
    if (given instanceof Map) {
      ((Map<String, Object>) given).forEach((k, v) -> {
        if ("".equals(v)) {
          out.remove(k);
        } else {
          out.put(k, v);
        }
      });
    }
    if (out.size() > 50) {
      throw StripeError.invalid(400, "parameter_invalid_empty", "Metadata can have at most 50 keys.", "metadata");
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> subMap(Map<String, Object> p, String key) {
    Object v = p.get(key);
    return v instanceof Map ? (Map<String, Object>) v : null;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> object, String key) {
    Object v = object.get(key);
    if (!(v instanceof Map)) {
      v = new LinkedHashMap<String, Object>();
      object.put(key, v);
    }
    return (Map<String, Object>) v;
  }

  private static String str(Map<String, Object> p, String key) {
    Object v = p.get(key);
    return v instanceof String s ? s : null;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> template(String name) {
    Map<String, Object> t = Json.copy((Map<String, Object>) fixtures.get(name));
    t.put("livemode", false);
    t.put("__seq", ++sequence);
    return t;
  }

  private long now() {
    return clock.instant().getEpochSecond();
  }

  String newId(String prefix) {
    return prefix + "_" + randomText(24);
  }

  private String randomText(int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }
}
