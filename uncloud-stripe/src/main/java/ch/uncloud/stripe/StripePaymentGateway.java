package ch.uncloud.stripe;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.ConflictException;
import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.Money;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.PaymentException;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.Username;
import ch.uncloud.api.payments.CardSetup;
import ch.uncloud.api.payments.Cards;
import ch.uncloud.api.payments.Payment;
import ch.uncloud.api.payments.PaymentEvent;
import ch.uncloud.api.payments.PaymentMethod;
import ch.uncloud.api.payments.PaymentRequest;
import ch.uncloud.api.payments.PaymentStatus;
import ch.uncloud.api.payments.RefundRequest;
import ch.uncloud.spi.PaymentGateway;
import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.CardException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Charge;
import com.stripe.model.Customer;
import com.stripe.model.PaymentIntent;
import com.stripe.model.SetupIntent;
import com.stripe.model.StripeError;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.CustomerPaymentMethodListParams;
import com.stripe.param.CustomerUpdateParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentListParams;
import com.stripe.param.PaymentIntentRetrieveParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.SetupIntentCreateParams;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The payment gateway on Stripe, through stripe-java's instance client ({@link StripeClient}).
 * Immutable and thread-safe.
 *
 * <ul>
 *   <li>One Stripe customer per uncloud account, created on first need (idempotency key derived from
 *       the account) and remembered in a {@link StripeCustomerStore}.
 *   <li>Cards are saved with SetupIntents ({@code usage=off_session}); the client secret goes to the
 *       front end, so card data never passes through uncloud.
 *   <li>Charges are off-session PaymentIntents ({@code confirm=true, off_session=true}) on the
 *       account's default card, with idempotency key {@code uncloud-pay-<payment id>} and metadata
 *       {@code uncloud_payment_id}. Before charging, the customer's PaymentIntents are searched for
 *       that metadata, so a retry, even after Stripe forgot the key (24 hours), returns the first
 *       outcome instead of paying again. A timeout or network failure after sending (or a 5xx) gives
 *       {@link PaymentStatus#UNKNOWN}, resolved by the same lookup.
 *   <li>Refunds carry idempotency key {@code uncloud-refund-<refund id>}.
 *   <li>Webhooks, when built with the endpoint's signing secret: {@link #verifyWebhook} checks
 *       {@code Stripe-Signature} with stripe-java's {@code Webhook} and reads
 *       {@code payment_intent.succeeded}, {@code payment_intent.payment_failed} and
 *       {@code setup_intent.succeeded} as {@link PaymentEvent}s; the core applies them.
 * </ul>
 */
public final class StripePaymentGateway implements PaymentGateway, ch.uncloud.spi.MeteredProvider {
  /** Metadata key on PaymentIntents naming uncloud's payment id. */
  public static final String PAYMENT_ID_KEY = "uncloud_payment_id";
  /** Metadata key on customers, setup and payment intents naming the uncloud account. */
  public static final String ACCOUNT_KEY = "uncloud_account";
  /** Metadata key on refunds naming uncloud's refund id. */
  public static final String REFUND_ID_KEY = "uncloud_refund_id";
  /** Stripe's default tolerance for a webhook signature's timestamp. */
  public static final Duration DEFAULT_WEBHOOK_TOLERANCE = Duration.ofSeconds(300);

  private static final Logger LOG = LoggerFactory.getLogger(StripePaymentGateway.class);

  private final StripeClient client;
  private final StripeCustomerStore store;
  private final String publishableKey;
  private final StripeWebhookEvents webhooks;
  private final ConcurrentHashMap<Username, Object> customerLocks = new ConcurrentHashMap<>();
  /** Told of every charge and refund; {@code null} (no meter registry): nothing is timed. */
  private volatile StripeMeters meters;

  private StripePaymentGateway(StripeClient client, StripeCustomerStore store, StripeWebhookEvents webhooks,
      String publishableKey) {
    this.publishableKey = publishableKey;
    this.client = client;
    this.store = store;
    this.webhooks = webhooks;
  }

  /**
   * @param secretKey Stripe's secret key ({@code sk_test_...}, {@code sk_live_...} or a restricted {@code rk_...})
   * @return a builder
   */
  public static Builder builder(Secret secretKey) {
    return new Builder(secretKey);
  }

  // ---------------------------------------------------------------- cards

  @Override
  public CardSetup startCardSetup(Username account) {
    return startCardSetup(account, RequestOptions.getDefault());
  }

  /** The SetupIntent is created with idempotency key {@code uncloud-setup-<sha256 of account and key>}. */
  @Override
  public CardSetup startCardSetup(Username account, IdempotencyKey key) {
    return startCardSetup(account, RequestOptions.builder()
        .setIdempotencyKey("uncloud-setup-" + sha256(account.value() + "\n" + key.value())).build());
  }

  @Override
  public Optional<String> publishableKey() {
    return Optional.ofNullable(publishableKey);
  }

  private CardSetup startCardSetup(Username account, RequestOptions options) {
    String customer = customerId(account);
    try {
      SetupIntent intent = client.v1().setupIntents().create(SetupIntentCreateParams.builder()
          .setCustomer(customer)
          .setUsage(SetupIntentCreateParams.Usage.OFF_SESSION)
          .addPaymentMethodType("card")
          .putMetadata(ACCOUNT_KEY, account.value())
          .build(), options);
      LOG.info("started card registration {} for account {}", intent.getId(), account);
      return new CardSetup(intent.getId(), Secret.of(intent.getClientSecret()));
    } catch (StripeException e) {
      throw StripeErrors.map(e, "starting a card registration for " + account);
    }
  }

  @Override
  public PaymentMethod completeCardSetup(Username account, String setupId) {
    Objects.requireNonNull(setupId, "setupId");
    Optional<String> customer = store.customerId(account);
    SetupIntent intent;
    try {
      intent = customer.isEmpty() ? null : client.v1().setupIntents().retrieve(setupId);
    } catch (InvalidRequestException e) {
      if (Integer.valueOf(404).equals(e.getStatusCode())) {
        intent = null;
      } else {
        throw StripeErrors.map(e, "completing card registration " + setupId);
      }
    } catch (StripeException e) {
      throw StripeErrors.map(e, "completing card registration " + setupId);
    }
    if (intent == null || !customer.get().equals(intent.getCustomer())) {
      throw new NotFoundException(ErrorCodes.UNKNOWN_CARD_SETUP, "card registration " + setupId + " is not one of " + account
          + "'s; start a new one");
    }
    String doing = "registering a card for " + account;
    switch (intent.getStatus()) {
      case "succeeded":
        break;
      case "requires_payment_method": {
        StripeError error = intent.getLastSetupError();
        if (error != null && "card_error".equals(error.getType())) {
          throw StripeErrors.card(error.getCode(), error.getDeclineCode(), doing, null);
        }
        throw new PaymentException(ErrorCodes.CARD_SETUP_INCOMPLETE, "card registration " + setupId + " has no confirmed card yet: "
            + "let the card holder enter and confirm the card in the front end, then complete it again");
      }
      case "canceled":
        throw new PaymentException(ErrorCodes.CARD_SETUP_INCOMPLETE, "card registration " + setupId + " was canceled: start a new one");
      default:
        throw new PaymentException(ErrorCodes.CARD_SETUP_INCOMPLETE, "card registration " + setupId + " waits for the card holder ("
            + intent.getStatus() + "): let them finish it in the front end (for example the bank's 3-D Secure "
            + "check), then complete it again");
    }
    String paymentMethodId = intent.getPaymentMethod();
    try {
      Customer c = client.v1().customers().retrieve(customer.get());
      if (defaultOf(c) == null) {
        client.v1().customers().update(customer.get(), CustomerUpdateParams.builder()
            .setInvoiceSettings(CustomerUpdateParams.InvoiceSettings.builder()
                .setDefaultPaymentMethod(paymentMethodId).build())
            .build());
      }
    } catch (StripeException e) {
      throw StripeErrors.map(e, doing);
    }
    List<PaymentMethod> cards = paymentMethods(account);
    LOG.info("saved card {} for account {}", paymentMethodId, account);
    return cards.stream().filter(m -> m.id().equals(paymentMethodId)).findFirst()
        .orElseThrow(() -> new PaymentException(ErrorCodes.CARD_SETUP_INCOMPLETE, "card registration " + setupId + " succeeded but its "
            + "card is no longer attached to " + account + ": start a new registration"));
  }

  @Override
  public List<PaymentMethod> paymentMethods(Username account) {
    Optional<String> customer = store.customerId(account);
    if (customer.isEmpty()) {
      return List.of();
    }
    try {
      String defaultId = defaultOf(client.v1().customers().retrieve(customer.get()));
      List<PaymentMethod> out = new ArrayList<>();
      for (com.stripe.model.PaymentMethod m : client.v1().customers().paymentMethods().list(customer.get(),
          CustomerPaymentMethodListParams.builder().setType(CustomerPaymentMethodListParams.Type.CARD)
              .setLimit(100L).build()).autoPagingIterable()) {
        com.stripe.model.PaymentMethod.Card card = m.getCard();
        out.add(new PaymentMethod(m.getId(), card.getBrand(), card.getLast4(), card.getExpMonth().intValue(),
            card.getExpYear().intValue(), m.getId().equals(defaultId)));
      }
      store.saveCards(account, out);
      return List.copyOf(out);
    } catch (StripeException e) {
      throw StripeErrors.map(e, "listing the cards of " + account);
    }
  }

  @Override
  public void setDefaultPaymentMethod(Username account, String paymentMethodId) {
    String customer = requireOwnCard(account, paymentMethodId);
    try {
      client.v1().customers().update(customer, CustomerUpdateParams.builder()
          .setInvoiceSettings(CustomerUpdateParams.InvoiceSettings.builder()
              .setDefaultPaymentMethod(paymentMethodId).build())
          .build());
      LOG.info("card {} is now the default of account {}", paymentMethodId, account);
    } catch (StripeException e) {
      throw StripeErrors.map(e, "choosing the default card of " + account);
    }
    paymentMethods(account);
  }

  @Override
  public void removePaymentMethod(Username account, String paymentMethodId) {
    requireOwnCard(account, paymentMethodId);
    try {
      client.v1().paymentMethods().detach(paymentMethodId);
      LOG.info("removed card {} of account {}", paymentMethodId, account);
    } catch (StripeException e) {
      throw StripeErrors.map(e, "removing a card of " + account);
    }
    paymentMethods(account);
  }

  private String requireOwnCard(Username account, String paymentMethodId) {
    Objects.requireNonNull(paymentMethodId, "paymentMethodId");
    Optional<String> customer = store.customerId(account);
    String owner = null;
    if (customer.isPresent() && paymentMethodId.matches("[A-Za-z0-9_]{1,255}")) {
      try {
        owner = client.v1().paymentMethods().retrieve(paymentMethodId).getCustomer();
      } catch (InvalidRequestException e) {
        if (!Integer.valueOf(404).equals(e.getStatusCode())) {
          throw StripeErrors.map(e, "looking up a card of " + account);
        }
      } catch (StripeException e) {
        throw StripeErrors.map(e, "looking up a card of " + account);
      }
    }
    if (owner == null || !owner.equals(customer.get())) {
      throw new NotFoundException(ErrorCodes.UNKNOWN_PAYMENT_METHOD, "card " + shorten(paymentMethodId) + " is not one of " + account
          + "'s saved cards; list them to see which exist");
    }
    return customer.get();
  }

  // ---------------------------------------------------------------- charges

  @Override
  public Payment charge(PaymentRequest request) {
    StripeMeters observing = meters;
    return observing == null ? chargeOnce(request) : observing.call("charge", () -> chargeOnce(request));
  }

  private Payment chargeOnce(PaymentRequest request) {
    Username account = request.account();
    String doing = "charging payment " + request.paymentId() + " of " + account;
    long minorUnits = StripeAmounts.toMinorUnits(request.amount());
    Optional<String> customer = store.customerId(account);
    if (customer.isEmpty()) {
      throw new PaymentException(ErrorCodes.NO_PAYMENT_METHOD, account + " has no saved card: " + Cards.HOW_TO_REGISTER);
    }
    Optional<PaymentIntent> earlier = findIntent(customer.get(), request.paymentId(), doing);
    if (earlier.isPresent()) {
      return earlierOutcome(request, earlier.get());
    }
    String card;
    try {
      card = defaultOf(client.v1().customers().retrieve(customer.get()));
    } catch (StripeException e) {
      throw StripeErrors.map(e, doing);
    }
    if (card == null) {
      throw new PaymentException(ErrorCodes.NO_PAYMENT_METHOD, account + " has no default card: " + Cards.HOW_TO_REGISTER + " or choose "
          + "one of their saved cards as the default");
    }
    PaymentIntentCreateParams params = PaymentIntentCreateParams.builder()
        .setAmount(minorUnits)
        .setCurrency(StripeAmounts.stripeCurrency(request.amount().currency()))
        .setCustomer(customer.get())
        .setPaymentMethod(card)
        .setConfirm(true)
        .setOffSession(true)
        .setDescription(request.description())
        .putMetadata(PAYMENT_ID_KEY, request.paymentId())
        .putMetadata(ACCOUNT_KEY, account.value())
        .addExpand("latest_charge")
        .build();
    RequestOptions options = RequestOptions.builder().setIdempotencyKey(paymentKey(request.paymentId())).build();
    try {
      PaymentIntent intent = client.v1().paymentIntents().create(params, options);
      Payment payment = toPayment(intent, account);
      LOG.info("payment {} of account {}: {} {} ({})", request.paymentId(), account, payment.status(),
          request.amount(), intent.getId());
      return payment;
    } catch (CardException e) {
      LOG.info("payment {} of account {} refused: {} {}", request.paymentId(), account, e.getCode(),
          e.getDeclineCode());
      throw StripeErrors.map(e, doing);
    } catch (ApiConnectionException | ApiException e) {
      // Sent, but no usable answer: Stripe may or may not have charged. Never pay again to find out.
      LOG.warn("payment {} of account {}: outcome unknown ({}); it will be resolved by looking it up, never by "
          + "paying again", request.paymentId(), account, e.getClass().getSimpleName());
      return new Payment(request.paymentId(), account, request.amount(), PaymentStatus.UNKNOWN, null,
          Money.zero(request.amount().currency()));
    } catch (StripeException e) {
      throw StripeErrors.map(e, doing);
    }
  }

  private Payment earlierOutcome(PaymentRequest request, PaymentIntent intent) {
    Payment payment = toPayment(intent, request.account());
    if (!payment.amount().equals(request.amount())) {
      throw new ConflictException(ErrorCodes.IDEMPOTENCY_CONFLICT, "payment id " + request.paymentId() + " was already used for "
          + payment.amount() + ", not " + request.amount() + ": use a new payment id for a new payment");
    }
    if (payment.status() == PaymentStatus.FAILED && intent.getLastPaymentError() != null) {
      StripeError error = intent.getLastPaymentError();
      throw StripeErrors.card(error.getCode(), error.getDeclineCode(), "charging payment " + request.paymentId()
          + " of " + request.account() + " (first attempt)", null);
    }
    return payment;
  }

  @Override
  public Optional<Payment> findPayment(Username account, String paymentId) {
    Optional<String> customer = store.customerId(account);
    if (customer.isEmpty()) {
      return Optional.empty();
    }
    return findIntent(customer.get(), paymentId, "looking up payment " + paymentId + " of " + account)
        .map(intent -> toPayment(intent, account));
  }

  /** Lists the customer's PaymentIntents (strongly consistent, unlike search) for uncloud's payment id. */
  private Optional<PaymentIntent> findIntent(String customer, String paymentId, String doing) {
    try {
      for (PaymentIntent intent : client.v1().paymentIntents().list(PaymentIntentListParams.builder()
          .setCustomer(customer).setLimit(100L).addExpand("data.latest_charge").build()).autoPagingIterable()) {
        if (intent.getMetadata() != null && paymentId.equals(intent.getMetadata().get(PAYMENT_ID_KEY))) {
          return Optional.of(intent);
        }
      }
      return Optional.empty();
    } catch (StripeException e) {
      throw StripeErrors.map(e, doing);
    }
  }

  // ---------------------------------------------------------------- refunds

  @Override
  public Payment refund(RefundRequest request) {
    StripeMeters observing = meters;
    return observing == null ? refundOnce(request) : observing.call("refund", () -> refundOnce(request));
  }

  private Payment refundOnce(RefundRequest request) {
    Username account = request.account();
    String doing = "refunding " + request.amount() + " of payment " + request.paymentId() + " (refund "
        + request.refundId() + ")";
    Optional<String> customer = store.customerId(account);
    PaymentIntent intent = customer.flatMap(c -> findIntent(c, request.paymentId(), doing))
        .orElseThrow(() -> new NotFoundException(ErrorCodes.UNKNOWN_PAYMENT, "no payment " + request.paymentId() + " of " + account
            + " is known to Stripe; check the payment id"));
    Payment payment = toPayment(intent, account);
    if (payment.status() != PaymentStatus.SUCCEEDED) {
      throw new ch.uncloud.api.InvalidRequestException(ErrorCodes.PAYMENT_NOT_REFUNDABLE, "payment " + request.paymentId() + " is " + payment.status()
          + ", so there is nothing to refund");
    }
    if (!payment.amount().currency().equals(request.amount().currency())) {
      throw new ch.uncloud.api.InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "payment " + request.paymentId() + " was made in "
          + payment.amount().currency() + "; refund it in the same currency, not " + request.amount().currency());
    }
    try {
      client.v1().refunds().create(RefundCreateParams.builder()
          .setPaymentIntent(intent.getId())
          .setAmount(StripeAmounts.toMinorUnits(request.amount()))
          .putMetadata(REFUND_ID_KEY, request.refundId())
          .putMetadata(PAYMENT_ID_KEY, request.paymentId())
          .build(), RequestOptions.builder().setIdempotencyKey(refundKey(request.refundId())).build());
      LOG.info("refund {}: {} of payment {} of account {}", request.refundId(), request.amount(),
          request.paymentId(), account);
    } catch (InvalidRequestException e) {
      String code = e.getCode();
      if ("amount_too_large".equals(code) || "charge_already_refunded".equals(code)) {
        throw new ch.uncloud.api.InvalidRequestException(ErrorCodes.REFUND_EXCEEDS_PAYMENT, "refund " + request.refundId() + " of " + request.amount()
            + " exceeds what is left unrefunded of payment " + request.paymentId() + " ("
            + payment.amount().minus(payment.refunded()) + ")", e);
      }
      throw StripeErrors.map(e, doing);
    } catch (ApiConnectionException e) {
      throw new ProviderUnavailableException(ErrorCodes.PAYMENT_PROVIDER_UNREACHABLE, "Stripe did not answer while " + doing
          + "; the refund may or may not have been made. Retry with the same refund id: it cannot refund twice.", e);
    } catch (StripeException e) {
      throw StripeErrors.map(e, doing);
    }
    try {
      return toPayment(client.v1().paymentIntents().retrieve(intent.getId(),
          PaymentIntentRetrieveParams.builder().addExpand("latest_charge").build()), account);
    } catch (StripeException e) {
      throw StripeErrors.map(e, "reading payment " + request.paymentId() + " after refund " + request.refundId());
    }
  }

  // ---------------------------------------------------------------- helpers

  /**
   * @param intent a PaymentIntent as Stripe returns it (with {@code latest_charge} expanded for the refunded total)
   * @param account who paid
   * @return uncloud's view of it
   */
  static Payment toPayment(PaymentIntent intent, Username account) {
    Money amount = StripeAmounts.fromMinorUnits(intent.getAmount(), intent.getCurrency());
    Money refunded = Money.zero(amount.currency());
    Charge charge = intent.getLatestChargeObject();
    if (charge != null && charge.getAmountRefunded() != null && charge.getAmountRefunded() > 0) {
      refunded = StripeAmounts.fromMinorUnits(charge.getAmountRefunded(), intent.getCurrency());
    }
    String paymentId = intent.getMetadata() == null ? null : intent.getMetadata().get(PAYMENT_ID_KEY);
    return new Payment(paymentId == null ? intent.getId() : paymentId, account, amount, status(intent),
        intent.getId(), refunded);
  }

  static PaymentStatus status(PaymentIntent intent) {
    return switch (intent.getStatus()) {
      case "succeeded" -> PaymentStatus.SUCCEEDED;
      case "processing", "requires_capture", "requires_confirmation" -> PaymentStatus.PENDING;
      case "requires_payment_method" -> intent.getLastPaymentError() == null ? PaymentStatus.PENDING : PaymentStatus.FAILED;
      default -> PaymentStatus.FAILED; // requires_action (off-session it cannot be completed), canceled
    };
  }

  private static String defaultOf(Customer customer) {
    return customer.getInvoiceSettings() == null ? null : customer.getInvoiceSettings().getDefaultPaymentMethod();
  }

  /** Finds or creates (once, even under concurrency) the Stripe customer of an account. */
  private String customerId(Username account) {
    Optional<String> known = store.customerId(account);
    if (known.isPresent()) {
      return known.get();
    }
    synchronized (customerLocks.computeIfAbsent(account, a -> new Object())) {
      known = store.customerId(account);
      if (known.isPresent()) {
        return known.get();
      }
      try {
        Customer customer = client.v1().customers().create(CustomerCreateParams.builder()
            .setDescription("uncloud account " + account.value())
            .putMetadata(ACCOUNT_KEY, account.value())
            .build(), RequestOptions.builder().setIdempotencyKey("uncloud-cus-" + sha256(account.value())).build());
        store.saveCustomerId(account, customer.getId());
        LOG.info("created Stripe customer {} for account {}", customer.getId(), account);
        return customer.getId();
      } catch (StripeException e) {
        throw StripeErrors.map(e, "creating the Stripe customer of " + account);
      }
    }
  }

  /**
   * @param paymentId uncloud's payment id
   * @return the Stripe idempotency key of its charge
   */
  static String paymentKey(String paymentId) {
    return "uncloud-pay-" + paymentId;
  }

  /**
   * @param refundId uncloud's refund id
   * @return the Stripe idempotency key of the refund
   */
  static String refundKey(String refundId) {
    return "uncloud-refund-" + refundId;
  }

  private static String sha256(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 20);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private static String shorten(String text) {
    String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
    return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
  }

  // ---------------------------------------------------------------- webhooks

  /** @return whether the gateway was built with the webhook endpoint's signing secret */
  @Override
  public boolean receivesWebhooks() {
    return webhooks != null;
  }

  /**
   * Checks the delivery's {@code Stripe-Signature} and reads its event.
   *
   * @param payload the raw request body, exactly as received
   * @param headers the request's headers; {@code Stripe-Signature} is matched in any case
   * @return the event: a payment or card registration of uncloud's, else {@link PaymentEvent.Type#OTHER}
   * @throws ch.uncloud.api.InvalidRequestException ({@code webhook_signature_invalid}) if the signature
   *     is missing, wrong or too old; ({@code invalid_argument}) if the body is not a Stripe event
   * @throws ConfigurationException if no signing secret was configured
   */
  @Override
  public PaymentEvent verifyWebhook(String payload, Map<String, String> headers) {
    if (webhooks == null) {
      throw new ConfigurationException("Stripe's webhooks are not received: set " + StripePaymentGatewayProvider.WEBHOOK_SECRET
          + " to the endpoint's signing secret (whsec_...), as env:VARIABLE or file:PATH");
    }
    return webhooks.verify(payload, headers);
  }

  /** Nothing to release: stripe-java's client holds no pooled resources that need closing. */
  /**
   * Records every card charge and refund ({@code uncloud.payment.calls}: count and duration, by
   * {@code operation} and {@code outcome}: {@code ok} or the error code of a refusal or failure).
   */
  @Override
  public void recordMetricsTo(Object meterRegistry) {
    meters = StripeMeters.on(meterRegistry);
  }

  @Override
  public void close() {
    // idempotent by construction
  }

  /** Configures a {@link StripePaymentGateway}. Not thread-safe; build once. */
  public static final class Builder {
    private final Secret secretKey;
    private String apiBase;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(40);
    private int maxNetworkRetries = 2;
    private StripeCustomerStore store;
    private Secret webhookSecret;
    private Duration webhookTolerance = DEFAULT_WEBHOOK_TOLERANCE;
    private Clock clock = Clock.systemUTC();
    private String publishableKey;

    private Builder(Secret secretKey) {
      this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
    }

    /**
     * @param key Stripe's publishable key ({@code pk_test_...} or {@code pk_live_...}), handed to card
     *     holders with each card registration for Stripe.js
     * @return this builder
     * @throws ConfigurationException if it is not a publishable key
     */
    public Builder publishableKey(String key) {
      if (key == null || !key.matches("pk_(test|live)_[A-Za-z0-9_]+")) {
        throw new ConfigurationException("the Stripe publishable key must look like pk_test_... or pk_live_...");
      }
      this.publishableKey = key;
      return this;
    }

    /**
     * @param url Stripe's API base, e.g. a fake's {@code http://127.0.0.1:12111}
     * @return this builder
     */
    public Builder apiBase(String url) {
      this.apiBase = url;
      return this;
    }

    /**
     * @param timeout for opening a connection
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connect timeout");
      return this;
    }

    /**
     * @param timeout for an answer; past it a charge's outcome is UNKNOWN
     * @return this builder
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive(timeout, "read timeout");
      return this;
    }

    /**
     * @param retries how often stripe-java retries (same idempotency key) on network errors, 409 and 5xx
     * @return this builder
     */
    public Builder maxNetworkRetries(int retries) {
      if (retries < 0 || retries > 10) {
        throw new ch.uncloud.api.InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "max network retries must be between 0 and 10, got " + retries);
      }
      this.maxNetworkRetries = retries;
      return this;
    }

    /**
     * @param store where account-to-customer links and card copies live; it must survive restarts
     *     (e.g. {@link FileStripeCustomerStore}), or a restarted process gives each account a second
     *     Stripe customer without its cards. Required.
     * @return this builder
     */
    public Builder customerStore(StripeCustomerStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * @param signingSecret the webhook endpoint's signing secret ({@code whsec_...}); without it the
     *     gateway receives no webhooks
     * @return this builder
     */
    public Builder webhookSecret(Secret signingSecret) {
      this.webhookSecret = Objects.requireNonNull(signingSecret, "signingSecret");
      return this;
    }

    /**
     * @param tolerance how old a webhook signature may be (default 300 s)
     * @return this builder
     */
    public Builder webhookTolerance(Duration tolerance) {
      if (tolerance == null || tolerance.isNegative() || tolerance.isZero()) {
        throw new ch.uncloud.api.InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "webhook tolerance must be "
            + "positive, got " + tolerance);
      }
      this.webhookTolerance = tolerance;
      return this;
    }

    /**
     * @param clock the clock webhook signature timestamps are checked against
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * @return the gateway
     * @throws ConfigurationException if no customer store was given
     */
    public StripePaymentGateway build() {
      if (store == null) {
        throw new ConfigurationException("the Stripe gateway has no customer store, so a restart would give every "
            + "account a second Stripe customer without its cards: set " + StripePaymentGatewayProvider.CUSTOMER_STORE_FILE
            + " to a file (e.g. /var/lib/uncloud/stripe-customers.properties), or wire a durable store with "
            + "StripePaymentGateway.builder(...).customerStore(...)");
      }
      StripeClient.StripeClientBuilder b = StripeClient.builder()
          .setApiKey(secretKey.reveal())
          .setConnectTimeout(Math.toIntExact(connectTimeout.toMillis()))
          .setReadTimeout(Math.toIntExact(readTimeout.toMillis()))
          .setMaxNetworkRetries(maxNetworkRetries);
      if (apiBase != null) {
        b.setApiBase(apiBase);
      }
      return new StripePaymentGateway(b.build(), store,
          webhookSecret == null ? null : new StripeWebhookEvents(webhookSecret, clock, webhookTolerance), publishableKey);
    }

    private static Duration positive(Duration d, String what) {
      if (d == null || d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
        throw new ch.uncloud.api.InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, what + " must be a positive duration, got " + d);
      }
      return d;
    }
  }
}
