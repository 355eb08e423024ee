package ch.uncloud.api.shop;

import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.Money;
import ch.uncloud.api.Username;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An order of the shop: immutable once placed, except that its end is set once (by a cancel or a
 * replacing order). The prices are those at ordering time.
 *
 * @param id the order's id
 * @param account who ordered
 * @param productCode the product
 * @param parameters the checked parameters
 * @param oneTime the one-time fee
 * @param monthly the monthly price
 * @param payment how its bills are paid
 * @param startsAt when it starts
 * @param end when it ends, or {@code null} while open-ended
 * @param minimumEnd the earliest end a cancel can set (one period after the start)
 * @param replaces the order this one replaced (an upgrade or downgrade), or {@code null}
 * @param idempotencyKey the caller's key, or {@code null}
 * @param placedAt when it was placed
 */
public record Order(String id, Username account, String productCode, Map<String, String> parameters,
    Money oneTime, Money monthly, PaymentChoice payment, Instant startsAt, Instant end, Instant minimumEnd,
    String replaces, IdempotencyKey idempotencyKey, Instant placedAt) {

  /**
   * Checks the components; each is described with the record.
   *
   * @param id the order's id
   * @param account who ordered
   * @param productCode the product
   * @param parameters the checked parameters
   * @param oneTime the one-time fee
   * @param monthly the monthly price
   * @param payment how its bills are paid
   * @param startsAt when it starts
   * @param end when it ends, or {@code null}
   * @param minimumEnd the earliest end a cancel can set
   * @param replaces the replaced order, or {@code null}
   * @param idempotencyKey the caller's key, or {@code null}
   * @param placedAt when it was placed
   */
  public Order {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(productCode, "productCode");
    parameters = Map.copyOf(parameters);
    Objects.requireNonNull(oneTime, "oneTime");
    Objects.requireNonNull(monthly, "monthly");
    Objects.requireNonNull(payment, "payment");
    Objects.requireNonNull(startsAt, "startsAt");
    Objects.requireNonNull(minimumEnd, "minimumEnd");
    Objects.requireNonNull(placedAt, "placedAt");
  }

  /** @return when the order ends, if it is cancelled or replaced */
  public Optional<Instant> endsAt() {
    return Optional.ofNullable(end);
  }

  /**
   * @param instant a point in time
   * @return whether the order runs at that instant (start inclusive, end exclusive)
   */
  public boolean activeAt(Instant instant) {
    return !instant.isBefore(startsAt) && (end == null || instant.isBefore(end));
  }

  /**
   * @param newEnd the end to set
   * @return a copy ending then
   */
  public Order endingAt(Instant newEnd) {
    return new Order(id, account, productCode, parameters, oneTime, monthly, payment, startsAt, newEnd,
        minimumEnd, replaces, idempotencyKey, placedAt);
  }
}
