package ch.uncloud.cli;

import ch.uncloud.api.Uncloud;
import ch.uncloud.api.payments.CardTopUps;
import ch.uncloud.api.payments.Payment;
import ch.uncloud.spi.ProviderConfig;
import ch.uncloud.stripe.StripePaymentGateway;
import ch.uncloud.stripe.StripePaymentGatewayProvider;
import ch.uncloud.stripe.StripeWebhookHandler;
import ch.uncloud.stripe.StripeWebhookListener;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What answers {@code POST /stripe/webhook}: Stripe's signature is verified, each event is applied
 * once, and a succeeded card top-up becomes its ledger deposit (the same one the direct call books,
 * so whichever comes first wins and the other changes nothing).
 */
final class PaymentWebhook {
  private static final Logger LOG = LoggerFactory.getLogger(PaymentWebhook.class);

  /** Verifies and applies one delivery. */
  @FunctionalInterface
  interface Receiver {
    /**
     * @param payload the raw body
     * @param signature the {@code Stripe-Signature} header, or {@code null}
     * @return what happened ({@code applied}, {@code duplicate} or {@code ignored})
     */
    String receive(String payload, String signature);
  }

  private PaymentWebhook() {}

  /**
   * @param config the configuration
   * @param uncloud the services
   * @return the receiver, when Stripe is the configured payment provider and a webhook secret is set
   */
  static Optional<Receiver> from(ProviderConfig config, Uncloud uncloud) {
    if (!config.get("uncloud.payments").orElse("").equals("stripe")) {
      return Optional.empty();
    }
    if (config.get(StripePaymentGatewayProvider.WEBHOOK_SECRET).isEmpty()) {
      LOG.warn("uncloud.payments=stripe but {} is not set: POST /stripe/webhook is off",
          StripePaymentGatewayProvider.WEBHOOK_SECRET);
      return Optional.empty();
    }
    StripeWebhookHandler handler = StripeWebhookHandler.fromConfig(config,
        (StripePaymentGateway) uncloud.payments(), topUpsOf(uncloud));
    return Optional.of(receiver(handler));
  }

  /**
   * @param handler a configured handler
   * @return a receiver delegating to it
   */
  static Receiver receiver(StripeWebhookHandler handler) {
    return (payload, signature) -> handler.handle(payload, signature).name().toLowerCase(Locale.ROOT);
  }

  /**
   * @param uncloud the services
   * @return a listener that books succeeded top-ups; bill payments are settled by the billing run
   */
  static StripeWebhookListener topUpsOf(Uncloud uncloud) {
    return new StripeWebhookListener() {
      @Override
      public void paymentSucceeded(Payment payment, String eventId) {
        if (payment.paymentId().startsWith(CardTopUps.PAYMENT_PREFIX)) {
          uncloud.topUps().paymentSucceeded(payment);
        }
      }

      @Override
      public void paymentFailed(Payment payment, String reason, String eventId) {
        LOG.info("card payment {} of {} failed ({}), event {}", payment.paymentId(), payment.account(), reason, eventId);
      }
    };
  }
}
