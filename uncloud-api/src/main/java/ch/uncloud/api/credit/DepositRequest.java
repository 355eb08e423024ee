package ch.uncloud.api.credit;

import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.Money;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Username;
import java.util.Objects;

/**
 * Money paid into a user's account (cash at the desk, a card top-up, a transfer).
 *
 * @param service the service that books it; {@link #CASHIER} unless a service credits its own users
 * @param user the user credited
 * @param amount the amount, positive
 * @param comment the booking text, required
 * @param idempotencyKey the caller's key for safe retries, or {@code null}
 */
public record DepositRequest(ServiceName service, Username user, Money amount, String comment,
    IdempotencyKey idempotencyKey) {

  /** The service deposits are booked under by default; its owners may deposit to any account. */
  public static final ServiceName CASHIER = ServiceName.of("deposits");

  /**
   * Checks the components; each is described with the record.
   *
   * @param service the service that books it; {@link #CASHIER} unless a service credits its own users
   * @param user the user credited
   * @param amount the amount, positive
   * @param comment the booking text, required
   * @param idempotencyKey the caller's key for safe retries, or {@code null}
   */
  public DepositRequest {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(amount, "amount");
  }

  /**
   * @param user the user name
   * @param amount the amount, e.g. {@code "20.00"}
   * @param currency the currency code
   * @param comment the booking text
   * @return a deposit booked under {@link #CASHIER}
   */
  public static DepositRequest of(String user, String amount, String currency, String comment) {
    return new DepositRequest(CASHIER, Username.of(user), Money.of(amount, currency), comment, null);
  }

  /**
   * @param key the caller's idempotency key
   * @return a copy with that key
   */
  public DepositRequest withIdempotencyKey(String key) {
    return new DepositRequest(service, user, amount, comment, IdempotencyKey.of(key));
  }
}
