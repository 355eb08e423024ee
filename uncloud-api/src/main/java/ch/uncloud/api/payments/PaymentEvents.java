package ch.uncloud.api.payments;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.InvalidRequestException;
import java.util.Map;

/**
 * Applies what the payment provider reports on its own, through its webhook: each event at most once
 * (by its id), a succeeded card top-up as its ledger deposit (through {@link CardTopUps}, so the
 * direct call and the event book it once between them), a completed card registration as the
 * account's saved card; a failed payment is logged. Bill payments are settled by the billing run, so
 * their events change nothing here. Thread-safe; events are applied one at a time. Obtain it from
 * {@link ch.uncloud.api.Uncloud#paymentEvents()}.
 *
 * <p>An HTTP front end hands a webhook delivery to {@link #receiveWebhook} unchanged and maps the
 * outcome: every outcome is a success for the provider; a refused delivery ({@link InvalidRequestException})
 * is a client error; any other failure is a server error, so the provider delivers the event again.
 */
public interface PaymentEvents {

  /** What happened to a delivered event. */
  enum Outcome {
    /** The event was applied now. */
    APPLIED,
    /** The event had been applied before; nothing changed. */
    DUPLICATE,
    /** The event is of a type, or about an object, uncloud does not act on. */
    IGNORED
  }

  /**
   * @return whether a payment gateway is configured that receives webhooks (for Stripe: with
   *     {@code uncloud.stripe.webhook-secret}); without one, {@link #receiveWebhook} refuses every call
   */
  boolean receivesWebhooks();

  /**
   * Verifies one webhook delivery through the payment gateway and applies its event once.
   *
   * @param payload the raw request body, exactly as received
   * @param headers the request's headers (names in any case)
   * @return what happened
   * @throws InvalidRequestException ({@code webhook_signature_invalid}) if the delivery's signature is
   *     missing, wrong or too old; ({@code invalid_argument}) if it carries no event of the provider
   * @throws ConfigurationException if no payment gateway that receives webhooks is configured
   */
  Outcome receiveWebhook(String payload, Map<String, String> headers);

  /**
   * Applies an event once: a second call with the same {@link PaymentEvent#id()} changes nothing. An
   * event whose application failed (for instance, the ledger was down) is not remembered, so its
   * redelivery applies it.
   *
   * @param event a verified event
   * @return what happened
   * @throws ConfigurationException if the event needs a payment gateway and none is configured
   */
  Outcome apply(PaymentEvent event);
}
