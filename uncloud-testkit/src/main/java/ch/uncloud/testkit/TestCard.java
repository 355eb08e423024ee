package ch.uncloud.testkit;

import java.util.Map;
import java.util.Optional;

/**
 * The test payment methods Stripe's test mode knows (for example {@code pm_card_visa}) and how each
 * behaves when saved with a SetupIntent and when charged off-session, as {@link InMemoryPaymentGateway}
 * plays them. The Stripe test server ({@code ch.uncloud.testservers.stripe.TestCard}) keeps the same
 * table, since the testkit and the test servers may not depend on each other; uncloud-stripe's tests
 * check that the two agree.
 *
 * @param name the test payment method, e.g. {@code pm_card_visa}
 * @param brand the card brand
 * @param last4 the last four digits of the test card number
 * @param onSetup what saving the card does
 * @param onCharge what charging it off-session does
 */
public record TestCard(String name, String brand, String last4, Outcome onSetup, Outcome onCharge) {

  /**
   * What the issuer does.
   *
   * @param kind approve, decline, or ask for authentication
   * @param code Stripe's error code, for declines
   * @param declineCode the issuer's reason, for declines
   * @param message Stripe's message, for declines
   */
  public record Outcome(Kind kind, String code, String declineCode, String message) {
    /** The issuer approves. */
    public static final Outcome OK = new Outcome(Kind.OK, null, null, null);
    /** The issuer asks for authentication. */
    public static final Outcome AUTHENTICATE = new Outcome(Kind.AUTHENTICATE, "authentication_required",
        "authentication_required", "Your card was declined. This transaction requires authentication.");

    /**
     * @param code Stripe's error code
     * @param declineCode the issuer's reason
     * @param message Stripe's message
     * @return a decline
     */
    public static Outcome decline(String code, String declineCode, String message) {
      return new Outcome(Kind.DECLINE, code, declineCode, message);
    }
  }

  /** The three things an issuer can do. */
  public enum Kind {
    /** The issuer approves. */
    OK,
    /** The issuer declines. */
    DECLINE,
    /** The issuer wants the card holder to authenticate (3-D Secure). */
    AUTHENTICATE
  }

  private static final Outcome GENERIC = Outcome.decline("card_declined", "generic_decline", "Your card was declined.");

  private static final Map<String, TestCard> CARDS = Map.ofEntries(
      card(new TestCard("pm_card_visa", "visa", "4242", Outcome.OK, Outcome.OK)),
      card(new TestCard("pm_card_mastercard", "mastercard", "4444", Outcome.OK, Outcome.OK)),
      card(new TestCard("pm_card_amex", "amex", "8431", Outcome.OK, Outcome.OK)),
      card(new TestCard("pm_card_chargeDeclined", "visa", "0002", GENERIC, GENERIC)),
      card(new TestCard("pm_card_chargeDeclinedInsufficientFunds", "visa", "9995",
          Outcome.decline("card_declined", "insufficient_funds", "Your card has insufficient funds."),
          Outcome.decline("card_declined", "insufficient_funds", "Your card has insufficient funds."))),
      card(new TestCard("pm_card_chargeDeclinedExpiredCard", "visa", "0069",
          Outcome.decline("expired_card", "expired_card", "Your card has expired."),
          Outcome.decline("expired_card", "expired_card", "Your card has expired."))),
      card(new TestCard("pm_card_chargeDeclinedProcessingError", "visa", "0119",
          Outcome.decline("processing_error", "processing_error",
              "An error occurred while processing your card. Try again in a little bit."),
          Outcome.decline("processing_error", "processing_error",
              "An error occurred while processing your card. Try again in a little bit."))),
      card(new TestCard("pm_card_chargeCustomerFail", "visa", "0341", Outcome.OK, GENERIC)),
      card(new TestCard("pm_card_authenticationRequired", "visa", "3184", Outcome.AUTHENTICATE, Outcome.AUTHENTICATE)),
      card(new TestCard("pm_card_authenticationRequiredOnSetup", "visa", "3155", Outcome.AUTHENTICATE, Outcome.OK)),
      card(new TestCard("pm_card_authenticationRequiredSetupForOffSession", "visa", "3220",
          Outcome.AUTHENTICATE, Outcome.OK)));

  private static Map.Entry<String, TestCard> card(TestCard card) {
    return Map.entry(card.name(), card);
  }

  /**
   * @param name a test payment method ({@code pm_card_visa}) or test token ({@code tok_visa})
   * @return the card, if Stripe's test mode knows the name
   */
  public static Optional<TestCard> named(String name) {
    if (name != null && name.startsWith("tok_")) {
      name = "pm_card_" + name.substring(4);
    }
    return Optional.ofNullable(CARDS.get(name));
  }
}
