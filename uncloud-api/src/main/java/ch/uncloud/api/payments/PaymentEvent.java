package ch.uncloud.api.payments;

import ch.uncloud.api.Username;
import java.util.Objects;

/**
 * Something a payment provider reports on its own, through its webhook: a payment succeeded or
 * failed, or a card holder completed a card registration. Provider-neutral: the provider verifies and
 * reads its delivery ({@link ch.uncloud.spi.PaymentGateway#verifyWebhook}), the core applies the
 * event once per {@link #id()} ({@link PaymentEvents}). Create one with the static factories; the
 * fields a type does not use are {@code null}. Immutable.
 *
 * @param id the provider's id of the event, the same on every redelivery (e.g. Stripe's {@code evt_...})
 * @param type what happened
 * @param providerType the provider's own name for it (e.g. {@code payment_intent.succeeded}), for logs
 * @param account whom it concerns; {@code null} for {@link Type#OTHER}
 * @param payment the payment, for {@link Type#PAYMENT_SUCCEEDED} and {@link Type#PAYMENT_FAILED}
 * @param failureReason the provider's decline or error code (e.g. {@code insufficient_funds}), for
 *     {@link Type#PAYMENT_FAILED}
 * @param setupId the card registration ({@link CardSetup#setupId()}), for {@link Type#CARD_SETUP_SUCCEEDED}
 */
public record PaymentEvent(String id, Type type, String providerType, Username account, Payment payment,
    String failureReason, String setupId) {

  /** What a payment event reports. */
  public enum Type {
    /** A payment uncloud asked for succeeded. */
    PAYMENT_SUCCEEDED,
    /** A payment uncloud asked for failed (declined, or the card holder must act). */
    PAYMENT_FAILED,
    /** A card holder completed a card registration uncloud started. */
    CARD_SETUP_SUCCEEDED,
    /** Anything else: another type, or an object uncloud did not create. Acknowledged, not acted on. */
    OTHER
  }

  /**
   * Checks that the fields fit the type; each is described with the record.
   *
   * @param id the provider's id of the event
   * @param type what happened
   * @param providerType the provider's own name for it
   * @param account whom it concerns
   * @param payment the payment
   * @param failureReason the provider's decline or error code
   * @param setupId the card registration
   */
  public PaymentEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(providerType, "providerType");
    switch (type) {
      case PAYMENT_SUCCEEDED, PAYMENT_FAILED -> {
        Objects.requireNonNull(payment, "payment");
        if (!payment.account().equals(account)) {
          throw new IllegalArgumentException("the event's account must be the payment's");
        }
      }
      case CARD_SETUP_SUCCEEDED -> {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(setupId, "setupId");
      }
      case OTHER -> {
        // nothing else is needed
      }
    }
  }

  /**
   * @param id the provider's id of the event
   * @param providerType the provider's own name for it
   * @param payment the payment that succeeded
   * @return a {@link Type#PAYMENT_SUCCEEDED} event
   */
  public static PaymentEvent paymentSucceeded(String id, String providerType, Payment payment) {
    return new PaymentEvent(id, Type.PAYMENT_SUCCEEDED, providerType, payment.account(), payment, null, null);
  }

  /**
   * @param id the provider's id of the event
   * @param providerType the provider's own name for it
   * @param payment the payment that failed
   * @param failureReason the provider's decline or error code
   * @return a {@link Type#PAYMENT_FAILED} event
   */
  public static PaymentEvent paymentFailed(String id, String providerType, Payment payment, String failureReason) {
    return new PaymentEvent(id, Type.PAYMENT_FAILED, providerType, payment.account(), payment,
        Objects.requireNonNull(failureReason, "failureReason"), null);
  }

  /**
   * @param id the provider's id of the event
   * @param providerType the provider's own name for it
   * @param account the card holder
   * @param setupId the completed card registration
   * @return a {@link Type#CARD_SETUP_SUCCEEDED} event
   */
  public static PaymentEvent cardSetupSucceeded(String id, String providerType, Username account, String setupId) {
    return new PaymentEvent(id, Type.CARD_SETUP_SUCCEEDED, providerType, account, null, null, setupId);
  }

  /**
   * @param id the provider's id of the event
   * @param providerType the provider's own name for it
   * @return an {@link Type#OTHER} event, acknowledged and not acted on
   */
  public static PaymentEvent other(String id, String providerType) {
    return new PaymentEvent(id, Type.OTHER, providerType, null, null, null, null);
  }
}
