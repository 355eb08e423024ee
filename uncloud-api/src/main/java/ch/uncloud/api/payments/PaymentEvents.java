package ch.uncloud.api.payments;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Username;
import ch.uncloud.api.credit.AdminSession;
import ch.uncloud.api.credit.Charge;
import java.util.List;
import java.util.Map;

/**
 * Applies what the payment provider reports on its own, through its webhook: each event at most once
 * (by its id), a succeeded card top-up as its ledger deposit (through {@link CardTopUps}, so the
 * direct call and the event book it once between them), a completed card registration as the
 * account's saved card; a failed payment is logged. Bill payments are settled by the billing run, so
 * their events change nothing here. Thread-safe; events are applied one at a time. Obtain it from
 * {@link ch.uncloud.api.Uncloud#paymentEvents()}.
 *
 * <p>Account names in events are resolved to the directory's stored spelling. A succeeded top-up for
 * an account the directory does not know books nothing: it is kept as an {@link UnappliedPayment} in
 * the ledger's store ({@link Outcome#UNAPPLIED}), listed by {@link #unappliedPayments()}, until an admin
 * applies it to the right account ({@link #applyUnapplied}). A card registration uncloud did not start
 * (or for an unknown account) is acknowledged and ignored.
 *
 * <p>An HTTP front end hands a webhook delivery to {@link #receiveWebhook} unchanged and maps the
 * outcome: every outcome is a success for the provider; a refused delivery ({@link InvalidRequestException})
 * is a client error; any other failure is a server error, so the provider delivers the event again.
 */
public interface PaymentEvents {

  /** What happened to a delivered event. */
  enum Outcome {
    /** The event was applied now. */
    APPLIED,
    /** The event had been applied before; nothing changed. */
    DUPLICATE,
    /** The event is of a type, or about an object, uncloud does not act on. */
    IGNORED,
    /** A payment for an account the directory does not know: kept, not booked, until an admin applies it. */
    UNAPPLIED
  }

  /**
   * @return whether a payment gateway is configured that receives webhooks (for Stripe: with
   *     {@code uncloud.stripe.webhook-secret}); without one, {@link #receiveWebhook} refuses every call
   */
  boolean receivesWebhooks();

  /**
   * Verifies one webhook delivery through the payment gateway and applies its event once.
   *
   * @param payload the raw request body, exactly as received
   * @param headers the request's headers (names in any case)
   * @return what happened
   * @throws InvalidRequestException ({@code webhook_signature_invalid}) if the delivery's signature is
   *     missing, wrong or too old; ({@code invalid_argument}) if it carries no event of the provider
   * @throws ConfigurationException if no payment gateway that receives webhooks is configured
   */
  Outcome receiveWebhook(String payload, Map<String, String> headers);

  /**
   * Applies an event once: a second call with the same {@link PaymentEvent#id()} changes nothing. An
   * event whose application failed (for instance, the ledger was down) is not remembered, so its
   * redelivery applies it.
   *
   * @param event a verified event
   * @return what happened
   * @throws ConfigurationException if the event needs a payment gateway and none is configured
   */
  Outcome apply(PaymentEvent event);

  /**
   * @return the payments kept because their account is not in the directory and not applied yet,
   *     oldest first (one list, kept in the ledger's store; it survives a restart)
   */
  List<UnappliedPayment> unappliedPayments();

  /**
   * {@link #unappliedPayments()} read by an admin: an owner of the cashier service ({@code deposits}),
   * who may apply them, or a reader.
   *
   * @param session an admin session
   * @return the same list as {@link #unappliedPayments()}
   * @throws ch.uncloud.api.ForbiddenException ({@code not_service_owner}) if the admin neither owns the
   *     cashier service nor is a reader
   */
  List<UnappliedPayment> unappliedPayments(AdminSession session);

  /**
   * Books a kept payment as a top-up deposit on the right account, once: applying it again to the
   * same account returns the same booking.
   *
   * @param session an admin who owns the cashier service ({@code deposits}), whose owners may credit anyone
   * @param paymentId the kept payment's id
   * @param account the account to book it on, in any spelling the directory matches
   * @return the deposit, with the account's new balance
   * @throws ch.uncloud.api.ForbiddenException ({@code not_service_owner}) if the admin does not own the cashier service
   * @throws ch.uncloud.api.NotFoundException ({@code unknown_payment}) if no such payment is kept;
   *     ({@code unknown_user}) if the account is not in the directory
   * @throws ch.uncloud.api.ConflictException ({@code already_applied}) if it was applied to another account
   */
  Charge applyUnapplied(AdminSession session, String paymentId, Username account);
}
