package ch.uncloud.api.payments;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import ch.uncloud.api.Names;
import ch.uncloud.api.Username;
import java.util.Objects;

/**
 * A full or partial refund of a succeeded payment.
 *
 * @param refundId uncloud's id for the refund; its idempotency key derives from it
 * @param account who paid
 * @param paymentId the payment to refund
 * @param amount how much, positive and at most what is left unrefunded
 */
public record RefundRequest(String refundId, Username account, String paymentId, Money amount) {
  /**
   * Checks the components; each is described with the record.
   *
   * @param refundId uncloud's id for the refund; its idempotency key derives from it
   * @param account who paid
   * @param paymentId the payment to refund
   * @param amount how much, positive and at most what is left unrefunded
   */
  public RefundRequest {
    Names.requirePattern(refundId, "refund id", Names.ID, "use 1 to 64 letters, digits, '_' or '-'");
    Objects.requireNonNull(account, "account");
    Names.requirePattern(paymentId, "payment id", Names.ID, "use 1 to 64 letters, digits, '_' or '-'");
    Objects.requireNonNull(amount, "amount");
    if (!amount.isPositive()) {
      throw new InvalidRequestException(ErrorCodes.AMOUNT_NOT_POSITIVE, "a refund must be positive, got " + amount);
    }
  }
}
