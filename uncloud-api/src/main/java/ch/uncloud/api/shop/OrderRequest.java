package ch.uncloud.api.shop;

import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.Username;
import java.util.Map;
import java.util.Objects;

/**
 * An order to place.
 *
 * @param account who orders
 * @param productCode the product
 * @param parameters the product's parameters (e.g. {@code cores=2})
 * @param payment how the bills will be paid
 * @param idempotencyKey the caller's key for safe retries, or {@code null}
 */
public record OrderRequest(Username account, String productCode, Map<String, String> parameters,
    PaymentChoice payment, IdempotencyKey idempotencyKey) {
  /**
   * Checks the components; each is described with the record.
   *
   * @param account who orders
   * @param productCode the product
   * @param parameters the product's parameters
   * @param payment how the bills will be paid
   * @param idempotencyKey the caller's key, or {@code null}
   */
  public OrderRequest {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(productCode, "productCode");
    parameters = Map.copyOf(parameters);
    Objects.requireNonNull(payment, "payment");
  }

  /**
   * @param account who orders
   * @param productCode the product
   * @param parameters its parameters
   * @return a request paid from the prepaid balance, without an idempotency key
   */
  public static OrderRequest of(String account, String productCode, Map<String, String> parameters) {
    return new OrderRequest(Username.of(account), productCode, parameters, PaymentChoice.BALANCE, null);
  }

  /**
   * @param choice how the bills will be paid
   * @return a copy paid that way
   */
  public OrderRequest payingBy(PaymentChoice choice) {
    return new OrderRequest(account, productCode, parameters, choice, idempotencyKey);
  }

  /**
   * @param key the caller's idempotency key
   * @return a copy with that key
   */
  public OrderRequest withIdempotencyKey(String key) {
    return new OrderRequest(account, productCode, parameters, payment, IdempotencyKey.of(key));
  }
}
