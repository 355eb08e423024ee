package ch.uncloud.stripe;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.ConflictException;
import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.PaymentException;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.UncloudException;
import ch.uncloud.api.payments.CardDeclinedException;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;

/**
 * Turns stripe-java's exceptions into uncloud's, with messages that say what the card holder or the
 * operator should do. Messages never carry the API key (Stripe's own 401 message, which names a
 * masked key, is not copied).
 */
final class StripeErrors {
  private StripeErrors() {}

  /**
   * @param e what stripe-java threw
   * @param doing what uncloud was doing, e.g. "charging payment p-1"
   * @return the uncloud exception to throw
   */
  static UncloudException map(StripeException e, String doing) {
    String request = e.getRequestId() == null ? "" : " (Stripe request " + e.getRequestId() + ")";
    if (e instanceof CardException card) {
      return card(card.getCode(), card.getDeclineCode(), doing, e);
    }
    if (e instanceof RateLimitException) {
      return new ProviderUnavailableException(ErrorCodes.PAYMENT_RATE_LIMITED, "Stripe is limiting uncloud's request rate while " + doing
          + request + "; nothing was charged. Retry in a few seconds; if it persists, lower the number of "
          + "concurrent payment calls.", e);
    }
    if (e instanceof PermissionException) { // a subclass of AuthenticationException: test it first
      return new ConfigurationException(ErrorCodes.PAYMENT_PROVIDER_CREDENTIALS, "Stripe says uncloud's API key may not do this while " + doing
          + request + ". If uncloud.stripe.secret-key is a restricted key (rk_...), grant it write access to "
          + "customers, payment methods, setup intents, payment intents and refunds.", e);
    }
    if (e instanceof AuthenticationException) {
      return new ConfigurationException(ErrorCodes.PAYMENT_PROVIDER_CREDENTIALS, "Stripe refused uncloud's API key while " + doing + request
          + ". An operator must check uncloud.stripe.secret-key: it must refer to a valid secret key (sk_...) of "
          + "the right Stripe account and mode.", e);
    }
    if (e instanceof IdempotencyException) {
      return new ConflictException(ErrorCodes.IDEMPOTENCY_CONFLICT, "Stripe already saw this idempotency key with other parameters while "
          + doing + request + ": an id was reused for a different request. Use a new id.", e);
    }
    if (e instanceof ApiConnectionException) {
      return new ProviderUnavailableException(ErrorCodes.PAYMENT_PROVIDER_UNREACHABLE, "Stripe could not be reached or did not answer in time while "
          + doing + ". Check the network path to Stripe (or uncloud.stripe.api-base) and retry.", e);
    }
    if (e instanceof InvalidRequestException && "amount_too_small".equals(e.getCode())) {
      return new ch.uncloud.api.InvalidRequestException(ErrorCodes.AMOUNT_BELOW_PROVIDER_MINIMUM, "Stripe does not "
          + "charge an amount this small while " + doing + ": " + safeMessage(e) + request + ". Nothing was charged; "
          + "ask for at least Stripe's minimum in this currency (0.50 CHF, 0.50 EUR, 0.50 USD, 0.30 GBP).", e);
    }
    if (e instanceof InvalidRequestException) {
      return new ch.uncloud.api.InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "Stripe rejected the request while " + doing + ": "
          + safeMessage(e) + request, e);
    }
    return new ProviderUnavailableException("Stripe answered with an error (HTTP " + e.getStatusCode() + ") while "
        + doing + request + ". Retry later; if it persists, check Stripe's status page.", e);
  }

  /**
   * @param code Stripe's error code, e.g. {@code card_declined}
   * @param declineCode the issuer's reason, may be {@code null}
   * @param doing what uncloud was doing
   * @param cause the vendor exception, or {@code null}
   * @return a decline or an authentication demand
   */
  static UncloudException card(String code, String declineCode, String doing, Throwable cause) {
    if ("authentication_required".equals(code) || "authentication_required".equals(declineCode)) {
      return new PaymentException(ErrorCodes.CARD_AUTHENTICATION_REQUIRED, "The card holder's bank wants them to confirm this payment "
          + "(3-D Secure), which cannot happen while they are away (" + doing + "). Ask them to pay once while "
          + "present, or to register the card again.", cause);
    }
    String reason = declineCode != null ? declineCode : code;
    return new CardDeclinedException("The card was declined (" + reason + ") while " + doing + ". "
        + CardDeclinedException.adviceFor(reason), reason, cause);
  }

  private static String safeMessage(StripeException e) {
    String message = e.getStripeError() != null ? e.getStripeError().getMessage() : null;
    if (message == null) {
      return "no details";
    }
    return message.replaceAll("(sk|rk|pk)_(test|live)_[A-Za-z0-9*]+", "$1_$2_****");
  }
}
