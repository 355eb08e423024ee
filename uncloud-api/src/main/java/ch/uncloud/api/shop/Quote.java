package ch.uncloud.api.shop;

import ch.uncloud.api.Money;
import java.util.Map;
import java.util.Objects;

/**
 * What an order of a product with given parameters costs.
 *
 * @param product the product's code
 * @param parameters the checked parameters
 * @param oneTime the one-time fee
 * @param monthly the recurring monthly price (before any "free with" rule)
 */
public record Quote(String product, Map<String, String> parameters, Money oneTime, Money monthly) {
  /**
   * Checks the components; each is described with the record.
   *
   * @param product the product's code
   * @param parameters the checked parameters
   * @param oneTime the one-time fee
   * @param monthly the recurring monthly price
   */
  public Quote {
    Objects.requireNonNull(product, "product");
    parameters = Map.copyOf(parameters);
    Objects.requireNonNull(oneTime, "oneTime");
    Objects.requireNonNull(monthly, "monthly");
  }
}
