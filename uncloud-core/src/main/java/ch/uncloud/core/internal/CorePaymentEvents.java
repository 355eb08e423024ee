package ch.uncloud.core.internal;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.payments.CardTopUps;
import ch.uncloud.api.payments.Payment;
import ch.uncloud.api.payments.PaymentEvent;
import ch.uncloud.api.payments.PaymentEvents;
import ch.uncloud.api.payments.PaymentMethod;
import ch.uncloud.spi.PaymentGateway;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the payment provider's events: verified by the gateway (its webhook signature check stays
 * inside the provider), applied here one at a time and at most once per event id. A succeeded top-up
 * becomes its deposit through {@link CardTopUps} (idempotent on the payment id, so the direct call and
 * the event book it once); a completed card registration is completed through the gateway (idempotent
 * too); a failed payment is logged. The applied ids are kept in memory: after a restart a redelivered
 * event is applied again, which the idempotent steps make harmless. Thread-safe.
 */
public final class CorePaymentEvents implements PaymentEvents {
  private static final Logger LOG = LoggerFactory.getLogger(CorePaymentEvents.class);

  private final PaymentGateway payments;
  private final CardTopUps topUps;
  private final Set<String> applied = ConcurrentHashMap.newKeySet();

  /**
   * @param payments the payment gateway, or {@code null} if none is configured
   * @param topUps where succeeded top-ups are booked
   */
  public CorePaymentEvents(PaymentGateway payments, CardTopUps topUps) {
    this.payments = payments;
    this.topUps = Objects.requireNonNull(topUps, "topUps");
  }

  @Override
  public boolean receivesWebhooks() {
    return payments != null && payments.receivesWebhooks();
  }

  @Override
  public Outcome receiveWebhook(String payload, Map<String, String> headers) {
    if (!receivesWebhooks()) {
      throw new ConfigurationException("payment webhooks are off: no payment gateway that receives webhooks is "
          + "configured; set uncloud.payments=stripe and uncloud.stripe.webhook-secret, or wire one with "
          + "UncloudCore.builder().payments(...)");
    }
    Map<String, String> anyCase = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (headers != null) {
      anyCase.putAll(headers);
    }
    return apply(payments.verifyWebhook(payload, anyCase));
  }

  @Override
  public synchronized Outcome apply(PaymentEvent event) {
    Objects.requireNonNull(event, "event");
    if (applied.contains(event.id())) {
      LOG.info("payment event {} ({}) was applied before; nothing changes", event.id(), event.providerType());
      return Outcome.DUPLICATE;
    }
    Outcome outcome = switch (event.type()) {
      case PAYMENT_SUCCEEDED -> paymentSucceeded(event.payment());
      case PAYMENT_FAILED -> {
        Payment payment = event.payment();
        LOG.info("card payment {} of {} failed ({}), event {}", payment.paymentId(), payment.account(),
            event.failureReason(), event.id());
        yield Outcome.APPLIED;
      }
      case CARD_SETUP_SUCCEEDED -> {
        PaymentMethod card = gateway().completeCardSetup(event.account(), event.setupId());
        LOG.info("card {} of {} saved through event {}", card.id(), event.account(), event.id());
        yield Outcome.APPLIED;
      }
      case OTHER -> Outcome.IGNORED;
    };
    applied.add(event.id());
    LOG.info("payment event {} ({}): {}", event.id(), event.providerType(), outcome);
    return outcome;
  }

  /** Top-ups are booked here; bill payments are settled by the billing run. */
  private Outcome paymentSucceeded(Payment payment) {
    if (payment.paymentId().startsWith(CardTopUps.PAYMENT_PREFIX)) {
      topUps.paymentSucceeded(payment);
    }
    return Outcome.APPLIED;
  }

  private PaymentGateway gateway() {
    if (payments == null) {
      throw new ConfigurationException("a card registration event arrived but no payment gateway is configured; "
          + "wire one with UncloudCore.builder().payments(...) or set uncloud.payments");
    }
    return payments;
  }
}
