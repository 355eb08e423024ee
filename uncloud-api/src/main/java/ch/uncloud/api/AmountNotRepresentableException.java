package ch.uncloud.api;

/**
 * The payment provider cannot express this amount in its currency units (too many decimals for the provider, not a
 * multiple it accepts, or too large) (HTTP 400).
 *
 * <p>Error code {@code amount_not_representable}.
 */
public final class AmountNotRepresentableException extends InvalidRequestException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and what to do next
   */
  public AmountNotRepresentableException(String message) {
    super(message, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure
   */
  public AmountNotRepresentableException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String errorCode() {
    return "amount_not_representable";
  }
}
