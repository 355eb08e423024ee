package ch.uncloud.api;

/**
 * The card is not one of the account's saved cards (HTTP 404).
 *
 * <p>Error code {@code unknown_payment_method}.
 */
public final class UnknownPaymentMethodException extends NotFoundException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and what to do next
   */
  public UnknownPaymentMethodException(String message) {
    super(message, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure
   */
  public UnknownPaymentMethodException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String errorCode() {
    return "unknown_payment_method";
  }
}
