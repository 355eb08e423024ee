package ch.uncloud.api.payments;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import ch.uncloud.api.PaymentException;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.Charge;

/**
 * Tops up a user's credit by card: the account's default card is charged off-session and the
 * payment becomes a ledger deposit of the {@link #SERVICE} service, which unlocks an account whose
 * debt it clears. Both steps are idempotent on the caller's payment id: a retry after a crash or a
 * timeout charges the card at most once and books the deposit at most once, and the payment
 * provider's webhook ({@link #paymentSucceeded}) books the same deposit. Thread-safe. Obtain it from
 * {@link ch.uncloud.api.Uncloud#topUps()}.
 */
public interface CardTopUps {
  /** The service card top-ups are booked under. */
  ServiceName SERVICE = ServiceName.of("card-topups");

  /** Payment ids of top-ups start with this, so webhook events can be told from bill payments. */
  String PAYMENT_PREFIX = "topup-";

  /**
   * Charges the user's default card and books the deposit.
   *
   * @param user the user
   * @param amount how much, positive, in the credit service's currency
   * @param paymentId the caller's id for this top-up (letters, digits, {@code _}, {@code -}); reuse it
   *     to retry, never for another top-up
   * @return the deposit with the new balance and lock state
   * @throws PaymentException if the card was declined or needs the card holder's authentication
   * @throws ProviderUnavailableException if the outcome is unknown (retry with the same payment id)
   * @throws ConfigurationException if no payment gateway is configured
   */
  Charge topUp(Username user, Money amount, String paymentId);

  /**
   * Books the deposit for a succeeded top-up payment; idempotent, so the direct call and the payment
   * provider's webhook can both report it.
   *
   * @param payment a succeeded payment whose id starts with {@link #PAYMENT_PREFIX}
   * @return the deposit (on a repeat, the one booked first)
   * @throws InvalidRequestException ({@code invalid_argument}) if the payment is not a succeeded top-up
   */
  Charge paymentSucceeded(Payment payment);
}
