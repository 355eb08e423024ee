package ch.uncloud.api.credit;

import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Money;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Username;
import java.util.Objects;

/**
 * A charge to book: amount X to user U for service S, with a booking text.
 *
 * @param service the booking service
 * @param user the user charged
 * @param amount the amount, positive, in the service's currency
 * @param comment the booking text, required
 * @param idempotencyKey the caller's key for safe retries, or {@code null}
 */
public record ChargeRequest(ServiceName service, Username user, Money amount, String comment,
    IdempotencyKey idempotencyKey) {

  /**
   * Checks the components; each is described with the record.
   *
   * @param service the booking service
   * @param user the user charged
   * @param amount the amount, positive, in the service's currency
   * @param comment the booking text, required
   * @param idempotencyKey the caller's key for safe retries, or {@code null}
   */
  public ChargeRequest {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(amount, "amount");
  }

  /**
   * Builds a request from the texts a REST call or lab software passes, parsing strictly.
   *
   * @param service the service name
   * @param user the user name
   * @param amount the amount, e.g. {@code "10.50"}
   * @param currency the currency code, e.g. {@code "CHF"}
   * @param comment the booking text
   * @return the request, without an idempotency key
   * @throws InvalidRequestException if a name, amount or currency is malformed
   */
  public static ChargeRequest of(String service, String user, String amount, String currency, String comment) {
    return new ChargeRequest(ServiceName.of(service), Username.of(user), Money.of(amount, currency), comment, null);
  }

  /**
   * @param key the caller's idempotency key
   * @return a copy with that key
   */
  public ChargeRequest withIdempotencyKey(String key) {
    return new ChargeRequest(service, user, amount, comment, IdempotencyKey.of(key));
  }
}
