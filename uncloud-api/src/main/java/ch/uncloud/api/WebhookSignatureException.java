package ch.uncloud.api;

/**
 * A webhook call did not carry a valid signature, or its timestamp is outside the tolerance; it was not applied
 * (HTTP 400).
 *
 * <p>Error code {@code webhook_signature_invalid}.
 */
public final class WebhookSignatureException extends InvalidRequestException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and what to do next
   */
  public WebhookSignatureException(String message) {
    super(message, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure
   */
  public WebhookSignatureException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String errorCode() {
    return "webhook_signature_invalid";
  }
}
