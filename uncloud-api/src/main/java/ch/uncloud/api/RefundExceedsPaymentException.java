package ch.uncloud.api;

/**
 * A refund asks for more than is left unrefunded on the payment (HTTP 400).
 *
 * <p>Error code {@code refund_exceeds_payment}.
 */
public final class RefundExceedsPaymentException extends InvalidRequestException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and what to do next
   */
  public RefundExceedsPaymentException(String message) {
    super(message, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure
   */
  public RefundExceedsPaymentException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String errorCode() {
    return "refund_exceeds_payment";
  }
}
