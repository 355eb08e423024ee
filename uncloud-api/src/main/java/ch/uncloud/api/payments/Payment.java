package ch.uncloud.api.payments;

import ch.uncloud.api.Money;
import ch.uncloud.api.Username;
import java.util.Objects;

/**
 * The state of a card payment as the payment gateway knows it.
 *
 * @param paymentId uncloud's id
 * @param account who paid
 * @param amount the amount charged
 * @param status succeeded, failed or unknown
 * @param providerReference the provider's id (e.g. a Stripe PaymentIntent id), or {@code null}
 * @param refunded how much has been refunded so far
 */
public record Payment(String paymentId, Username account, Money amount, PaymentStatus status,
    String providerReference, Money refunded) {
  /**
   * Checks the components; each is described with the record.
   *
   * @param paymentId uncloud's id
   * @param account who paid
   * @param amount the amount charged
   * @param status succeeded, failed or unknown
   * @param providerReference the provider's id (e.g. a Stripe PaymentIntent id), or {@code null}
   * @param refunded how much has been refunded so far
   */
  public Payment {
    Objects.requireNonNull(paymentId, "paymentId");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(refunded, "refunded");
  }
}
