package ch.uncloud.api.payments;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.PaymentException;
import ch.uncloud.api.Username;
import java.util.List;

/**
 * A person's saved cards, whatever the payment provider: register one (start, confirm in the
 * provider's widget, complete), list them, choose the default that card payments charge, remove one.
 * uncloud keeps only the provider's ids, the brand, the last four digits and the expiry, never card
 * data. Each call acts on the given person's own cards only: another person's card or registration is
 * reported exactly like a missing one. Thread-safe. Obtain it from {@link ch.uncloud.api.Uncloud#cards()}.
 *
 * <p>Every method throws {@link ConfigurationException} if no payment gateway is configured, and the
 * provider's failures described with {@link ch.uncloud.spi.PaymentGateway}.
 */
public interface Cards {
  /** Where a person registers a card, for messages that ask them to: the HTTP route and the command. */
  String HOW_TO_REGISTER = "register one with POST /api/v1/cards (or: uncloud cards register --user NAME)";

  /**
   * Starts registering a card. Idempotent on the key: the same person and key return the same
   * registration, so a retry after a lost answer starts no second one.
   *
   * @param user the card holder
   * @param key the caller's key for this registration
   * @return the registration to confirm in the provider's widget
   */
  CardRegistration start(Username user, IdempotencyKey key);

  /**
   * Finishes a registration the card holder confirmed: the card is saved and becomes the default if
   * the person has none yet. Completing the same registration again returns the same card.
   *
   * @param user the card holder
   * @param setupId the registration's {@link CardRegistration#setupId()}
   * @return the saved card
   * @throws NotFoundException ({@code unknown_card_setup}) if the registration is not the person's own
   * @throws CardDeclinedException if the issuer declined the card
   * @throws PaymentException ({@code card_setup_incomplete}) if the card holder has not confirmed it yet
   */
  PaymentMethod complete(Username user, String setupId);

  /**
   * @param user the card holder
   * @return the person's saved cards, the default one marked; empty if none
   */
  List<PaymentMethod> list(Username user);

  /**
   * Makes one of the person's cards the one card payments charge.
   *
   * @param user the card holder
   * @param cardId the card's {@link PaymentMethod#id()}
   * @return the person's cards afterwards
   * @throws NotFoundException ({@code unknown_payment_method}) if it is not one of the person's cards
   */
  List<PaymentMethod> makeDefault(Username user, String cardId);

  /**
   * Removes one of the person's cards; if it was the default, card payments fail until another is
   * made the default.
   *
   * @param user the card holder
   * @param cardId the card's {@link PaymentMethod#id()}
   * @return the person's cards afterwards
   * @throws NotFoundException ({@code unknown_payment_method}) if it is not one of the person's cards
   */
  List<PaymentMethod> remove(Username user, String cardId);
}
