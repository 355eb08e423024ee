package ch.uncloud.api;

/**
 * The payment provider refused uncloud's API key, or the key lacks a permission (HTTP 500, an operator must act).
 * Check the configured secret key; the message never contains the key.
 *
 * <p>Error code {@code payment_provider_credentials}.
 */
public final class PaymentProviderCredentialsException extends UncloudException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and what to do next
   */
  public PaymentProviderCredentialsException(String message) {
    super(message, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure
   */
  public PaymentProviderCredentialsException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public ErrorCategory category() {
    return ErrorCategory.CONFIGURATION;
  }

  @Override
  public String errorCode() {
    return "payment_provider_credentials";
  }
}
