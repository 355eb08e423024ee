package ch.uncloud.api;

/**
 * A card payment or registration failed and the card holder must act: another card, an authentication, a first card (HTTP 402). The {@link #errorCode()} says which case it is (see {@link ErrorCodes}).
 */
public class PaymentException extends UncloudException {
  private static final long serialVersionUID = 1L;

  /**
   * @param errorCode the stable code, e.g. {@code no_payment_method}
   * @param message what went wrong and what to do next
   */
  public PaymentException(String errorCode, String message) {
    this(errorCode, message, null);
  }

  /**
   * @param errorCode the stable code, e.g. {@code no_payment_method}
   * @param message what went wrong and what to do next
   * @param cause the underlying failure, or {@code null}
   */
  public PaymentException(String errorCode, String message, Throwable cause) {
    super(errorCode, message, cause);
  }

  @Override
  public final ErrorCategory category() {
    return ErrorCategory.PAYMENT_FAILED;
  }
}
