package ch.uncloud.api;

/**
 * The payment provider is limiting the request rate; nothing was charged (HTTP 503, retryable). Retry after a few
 * seconds; if it persists, lower the number of concurrent payment calls.
 *
 * <p>Error code {@code payment_rate_limited}.
 */
public final class PaymentRateLimitedException extends UncloudException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and what to do next
   */
  public PaymentRateLimitedException(String message) {
    super(message, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure
   */
  public PaymentRateLimitedException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public ErrorCategory category() {
    return ErrorCategory.UNAVAILABLE;
  }

  @Override
  public String errorCode() {
    return "payment_rate_limited";
  }
}
