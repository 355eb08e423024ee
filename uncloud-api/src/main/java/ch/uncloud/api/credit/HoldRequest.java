package ch.uncloud.api.credit;

import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.Money;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Username;
import java.time.Duration;
import java.util.Objects;

/**
 * A reservation to make before metered work starts: up to {@code amount} for user U at service S,
 * released by itself after {@code expiresIn} unless captured or released before.
 *
 * @param service the booking service
 * @param user the user whose credit is reserved
 * @param amount the most the work may cost, positive, in the service's currency
 * @param expiresIn how long the hold stays open, positive
 * @param comment what the hold is for (the capture's booking text defaults to it)
 * @param idempotencyKey the caller's key for safe retries, or {@code null}
 */
public record HoldRequest(ServiceName service, Username user, Money amount, Duration expiresIn, String comment,
    IdempotencyKey idempotencyKey) {

  /**
   * Checks the components; each is described with the record.
   *
   * @param service the booking service
   * @param user the user whose credit is reserved
   * @param amount the most the work may cost, positive, in the service's currency
   * @param expiresIn how long the hold stays open, positive
   * @param comment what the hold is for
   * @param idempotencyKey the caller's key for safe retries, or {@code null}
   */
  public HoldRequest {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(expiresIn, "expiresIn");
  }

  /**
   * @param key the caller's idempotency key
   * @return a copy with that key
   */
  public HoldRequest withIdempotencyKey(String key) {
    return new HoldRequest(service, user, amount, expiresIn, comment, IdempotencyKey.of(key));
  }
}
