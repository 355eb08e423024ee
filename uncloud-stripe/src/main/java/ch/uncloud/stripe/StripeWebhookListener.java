package ch.uncloud.stripe;

import ch.uncloud.api.Username;
import ch.uncloud.api.payments.Payment;
import ch.uncloud.api.payments.PaymentMethod;

/**
 * What uncloud does when Stripe reports a payment or a saved card. The core supplies it (a succeeded
 * payment becomes a ledger deposit that can unlock an account). Called at most once per Stripe event
 * id by {@link StripeWebhookHandler}; it should itself be idempotent on the payment id, since the same
 * payment can also be seen through {@link StripePaymentGateway#charge}. An exception makes the
 * handler answer with an error, so Stripe delivers the event again later.
 */
public interface StripeWebhookListener {

  /**
   * @param payment a payment that succeeded
   * @param eventId the Stripe event that said so
   */
  default void paymentSucceeded(Payment payment, String eventId) {}

  /**
   * @param payment a payment that failed
   * @param reason Stripe's decline code or error code, e.g. {@code insufficient_funds}
   * @param eventId the Stripe event that said so
   */
  default void paymentFailed(Payment payment, String reason, String eventId) {}

  /**
   * @param account the card holder
   * @param card the card now saved
   * @param eventId the Stripe event that said so
   */
  default void cardSaved(Username account, PaymentMethod card, String eventId) {}
}
