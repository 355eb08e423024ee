package ch.uncloud.core.internal;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.Charge;
import ch.uncloud.api.credit.EntryKind;
import ch.uncloud.api.payments.CardTopUps;
import ch.uncloud.api.payments.Payment;
import ch.uncloud.api.payments.PaymentRequest;
import ch.uncloud.api.payments.PaymentStatus;
import ch.uncloud.spi.PaymentGateway;
import java.util.function.Supplier;

/**
 * Tops up a user's credit by card: the account's default card is charged off-session and the
 * payment becomes a ledger deposit of the {@link #SERVICE} service, which unlocks an account whose
 * debt it clears. Both steps are idempotent on the caller's payment id: a retry after a crash or a
 * timeout charges the card at most once and books the deposit at most once, and the payment
 * provider's webhook ({@link #paymentSucceeded}) books the same deposit. The account is resolved to
 * the directory's stored spelling; an unknown one books nothing. Thread-safe.
 */
public final class CoreCardTopUps implements CardTopUps {

  private final CoreCreditService credit;
  private final Supplier<PaymentGateway> payments;

  public CoreCardTopUps(CoreCreditService credit, Supplier<PaymentGateway> payments) {
    this.credit = credit;
    this.payments = payments;
  }

  @Override
  public Charge topUp(Username user, Money amount, String paymentId) {
    if (!amount.currency().equals(credit.currency())) {
      throw new InvalidRequestException(ErrorCodes.CURRENCY_MISMATCH, "top-ups are in " + credit.currency().getCurrencyCode() + ", not "
          + amount.currency().getCurrencyCode());
    }
    Username account = credit.canonical(user); // an unknown user fails before the card is charged
    String id = paymentId.startsWith(PAYMENT_PREFIX) ? paymentId : PAYMENT_PREFIX + paymentId;
    Payment payment = payments.get().charge(new PaymentRequest(id, account, amount, "uncloud credit top-up"));
    if (payment.status() != PaymentStatus.SUCCEEDED) {
      throw new ProviderUnavailableException("the card payment " + id + " is " + payment.status()
          + "; nothing was booked. Retry with the same payment id: it is looked up, never paid twice");
    }
    return paymentSucceeded(payment);
  }

  @Override
  public Charge paymentSucceeded(Payment payment) {
    if (payment.status() != PaymentStatus.SUCCEEDED || !payment.paymentId().startsWith(PAYMENT_PREFIX)) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "payment " + payment.paymentId() + " is not a succeeded card top-up");
    }
    return book(credit.canonical(payment.account()), payment.amount(), payment.paymentId());
  }

  /**
   * Books a top-up's deposit, idempotent on the payment id: the direct call, the event and an admin
   * applying a kept payment book it once between them.
   *
   * @param account the canonical account
   * @param amount what was paid
   * @param paymentId the payment's id
   * @return the deposit
   */
  Charge book(Username account, Money amount, String paymentId) {
    return credit.bookSystemEntry(EntryKind.DEPOSIT, SERVICE, account, amount, "card top-up " + paymentId, "card",
        IdempotencyKey.of(paymentId));
  }
}
