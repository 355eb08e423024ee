package ch.uncloud.api;

/**
 * The payment provider could not be reached or did not answer in time (HTTP 503, retryable). Check the network
 * path to the provider and retry.
 *
 * <p>Error code {@code payment_provider_unreachable}.
 */
public final class PaymentProviderUnreachableException extends UncloudException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and what to do next
   */
  public PaymentProviderUnreachableException(String message) {
    super(message, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure
   */
  public PaymentProviderUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public ErrorCategory category() {
    return ErrorCategory.UNAVAILABLE;
  }

  @Override
  public String errorCode() {
    return "payment_provider_unreachable";
  }
}
