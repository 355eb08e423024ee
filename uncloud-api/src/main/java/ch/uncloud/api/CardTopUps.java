package ch.uncloud.api;

import ch.uncloud.spi.PaymentGateway;
import java.util.function.Supplier;

/**
 * Tops up a user's credit by card: the account's default card is charged off-session and the
 * payment becomes a ledger deposit of the {@link #SERVICE} service, which unlocks an account whose
 * debt it clears. Both steps are idempotent on the caller's payment id: a retry after a crash or a
 * timeout charges the card at most once and books the deposit at most once, and the payment
 * provider's webhook ({@link #paymentSucceeded}) books the same deposit. Thread-safe.
 */
public final class CardTopUps {
  /** The service card top-ups are booked under. */
  public static final ServiceName SERVICE = ServiceName.of("card-topups");
  /** Payment ids of top-ups start with this, so webhook handlers can tell them from bill payments. */
  public static final String PAYMENT_PREFIX = "topup-";

  private final CreditService credit;
  private final Supplier<PaymentGateway> payments;

  CardTopUps(CreditService credit, Supplier<PaymentGateway> payments) {
    this.credit = credit;
    this.payments = payments;
  }

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
  public Charge topUp(Username user, Money amount, String paymentId) {
    if (!amount.currency().equals(credit.currency())) {
      throw new CurrencyMismatchException("top-ups are in " + credit.currency().getCurrencyCode() + ", not "
          + amount.currency().getCurrencyCode());
    }
    credit.amountAvailable(user); // an unknown user fails before the card is charged
    String id = paymentId.startsWith(PAYMENT_PREFIX) ? paymentId : PAYMENT_PREFIX + paymentId;
    Payment payment = payments.get().charge(new PaymentRequest(id, user, amount, "uncloud credit top-up"));
    if (payment.status() != PaymentStatus.SUCCEEDED) {
      throw new ProviderUnavailableException("the card payment " + id + " is " + payment.status()
          + "; nothing was booked. Retry with the same payment id: it is looked up, never paid twice");
    }
    return paymentSucceeded(payment);
  }

  /**
   * Books the deposit for a succeeded top-up payment; idempotent, so the direct call and the payment
   * provider's webhook can both report it.
   *
   * @param payment a succeeded payment whose id starts with {@link #PAYMENT_PREFIX}
   * @return the deposit (on a repeat, the one booked first)
   * @throws InvalidArgumentException if the payment is not a succeeded top-up
   */
  public Charge paymentSucceeded(Payment payment) {
    if (payment.status() != PaymentStatus.SUCCEEDED || !payment.paymentId().startsWith(PAYMENT_PREFIX)) {
      throw new InvalidArgumentException("payment " + payment.paymentId() + " is not a succeeded card top-up");
    }
    return credit.bookSystemEntry(EntryKind.DEPOSIT, SERVICE, payment.account(), payment.amount(),
        "card top-up " + payment.paymentId(), "card", IdempotencyKey.of(payment.paymentId()));
  }
}
