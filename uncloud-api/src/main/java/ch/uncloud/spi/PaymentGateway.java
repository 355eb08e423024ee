package ch.uncloud.spi;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.ConflictException;
import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.PaymentException;
import ch.uncloud.api.Username;
import ch.uncloud.api.payments.CardSetup;
import ch.uncloud.api.payments.Payment;
import ch.uncloud.api.payments.PaymentEvent;
import ch.uncloud.api.payments.PaymentMethod;
import ch.uncloud.api.payments.PaymentRequest;
import ch.uncloud.api.payments.RefundRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cards and card payments. Card data never passes through uncloud: registration hands a client
 * secret to the front end, which confirms the card with the provider's own widget. Implementations
 * are thread-safe; every charging call is idempotent on uncloud's own ids.
 *
 * <p>Failures are uncloud exceptions: {@link ch.uncloud.api.payments.CardDeclinedException},
 * {@link ch.uncloud.api.PaymentException} ({@code card_authentication_required}) and
 * {@link ch.uncloud.api.PaymentException} ({@code no_payment_method}) (the holder must act),
 * {@link ch.uncloud.api.ProviderUnavailableException} ({@code payment_rate_limited}) and
 * {@link ch.uncloud.api.ProviderUnavailableException} ({@code payment_provider_unreachable}) (retry later),
 * {@link ch.uncloud.api.ConfigurationException} ({@code payment_provider_credentials}) (an operator must fix the key).
 */
public interface PaymentGateway extends AutoCloseable {

  /**
   * Starts registering a card for off-session use.
   *
   * @param account the card holder
   * @return the setup to confirm in the front end
   */
  CardSetup startCardSetup(Username account);

  /**
   * Starts registering a card for off-session use, once per account and key: the same account and
   * key return the same setup (a retry after a lost answer starts no second one).
   *
   * @param account the card holder
   * @param key the caller's key for this registration
   * @return the setup to confirm in the front end
   */
  CardSetup startCardSetup(Username account, IdempotencyKey key);

  /**
   * @return the provider's public key the front end loads its card widget with (Stripe's
   *     {@code pk_...}), if the provider has one; empty unless overridden
   */
  default Optional<String> publishableKey() {
    return Optional.empty();
  }

  /**
   * Finishes a card registration after the front end confirmed it: the card is saved for the account
   * and becomes its default if it has none yet. Idempotent: completing the same setup again returns
   * the same card.
   *
   * @param account the card holder
   * @param setupId the id from {@link #startCardSetup(Username)}
   * @return the saved card
   * @throws NotFoundException ({@code unknown_card_setup}) if the setup is unknown or another account's
   * @throws ch.uncloud.api.payments.CardDeclinedException if the issuer declined the card
   * @throws PaymentException ({@code card_setup_incomplete}) if the holder has not finished it yet
   */
  PaymentMethod completeCardSetup(Username account, String setupId);

  /**
   * @param account the card holder
   * @return the saved cards, the default one marked
   */
  List<PaymentMethod> paymentMethods(Username account);

  /**
   * @param account the card holder
   * @param paymentMethodId one of the account's saved cards
   * @throws NotFoundException ({@code unknown_payment_method}) if it is not one of them
   */
  void setDefaultPaymentMethod(Username account, String paymentMethodId);

  /**
   * Removes a saved card; if it was the default, the account has no default afterwards.
   *
   * @param account the card holder
   * @param paymentMethodId one of the account's saved cards
   * @throws NotFoundException ({@code unknown_payment_method}) if it is not one of them
   */
  void removePaymentMethod(Username account, String paymentMethodId);

  /**
   * Charges the account's default card off-session. Calling again with the same payment id returns
   * the first outcome (or throws the first failure again) and never charges twice; an earlier
   * {@link ch.uncloud.api.payments.PaymentStatus#UNKNOWN} outcome is resolved by looking the payment up.
   *
   * @param request what to charge
   * @return the payment; {@link ch.uncloud.api.payments.PaymentStatus#UNKNOWN} if no answer came back
   * @throws ch.uncloud.api.PaymentException if the card was declined or needs authentication
   * @throws ConflictException ({@code idempotency_conflict}) if the payment id was used for another amount
   */
  Payment charge(PaymentRequest request);

  /**
   * @param account who paid
   * @param paymentId uncloud's id of a payment
   * @return the payment's current state, looked up at the provider; empty if the provider never saw it
   */
  Optional<Payment> findPayment(Username account, String paymentId);

  /**
   * Refunds all or part of a succeeded payment; idempotent on the refund id.
   *
   * @param request what to refund
   * @return the payment with its new refunded total
   * @throws NotFoundException ({@code unknown_payment}) if the payment is unknown
   * @throws InvalidRequestException ({@code refund_exceeds_payment}) if more than the unrefunded rest is asked for
   */
  Payment refund(RefundRequest request);

  /**
   * @return whether this gateway can verify webhook deliveries (it holds their signing secret);
   *     {@code false} unless overridden
   */
  default boolean receivesWebhooks() {
    return false;
  }

  /**
   * Verifies one webhook delivery (its signature and age, as the provider defines them) and reads
   * the event it carries. Applies nothing: the core applies the event, once per event id
   * ({@link ch.uncloud.api.payments.PaymentEvents}). Events uncloud does not act on (other types,
   * objects it did not create) come back as {@link PaymentEvent.Type#OTHER}.
   *
   * @param payload the raw request body, exactly as received
   * @param headers the request's headers; names are matched without regard to case
   * @return the event
   * @throws InvalidRequestException ({@code webhook_signature_invalid}) if the signature is missing,
   *     wrong or too old; ({@code invalid_argument}) if the body is not an event of this provider
   * @throws ConfigurationException if this gateway receives no webhooks ({@link #receivesWebhooks()}
   *     is {@code false}); the default does so
   */
  default PaymentEvent verifyWebhook(String payload, Map<String, String> headers) {
    throw new ConfigurationException("this payment gateway (" + getClass().getSimpleName() + ") receives no "
        + "webhooks: configure its webhook signing secret, or do not route webhook calls to it");
  }

  /** Releases connections. Idempotent. */
  @Override
  void close();
}
