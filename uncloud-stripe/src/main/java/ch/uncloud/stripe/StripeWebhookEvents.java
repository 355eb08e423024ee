package ch.uncloud.stripe;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.Username;
import ch.uncloud.api.payments.Payment;
import ch.uncloud.api.payments.PaymentEvent;
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
 * Verifies Stripe's webhook deliveries and reads them as provider-neutral events: the
 * {@code Stripe-Signature} header is checked with stripe-java's {@link Webhook} (HMAC-SHA256 with the
 * endpoint's signing secret, timestamps at most 300 s old by default), then
 * {@code payment_intent.succeeded}, {@code payment_intent.payment_failed} and
 * {@code setup_intent.succeeded} about objects uncloud created become {@link PaymentEvent}s; anything
 * else is {@link PaymentEvent.Type#OTHER}. Applies nothing. Immutable and thread-safe.
 */
final class StripeWebhookEvents {
  /** The header Stripe signs its deliveries with. */
  static final String SIGNATURE_HEADER = "Stripe-Signature";

  private static final Logger LOG = LoggerFactory.getLogger(StripeWebhookEvents.class);

  private final Secret signingSecret;
  private final Clock clock;
  private final Duration tolerance;

  StripeWebhookEvents(Secret signingSecret, Clock clock, Duration tolerance) {
    this.signingSecret = Objects.requireNonNull(signingSecret, "signingSecret");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
  }

  /**
   * @param payload the raw request body, exactly as received
   * @param headers the request's headers (names in any case)
   * @return the event it carries
   * @throws InvalidRequestException ({@code webhook_signature_invalid}) if the signature is missing, wrong or too old;
   *     ({@code invalid_argument}) if the body is not a Stripe event
   */
  PaymentEvent verify(String payload, Map<String, String> headers) {
    String signatureHeader = header(headers);
    if (payload == null || signatureHeader == null || signatureHeader.isBlank()) {
      throw new InvalidRequestException(ErrorCodes.WEBHOOK_SIGNATURE_INVALID, "the webhook call has no "
          + "Stripe-Signature header or no body; it was not applied. Only Stripe may call this endpoint.");
    }
    Event event;
    try {
      event = Webhook.constructEvent(payload, signatureHeader, signingSecret.reveal(), tolerance.toSeconds(), clock);
    } catch (SignatureVerificationException e) {
      LOG.warn("rejected a webhook call: {}", e.getMessage());
      throw new InvalidRequestException(ErrorCodes.WEBHOOK_SIGNATURE_INVALID, "the webhook call's signature does "
          + "not match or is older than " + tolerance.toSeconds() + " s; it was not applied. If Stripe sent it, "
          + "check that uncloud.stripe.webhook-secret is this endpoint's signing secret and that the server clock "
          + "is right.", e);
    } catch (RuntimeException e) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "the webhook body is not a Stripe event", e);
    }
    return toEvent(event);
  }

  private static PaymentEvent toEvent(Event event) {
    String type = event.getType() == null ? "unknown" : event.getType();
    switch (type) {
      case "payment_intent.succeeded", "payment_intent.payment_failed": {
        PaymentIntent intent = (PaymentIntent) dataObject(event);
        Username account = account(intent.getMetadata());
        if (account == null || intent.getMetadata().get(StripePaymentGateway.PAYMENT_ID_KEY) == null) {
          return PaymentEvent.other(event.getId(), type);
        }
        Payment payment = StripePaymentGateway.toPayment(intent, account);
        if (type.endsWith("succeeded")) {
          return PaymentEvent.paymentSucceeded(event.getId(), type, payment);
        }
        StripeError error = intent.getLastPaymentError();
        String reason = error == null ? "unknown" : error.getDeclineCode() != null ? error.getDeclineCode() : error.getCode();
        return PaymentEvent.paymentFailed(event.getId(), type, payment, reason == null ? "unknown" : reason);
      }
      case "setup_intent.succeeded": {
        SetupIntent intent = (SetupIntent) dataObject(event);
        Username account = account(intent.getMetadata());
        return account == null ? PaymentEvent.other(event.getId(), type)
            : PaymentEvent.cardSetupSucceeded(event.getId(), type, account, intent.getId());
      }
      default:
        return PaymentEvent.other(event.getId(), type);
    }
  }

  private static String header(Map<String, String> headers) {
    if (headers == null) {
      return null;
    }
    String exact = headers.get(SIGNATURE_HEADER);
    if (exact != null) {
      return exact;
    }
    return headers.entrySet().stream().filter(e -> SIGNATURE_HEADER.equalsIgnoreCase(e.getKey()))
        .map(Map.Entry::getValue).findFirst().orElse(null);
  }

  private static StripeObject dataObject(Event event) {
    var deserializer = event.getDataObjectDeserializer();
    return deserializer.getObject().orElseGet(() -> {
      try {
        return deserializer.deserializeUnsafe(); // another API version than stripe-java's: read it anyway
      } catch (EventDataObjectDeserializationException e) {
        throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "webhook event " + event.getId() + " carries an "
            + "object this version of uncloud cannot read", e);
      }
    });
  }

  private static Username account(Map<String, String> metadata) {
    String name = metadata == null ? null : metadata.get(StripePaymentGateway.ACCOUNT_KEY);
    return name == null ? null : Username.of(name);
  }
}
