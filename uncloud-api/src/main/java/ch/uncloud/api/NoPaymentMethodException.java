package ch.uncloud.api;

/**
 * The account has no default card to charge (HTTP 402). Ask the holder to register a card.
 *
 * <p>Error code {@code no_payment_method}.
 */
public final class NoPaymentMethodException extends PaymentException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and what to do next
   */
  public NoPaymentMethodException(String message) {
    super(message, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure
   */
  public NoPaymentMethodException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String errorCode() {
    return "no_payment_method";
  }
}
