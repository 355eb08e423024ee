package ch.uncloud.stripe;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.Username;
import ch.uncloud.api.payments.Payment;
import ch.uncloud.api.payments.PaymentMethod;
import com.stripe.exception.EventDataObjectDeserializationException;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.SetupIntent;
import com.stripe.model.StripeError;
import com.stripe.model.StripeObject;
import com.stripe.net.Webhook;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives Stripe's webhook calls (the REST gateway's {@code POST /stripe/webhook} hands it the raw
 * body and the {@code Stripe-Signature} header). It checks the signature (HMAC-SHA256 with the
 * endpoint's signing secret, timestamps at most 300 s old by default), then applies
 * {@code payment_intent.succeeded}, {@code payment_intent.payment_failed} and
 * {@code setup_intent.succeeded} through a {@link StripeWebhookListener}, each event id at most once.
 * Other events, and events about objects uncloud did not create, are acknowledged and ignored.
 * Thread-safe; events are applied one at a time.
 */
public final class StripeWebhookHandler {
  /** Stripe's default tolerance for the signature timestamp. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);

  private static final Logger LOG = LoggerFactory.getLogger(StripeWebhookHandler.class);

  private final Secret signingSecret;
  private final StripePaymentGateway gateway;
  private final StripeWebhookListener listener;
  private final ProcessedStripeEvents processed;
  private final Clock clock;
  private final Duration tolerance;

  /** What happened to a delivered event; every outcome is answered with HTTP 200. */
  public enum Outcome {
    /** The event was applied now. */
    APPLIED,
    /** The event had been applied before; nothing changed. */
    DUPLICATE,
    /** The event is of a type or about an object uncloud does not act on. */
    IGNORED
  }

  private StripeWebhookHandler(Builder b) {
    this.signingSecret = b.signingSecret;
    this.gateway = b.gateway;
    this.listener = b.listener;
    this.processed = b.processed;
    this.clock = b.clock;
    this.tolerance = b.tolerance;
  }

  /**
   * @param signingSecret the endpoint's signing secret ({@code whsec_...}), see {@code uncloud.stripe.webhook-secret}
   * @param gateway the gateway, which records cards saved through {@code setup_intent.succeeded}
   * @param listener what uncloud does with payments and cards
   * @return a builder
   */
  public static Builder builder(Secret signingSecret, StripePaymentGateway gateway, StripeWebhookListener listener) {
    return new Builder(signingSecret, gateway, listener);
  }

  /**
   * Builds a handler whose signing secret comes from {@code uncloud.stripe.webhook-secret}.
   *
   * @param config the configuration
   * @param gateway the gateway, which records cards saved through {@code setup_intent.succeeded}
   * @param listener what uncloud does with payments and cards
   * @return a handler with in-memory processed-event ids; use {@link #builder} for a durable set
   * @throws ch.uncloud.api.ConfigurationException if the key is missing or unresolvable
   */
  public static StripeWebhookHandler fromConfig(ch.uncloud.spi.ProviderConfig config, StripePaymentGateway gateway,
      StripeWebhookListener listener) {
    config.validator().requireSecret(StripePaymentGatewayProvider.WEBHOOK_SECRET).validate();
    return builder(config.requireSecret(StripePaymentGatewayProvider.WEBHOOK_SECRET), gateway, listener).build();
  }

  /**
   * Verifies and applies one webhook call.
   *
   * @param payload the raw request body, exactly as received
   * @param signatureHeader the {@code Stripe-Signature} header
   * @return what happened
   * @throws InvalidRequestException ({@code webhook_signature_invalid}) if the signature is missing, wrong or too old (answer 400)
   * @throws RuntimeException from the listener or the gateway (answer 500, so Stripe retries)
   */
  public synchronized Outcome handle(String payload, String signatureHeader) {
    if (payload == null || signatureHeader == null || signatureHeader.isBlank()) {
      throw new InvalidRequestException(ErrorCodes.WEBHOOK_SIGNATURE_INVALID, "the webhook call has no Stripe-Signature header or no body; it was not "
          + "applied. Only Stripe may call this endpoint.");
    }
    Event event;
    try {
      event = Webhook.constructEvent(payload, signatureHeader, signingSecret.reveal(), tolerance.toSeconds(), clock);
    } catch (SignatureVerificationException e) {
      LOG.warn("rejected a webhook call: {}", e.getMessage());
      throw new InvalidRequestException(ErrorCodes.WEBHOOK_SIGNATURE_INVALID, "the webhook call's signature does not match or is older than "
          + tolerance.toSeconds() + " s; it was not applied. If Stripe sent it, check that "
          + "uncloud.stripe.webhook-secret is this endpoint's signing secret and that the server clock is right.", e);
    } catch (RuntimeException e) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "the webhook body is not a Stripe event", e);
    }
    String id = event.getId();
    if (processed.contains(id)) {
      LOG.info("webhook event {} ({}) was applied before; nothing changes", id, event.getType());
      return Outcome.DUPLICATE;
    }
    Outcome outcome = apply(event);
    processed.add(id);
    LOG.info("webhook event {} ({}): {}", id, event.getType(), outcome);
    return outcome;
  }

  private Outcome apply(Event event) {
    if (event.getType() == null) {
      return Outcome.IGNORED;
    }
    switch (event.getType()) {
      case "payment_intent.succeeded", "payment_intent.payment_failed": {
        PaymentIntent intent = (PaymentIntent) dataObject(event);
        Username account = account(intent.getMetadata());
        if (account == null || intent.getMetadata().get(StripePaymentGateway.PAYMENT_ID_KEY) == null) {
          return Outcome.IGNORED;
        }
        Payment payment = StripePaymentGateway.toPayment(intent, account);
        if (event.getType().endsWith("succeeded")) {
          listener.paymentSucceeded(payment, event.getId());
        } else {
          StripeError error = intent.getLastPaymentError();
          String reason = error == null ? "unknown" : error.getDeclineCode() != null ? error.getDeclineCode() : error.getCode();
          listener.paymentFailed(payment, reason, event.getId());
        }
        return Outcome.APPLIED;
      }
      case "setup_intent.succeeded": {
        SetupIntent intent = (SetupIntent) dataObject(event);
        Username account = account(intent.getMetadata());
        if (account == null) {
          return Outcome.IGNORED;
        }
        PaymentMethod card = gateway.completeCardSetup(account, intent.getId());
        listener.cardSaved(account, card, event.getId());
        return Outcome.APPLIED;
      }
      default:
        return Outcome.IGNORED;
    }
  }

  private static StripeObject dataObject(Event event) {
    var deserializer = event.getDataObjectDeserializer();
    return deserializer.getObject().orElseGet(() -> {
      try {
        return deserializer.deserializeUnsafe(); // another API version than stripe-java's: read it anyway
      } catch (EventDataObjectDeserializationException e) {
        throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "webhook event " + event.getId() + " carries an object this version "
            + "of uncloud cannot read", e);
      }
    });
  }

  private static Username account(Map<String, String> metadata) {
    String name = metadata == null ? null : metadata.get(StripePaymentGateway.ACCOUNT_KEY);
    return name == null ? null : Username.of(name);
  }

  /** Configures a {@link StripeWebhookHandler}. */
  public static final class Builder {
    private final Secret signingSecret;
    private final StripePaymentGateway gateway;
    private final StripeWebhookListener listener;
    private ProcessedStripeEvents processed = ProcessedStripeEvents.inMemory();
    private Clock clock = Clock.systemUTC();
    private Duration tolerance = DEFAULT_TOLERANCE;

    private Builder(Secret signingSecret, StripePaymentGateway gateway, StripeWebhookListener listener) {
      this.signingSecret = Objects.requireNonNull(signingSecret, "signingSecret");
      this.gateway = Objects.requireNonNull(gateway, "gateway");
      this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * @param processed where applied event ids are kept (default: in memory)
     * @return this builder
     */
    public Builder processedEvents(ProcessedStripeEvents processed) {
      this.processed = Objects.requireNonNull(processed, "processed");
      return this;
    }

    /**
     * @param clock the clock the signature timestamp is checked against
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * @param tolerance how old a signature may be (default 300 s)
     * @return this builder
     */
    public Builder tolerance(Duration tolerance) {
      if (tolerance == null || tolerance.isNegative() || tolerance.isZero()) {
        throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "webhook tolerance must be positive, got " + tolerance);
      }
      this.tolerance = tolerance;
      return this;
    }

    /**
     * @return the handler
     */
    public StripeWebhookHandler build() {
      return new StripeWebhookHandler(this);
    }
  }
}
