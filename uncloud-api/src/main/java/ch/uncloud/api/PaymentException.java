package ch.uncloud.api;

/** A payment did not go through; the message says what the payer should do (HTTP 402). */
public abstract class PaymentException extends UncloudException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure, or {@code null}
   */
  protected PaymentException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public final ErrorCategory category() {
    return ErrorCategory.PAYMENT_FAILED;
  }
}
