package ch.uncloud.api.payments;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import ch.uncloud.api.Names;
import ch.uncloud.api.Username;
import java.util.Objects;

/**
 * An off-session charge of the account's default card.
 *
 * @param paymentId uncloud's own id for this payment; the provider's idempotency key is derived
 *     from it, so retrying with the same id can never charge twice
 * @param account who pays
 * @param amount how much, positive
 * @param description shown on the payer's statement and in the provider's dashboard
 */
public record PaymentRequest(String paymentId, Username account, Money amount, String description) {
  /**
   * Checks the components; each is described with the record.
   *
   * @param paymentId uncloud's own id for this payment; the provider's idempotency key is derived from it, so retrying with the same id can never charge twice
   * @param account who pays
   * @param amount how much, positive
   * @param description shown on the payer's statement and in the provider's dashboard
   */
  public PaymentRequest {
    Names.requirePattern(paymentId, "payment id", Names.ID, "use 1 to 64 letters, digits, '_' or '-'");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(description, "description");
    if (!amount.isPositive()) {
      throw new InvalidRequestException(ErrorCodes.AMOUNT_NOT_POSITIVE, "a payment must be positive, got " + amount);
    }
  }
}
