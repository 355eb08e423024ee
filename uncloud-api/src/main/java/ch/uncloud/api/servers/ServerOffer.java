package ch.uncloud.api.servers;

import ch.uncloud.api.Money;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/**
 * A server plan a hosting provider sells. Prices are exact and may carry more decimals than the
 * currency (providers price to 8 decimals); they become {@link Money} only when billed.
 *
 * @param planCode the provider's plan code, e.g. {@code 24ska01}
 * @param family the product family, e.g. {@code kimsufi}
 * @param description a human-readable description
 * @param memoryGb main memory in GB, or 0 if unknown
 * @param monthlyPrice the monthly price without tax
 * @param currency the price's currency
 */
public record ServerOffer(String planCode, String family, String description, int memoryGb,
    BigDecimal monthlyPrice, Currency currency) {
  /**
   * Checks the components; each is described with the record.
   *
   * @param planCode the provider's plan code, e.g. {@code 24ska01}
   * @param family the product family, e.g. {@code kimsufi}
   * @param description a human-readable description
   * @param memoryGb main memory in GB, or 0 if unknown
   * @param monthlyPrice the monthly price without tax
   * @param currency the price's currency
   */
  public ServerOffer {
    Objects.requireNonNull(planCode, "planCode");
    Objects.requireNonNull(monthlyPrice, "monthlyPrice");
    Objects.requireNonNull(currency, "currency");
  }
}
