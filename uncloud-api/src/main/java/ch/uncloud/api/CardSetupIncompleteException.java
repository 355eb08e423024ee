package ch.uncloud.api;

/**
 * A card registration has not been confirmed by the card holder yet, or still needs the holder to authenticate
 * (HTTP 402). Let the holder finish it in the front end, then try again.
 *
 * <p>Error code {@code card_setup_incomplete}.
 */
public final class CardSetupIncompleteException extends PaymentException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong and what to do next
   */
  public CardSetupIncompleteException(String message) {
    super(message, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param cause the underlying failure
   */
  public CardSetupIncompleteException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String errorCode() {
    return "card_setup_incomplete";
  }
}
