package ch.uncloud.api;

/**
 * The card holder's bank wants the holder to confirm this payment (3-D Secure), which an off-session charge cannot
 * do (HTTP 402). Ask the holder to pay once while present or to register the card again.
 *
 * <p>Error code {@code card_authentication_required}.
 */
public final class CardAuthenticationRequiredException extends PaymentException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and what to do next
   */
  public CardAuthenticationRequiredException(String message) {
    super(message, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure
   */
  public CardAuthenticationRequiredException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String errorCode() {
    return "card_authentication_required";
  }
}
