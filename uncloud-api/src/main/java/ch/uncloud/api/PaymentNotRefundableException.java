package ch.uncloud.api;

/**
 * The payment did not succeed (or is still pending), so there is nothing to refund (HTTP 400).
 *
 * <p>Error code {@code payment_not_refundable}.
 */
public final class PaymentNotRefundableException extends InvalidRequestException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and what to do next
   */
  public PaymentNotRefundableException(String message) {
    super(message, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure
   */
  public PaymentNotRefundableException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String errorCode() {
    return "payment_not_refundable";
  }
}
