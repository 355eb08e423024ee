package ch.uncloud.api;

/**
 * No payment with this id is known for the account (HTTP 404).
 *
 * <p>Error code {@code unknown_payment}.
 */
public final class UnknownPaymentException extends NotFoundException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and what to do next
   */
  public UnknownPaymentException(String message) {
    super(message, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure
   */
  public UnknownPaymentException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String errorCode() {
    return "unknown_payment";
  }
}
