package ch.uncloud.api.payments;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.PaymentException;

/**
 * The card issuer declined the payment or the card registration (HTTP 402). Nothing was taken. The
 * {@link #declineCode()} is the issuer's reason as the payment provider reports it (for example
 * {@code insufficient_funds}, {@code expired_card}, {@code generic_decline}); the message says what
 * the card holder can do.
 *
 * <p>Error code {@code card_declined}.
 */
public final class CardDeclinedException extends PaymentException {
  private static final long serialVersionUID = 1L;

  /** The issuer's reason, e.g. {@code insufficient_funds}. */
  private final String declineCode;

  /**
   * @param message what went wrong and what to do next
   * @param declineCode the issuer's reason, e.g. {@code insufficient_funds}
   */
  public CardDeclinedException(String message, String declineCode) {
    this(message, declineCode, null);
  }

  /**
   * @param message what went wrong and what to do next
   * @param declineCode the issuer's reason, e.g. {@code insufficient_funds}
   * @param cause the underlying failure
   */
  public CardDeclinedException(String message, String declineCode, Throwable cause) {
    super(ErrorCodes.CARD_DECLINED, message, cause);
    this.declineCode = declineCode == null || declineCode.isBlank() ? "generic_decline" : declineCode;
  }

  /**
   * @return the issuer's reason, {@code generic_decline} if none was given
   */
  public String declineCode() {
    return declineCode;
  }

  /**
   * @param declineCode an issuer's reason
   * @return advice for the card holder that fits the reason
   */
  public static String adviceFor(String declineCode) {
    if (declineCode == null) {
      return "Use another card, or ask your bank why the card was declined.";
    }
    return switch (declineCode) {
      case "insufficient_funds" -> "The card has insufficient funds: use another card or top it up, then try again.";
      case "expired_card" -> "The card has expired: register a current card.";
      case "incorrect_cvc", "incorrect_number", "invalid_expiry_month", "invalid_expiry_year" ->
          "The card details are wrong: register the card again with the correct details.";
      case "processing_error" -> "The card could not be processed: try again in a few minutes, or use another card.";
      case "lost_card", "stolen_card", "pickup_card", "fraudulent" ->
          "The card cannot be used: use another card.";
      default -> "Use another card, or ask your bank why the card was declined.";
    };
  }

}
